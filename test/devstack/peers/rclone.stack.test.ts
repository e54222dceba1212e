import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { startSignedInStack, type SignedInStack } from '../../main/helpers/signed-in-stack';

const run = promisify(execFile);
const RCLONE = '/usr/bin/rclone';
const haveRclone = existsSync(RCLONE);

/**
 * rclone, a client people use against real S3 every day, against the emulator:
 * what it sends must be understood as S3 would (the emulator is what makes the
 * app's tests and the benchmark's comparisons mean something). Its multipart
 * uploads used to fail with InvalidPart: Go's XML encoder writes the quotes of
 * each part's ETag as &#34;, which the emulator's parser did not decode.
 */
describe.runIf(haveRclone || process.env.CI)('rclone against the local stack', () => {
  let env: SignedInStack;
  let remote: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await startSignedInStack('rclone');
    const credentials = await env.s3().config.credentials();
    // An on-the-fly remote named "desk", from the session's own temporary credentials.
    // Nothing of this machine's AWS settings (a CA bundle, a profile) may change what rclone does.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|RCLONE_)/.test(name)));
    remote = {
      ...inherited,
      RCLONE_CONFIG_DESK_TYPE: 's3',
      RCLONE_CONFIG_DESK_PROVIDER: 'Other',
      RCLONE_CONFIG_DESK_ENDPOINT: env.stack.info.awsEndpoint,
      RCLONE_CONFIG_DESK_REGION: env.stack.info.region,
      RCLONE_CONFIG_DESK_ACCESS_KEY_ID: credentials.accessKeyId,
      RCLONE_CONFIG_DESK_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      RCLONE_CONFIG_DESK_SESSION_TOKEN: credentials.sessionToken,
      RCLONE_CONFIG_DESK_FORCE_PATH_STYLE: 'true',
      // "Other" providers default to ListObjects v1, which the emulator answers with NotImplemented (only v2 is emulated).
      RCLONE_CONFIG_DESK_LIST_VERSION: '2',
    };
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  const rclone = (...args: string[]) => run(RCLONE, [...args, '--s3-no-check-bucket', '--retries', '1', '--low-level-retries', '1'], { env: remote, maxBuffer: 16 * 1024 * 1024 });

  it('uploads a 12 MiB file in 5 MiB parts, and the object is byte-identical', async () => {
    const file = join(env.dir, 'twelve.bin');
    const bytes = randomBytes(12 * 1024 * 1024);
    writeFileSync(file, bytes);
    const key = `${env.home}rclone/twelve.bin`;
    const completedBefore = env.stack.emulator.controls.callCounts().CompleteMultipartUpload ?? 0;
    await rclone('copyto', file, `desk:${PRIVATE_BUCKET}/${key}`, '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M');
    expect((await env.objectBytes(PRIVATE_BUCKET, key)).equals(bytes)).toBe(true);
    expect(env.stack.emulator.controls.callCounts().CompleteMultipartUpload).toBe(completedBefore + 1);
  });

  it('lists and downloads what it uploaded', async () => {
    const { stdout } = await rclone('lsf', `desk:${PRIVATE_BUCKET}/${env.home}rclone/`);
    expect(stdout.split('\n')).toContain('twelve.bin');
    const local = join(env.dir, 'back.bin');
    await rclone('copyto', `desk:${PRIVATE_BUCKET}/${env.home}rclone/twelve.bin`, local);
    expect(existsSync(local)).toBe(true);
  });
});
