import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { startSignedInStack, type SignedInStack } from '../../main/helpers/signed-in-stack';

const run = promisify(execFile);
/** Debian's AWS CLI v2, by path: a pip `aws` 1.x earlier on PATH must not stand in for it. */
const AWS = '/usr/bin/aws';
const haveAws = existsSync(AWS);

/**
 * The AWS CLI, the tool most people would reach for instead of S3 Desk,
 * against the emulator: `npm run bench` compares the app with it, which
 * only means something if the emulator answers it as S3 would — its
 * multipart uploads (above its 8 MiB threshold, in 8 MiB parts, ten
 * requests in flight), its downloads, and its delimiter listings.
 */
describe.runIf(haveAws || process.env.CI)('the AWS CLI against the local stack', () => {
  let env: SignedInStack;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await startSignedInStack('aws-cli');
    const credentials = await env.s3().config.credentials();
    // Nothing of this machine's AWS settings (a profile, a CA bundle, a config file) may change what the CLI does.
    // With an IP address for an endpoint, it addresses buckets by path without being told.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|RCLONE_)/.test(name)));
    const config = join(env.dir, 'aws-config');
    const shared = join(env.dir, 'aws-credentials');
    writeFileSync(config, '');
    writeFileSync(shared, '');
    cliEnv = {
      ...inherited,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: shared,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_DEFAULT_REGION: env.stack.info.region,
      AWS_PAGER: '',
    };
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  const aws = (...args: string[]) =>
    run(AWS, [...args, '--endpoint-url', env.stack.info.awsEndpoint, '--no-cli-pager'], { env: cliEnv, maxBuffer: 16 * 1024 * 1024 });

  it('uploads a 12 MiB file in parts (above its 8 MiB threshold), and the object is byte-identical', async () => {
    const file = join(env.dir, 'twelve.bin');
    const bytes = randomBytes(12 * 1024 * 1024);
    writeFileSync(file, bytes);
    const key = `${env.home}aws-cli/twelve.bin`;
    const completedBefore = env.stack.emulator.controls.callCounts().CompleteMultipartUpload ?? 0;
    await aws('s3', 'cp', file, `s3://${PRIVATE_BUCKET}/${key}`, '--no-progress');
    expect((await env.objectBytes(PRIVATE_BUCKET, key)).equals(bytes)).toBe(true);
    expect(env.stack.emulator.controls.callCounts().CompleteMultipartUpload).toBe(completedBefore + 1);
  });

  it('downloads it back byte-identical', async () => {
    const local = join(env.dir, 'back.bin');
    await aws('s3', 'cp', `s3://${PRIVATE_BUCKET}/${env.home}aws-cli/twelve.bin`, local, '--no-progress');
    expect(readFileSync(local).equals(readFileSync(join(env.dir, 'twelve.bin')))).toBe(true);
  });

  it('lists a folder one level down, folders as PRE', async () => {
    await env.bulkInsert(PRIVATE_BUCKET, [`${env.home}aws-cli/notes/a.txt`, `${env.home}aws-cli/small.txt`]);
    const { stdout } = await aws('s3', 'ls', `s3://${PRIVATE_BUCKET}/${env.home}aws-cli/`);
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    expect(lines.some((line) => /^\s+PRE notes\/$/.test(line))).toBe(true);
    expect(lines.some((line) => / 12582912 twelve\.bin$/.test(line))).toBe(true);
    expect(lines.some((line) => / small\.txt$/.test(line))).toBe(true);
    expect(lines).toHaveLength(3);
  });
});
