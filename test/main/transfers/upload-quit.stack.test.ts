import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { createServices, type Services } from '../../../main/create-services';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import type { PendingUpload } from '../../../main/transfers/upload-registry';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';
import type { UploadUntilKilled } from '../helpers/upload-until-killed';

const MIB = 1024 * 1024;

/** An upload another account of this computer left behind: only its own identity may abort it. */
const SOMEONE_ELSES: PendingUpload = {
  uploadId: 'someone-elses-upload',
  bucket: PRIVATE_BUCKET,
  key: 'us-east-1:00000000-0000-0000-0000-000000000000/report.pdf',
  owner: 'us-east-1:00000000-0000-0000-0000-000000000000',
  file: { path: '/somewhere/report.pdf', size: 9 * MIB, modifiedMs: 1 },
  createdAt: 1,
};

describe('the app quits mid-upload (killed, nothing of its shutdown runs)', () => {
  let env: SignedInStack;
  let nextLaunch: Services | undefined;
  /** The first run, killed mid-upload (and killed here too if the test fails before that). */
  let app: ChildProcess | undefined;
  let registryPath: string;
  const controls = () => env.stack.emulator.controls;
  const registered = (): PendingUpload[] =>
    existsSync(registryPath) ? (JSON.parse(readFileSync(registryPath, 'utf8')) as { uploads: PendingUpload[] }).uploads : [];

  beforeAll(async () => {
    env = await startSignedInStack('upload-quit');
    registryPath = join(env.dir, 'userData', 'uploads.json');
    mkdirSync(join(env.dir, 'userData'));
    writeFileSync(registryPath, JSON.stringify({ version: 1, uploads: [SOMEONE_ELSES] }));
  });
  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    nextLaunch?.dispose();
    await env?.close();
  });

  it('leaves its multipart upload open; the next launch aborts it as soon as that identity signs in, and no other', async () => {
    const file = join(env.dir, 'local', 'holiday.mp4');
    mkdirSync(join(env.dir, 'local'));
    writeFileSync(file, randomBytes(20 * MIB)); // three 8 MiB parts
    const prefix = `${env.home}quit/`;
    const key = `${prefix}holiday.mp4`;
    // Parts are slow, so the upload is surely unfinished when the app is killed.
    controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 2_000 });

    // First run: start the upload, and be killed once S3 has created it.
    const setup: UploadUntilKilled = {
      backendUrl: env.stack.info.backendUrl,
      awsEndpoint: env.stack.info.awsEndpoint,
      username: env.stack.info.demoUser.username,
      password: env.stack.info.demoUser.password,
      settingsPath: join(env.dir, 'first-run-settings.json'),
      uploadRegistryPath: registryPath,
      bucket: PRIVATE_BUCKET,
      prefix,
      file,
    };
    app = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/upload-until-killed.ts')], {
      env: { ...process.env, S3DESK_UPLOAD_UNTIL_KILLED: JSON.stringify(setup) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => app!.on('exit', resolve));
    // The UploadId is written down before any part is sent.
    await expect
      .poll(() => (app!.exitCode === null ? registered().map((entry) => entry.key) : output), { timeout: 30_000, interval: 50 })
      .toEqual([SOMEONE_ELSES.key, key]);
    app.kill('SIGKILL');
    await exited;

    // The orphan: S3 still holds the unfinished upload (seen in the emulator's state; the role cannot list uploads).
    expect(await env.openMultipartUploads(env.home)).toEqual([key]);
    const [, orphan] = registered();
    expect(orphan).toMatchObject({ bucket: PRIVATE_BUCKET, key, owner: env.stack.info.demoUser.identityId, file: { path: file, size: 20 * MIB } });
    expect(env.stack.emulator.uploads.list(PRIVATE_BUCKET, key).map((upload) => upload.uploadId)).toEqual([orphan!.uploadId]);

    // Next launch: the same registry file; signing in is all it takes.
    controls().faults.clear();
    controls().resetStats();
    nextLaunch = await createServices({
      secrets: new MemorySecretStore(),
      settingsPath: join(env.dir, 'next-run-settings.json'),
      awsEndpoint: env.stack.info.awsEndpoint,
      uploadRegistryPath: registryPath,
    });
    await nextLaunch.session.signIn(env.stack.info.backendUrl, env.stack.info.demoUser.username, env.stack.info.demoUser.password);
    await expect.poll(() => env.openMultipartUploads(env.home), { timeout: 10_000, interval: 20 }).toEqual([]);
    await nextLaunch.transfers.whenIdle();

    // Aborted by its UploadId, never found by listing; someone else's entry is left for their own sign-in.
    expect(controls().callCounts()).toMatchObject({ AbortMultipartUpload: 1 });
    expect(controls().callCounts().ListMultipartUploads).toBeUndefined();
    expect(registered()).toEqual([SOMEONE_ELSES]);
    // Nothing half-made appeared, and the user sees no leftover transfer.
    await expect(env.s3().send(new HeadObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(nextLaunch.transfers.list()).toEqual([]);
  }, 60_000);
});
