import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { TransferJob } from '../../../common/ipc';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { TransferService } from '../../../main/transfers/transfer-service';
import { UploadRegistry } from '../../../main/transfers/upload-registry';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

const MIB = 1024 * 1024;

describe('uploads against the local stack', () => {
  let env: SignedInStack;
  let transfers: TransferService;
  /** The service's registry of UploadIds, in a file as in the app. */
  let registry: UploadRegistry;
  let local: string;
  /** What the upload dialog answers next. */
  let picked: string[] | null = null;
  const controls = () => env.stack.emulator.controls;
  const calls = () => controls().callCounts();

  const job = (id: string) => transfers.list().find((candidate) => candidate.id === id)!;
  const finished = async (id: string, timeout = 30_000): Promise<TransferJob> => {
    await expect.poll(() => job(id).status, { timeout, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
    await transfers.whenIdle();
    return job(id);
  };
  const headKey = (bucket: string, key: string) => env.s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  };

  beforeAll(async () => {
    env = await startSignedInStack('uploads');
    local = join(env.dir, 'local');
    registry = new UploadRegistry({ path: join(env.dir, 'userData', 'uploads.json') });
    transfers = new TransferService({
      clients: env.services.clients,
      dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => picked },
      reveal: () => {},
      partSizeBytes: 5 * MIB,
      queueSize: 2,
      uploadRegistry: registry,
    });
  });
  afterEach(() => {
    controls().faults.clear();
    controls().setLifetimes({ credentialLifetimeSeconds: 3600 });
    env.setClockOffset(0);
  });
  afterAll(async () => {
    transfers?.dispose();
    await env?.close();
  });

  describe('a folder', () => {
    const target = () => `${env.home}up/`;
    const photos = () => join(local, 'photos');

    beforeAll(() => {
      write(join(photos(), 'a.jpg'), randomBytes(3000));
      write(join(photos(), '2024', 'b.png'), randomBytes(5000));
      write(join(photos(), '2024', 'deeper', 'notes.txt'), 'notes\n');
      symlinkSync(photos(), join(photos(), '2024', 'loop'));
      symlinkSync(join(local, 'nowhere'), join(photos(), 'broken'));
      execFileSync('mkfifo', [join(photos(), 'pipe')]);
    });

    it('plans it: the folder name leads the keys; link loops, broken links and non-files are reported, not walked', async () => {
      const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: target(), paths: [photos()] });
      expect(plan).toEqual({
        planId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        bucket: PRIVATE_BUCKET,
        prefix: target(),
        fileCount: 3,
        totalBytes: 3000 + 5000 + 6,
        existing: [],
        existingCount: 0,
        problems: [
          { name: 'photos/2024/loop', message: 'Skipped: it links back to a folder that contains it.' },
          { name: 'photos/broken', message: 'It is no longer there (or it is a link to something that is not).' },
          { name: 'photos/pipe', message: 'Skipped: it is not a regular file.' },
        ],
      });
      transfers.discardUpload(plan.planId);
      expect(() => transfers.startUpload({ planId: plan.planId, existing: 'replace' })).toThrow(expect.objectContaining({ code: 'no_such_transfer' }));
    });

    it('uploads it byte for byte, with a Content-Type from each extension', async () => {
      picked = [photos()];
      const plan = (await transfers.pickUpload({ bucket: PRIVATE_BUCKET, prefix: target(), kind: 'folder' }))!;
      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      expect(started).toMatchObject({ direction: 'upload', label: 'photos (3 files)', bucket: PRIVATE_BUCKET, prefix: target(), revealable: false });
      const done = await finished(started.id);
      expect(done).toMatchObject({ status: 'done', filesTotal: 3, filesDone: 3, filesFailed: 0, bytesTotal: 8006, bytesDone: 8006, error: null });
      for (const [file, type] of [
        ['photos/a.jpg', 'image/jpeg'],
        ['photos/2024/b.png', 'image/png'],
        ['photos/2024/deeper/notes.txt', 'text/plain; charset=utf-8'],
      ] as const) {
        expect(await env.objectBytes(PRIVATE_BUCKET, `${target()}${file}`)).toEqual(await import('node:fs').then((fs) => fs.readFileSync(join(local, file))));
        expect((await headKey(PRIVATE_BUCKET, `${target()}${file}`)).ContentType).toBe(type);
      }
      // A plan is used once.
      expect(() => transfers.startUpload({ planId: plan.planId, existing: 'replace' })).toThrow(expect.objectContaining({ code: 'no_such_transfer' }));
    });

    it('the overwrite plan lists the keys that exist; "skip" uploads only the new files', async () => {
      write(join(photos(), 'new.txt'), 'new file\n');
      const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: target(), paths: [photos()] });
      expect(plan).toMatchObject({
        fileCount: 4,
        existing: [`${target()}photos/2024/b.png`, `${target()}photos/2024/deeper/notes.txt`, `${target()}photos/a.jpg`],
        existingCount: 3,
      });
      controls().resetStats();
      const done = await finished(transfers.startUpload({ planId: plan.planId, existing: 'skip' }).id);
      expect(done).toMatchObject({ status: 'done', filesTotal: 4, filesDone: 1, filesSkipped: 3, bytesTotal: 9, bytesDone: 9 });
      expect(calls().PutObject).toBe(1);
      expect((await env.objectBytes(PRIVATE_BUCKET, `${target()}photos/new.txt`)).toString()).toBe('new file\n');
    });

    it('"replace" uploads them all again', async () => {
      const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: target(), paths: [photos()] });
      expect(plan.existingCount).toBe(4);
      controls().resetStats();
      expect(await finished(transfers.startUpload({ planId: plan.planId, existing: 'replace' }).id)).toMatchObject({ status: 'done', filesDone: 4, filesSkipped: 0 });
      expect(calls().PutObject).toBe(4);
    });
  });

  it('checks a few chosen files with a HEAD each, many with one listing', async () => {
    const files = Array.from({ length: 30 }, (_, i) => join(local, 'flat', `f${i}.txt`));
    files.forEach((file, i) => write(file, `file ${i}\n`));
    controls().resetStats();
    const few = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: `${env.home}flat/`, paths: files.slice(0, 3) });
    expect(few).toMatchObject({ fileCount: 3, existingCount: 0 });
    expect(calls().HeadObject).toBe(3);
    await finished(transfers.startUpload({ planId: few.planId, existing: 'replace' }).id);

    controls().resetStats();
    const many = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: `${env.home}flat/`, paths: files });
    expect(many).toMatchObject({ fileCount: 30, existingCount: 3 });
    expect(calls().HeadObject).toBeUndefined();
    expect(calls().ListObjectsV2).toBe(1);
    transfers.discardUpload(many.planId);
  });

  it('uploads an empty file', async () => {
    write(join(local, 'empty.txt'), '');
    const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, paths: [join(local, 'empty.txt')] });
    expect(plan).toMatchObject({ fileCount: 1, totalBytes: 0 });
    expect(await finished(transfers.startUpload({ planId: plan.planId, existing: 'replace' }).id)).toMatchObject({ status: 'done', label: 'empty.txt', filesDone: 1 });
    expect((await headKey(PRIVATE_BUCKET, `${env.home}empty.txt`)).ContentLength).toBe(0);
  });

  it('tells listeners of a job’s changes of status at once, not of every file that starts or ends', async () => {
    // Numbers alone may wait an hour here: every event that arrives was sent for a change of status.
    const quiet = new TransferService({ clients: env.services.clients, dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => null }, reveal: () => {}, progressIntervalMs: 3_600_000 });
    const files = Array.from({ length: 40 }, (_, i) => join(local, 'many', `m${i}.txt`));
    files.forEach((file, i) => write(file, `many ${i}\n`));
    const plan = await quiet.planUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, paths: [join(local, 'many')] });
    const seen: Array<Pick<TransferJob, 'status' | 'filesDone'>> = [];
    const stop = quiet.onChanged((jobs) => seen.push(...jobs.map(({ status, filesDone }) => ({ status, filesDone }))));
    quiet.startUpload({ planId: plan.planId, existing: 'replace' });
    await expect.poll(() => seen.at(-1)?.status, { timeout: 30_000, interval: 20 }).toBe('done');
    await quiet.whenIdle();
    stop();
    quiet.dispose();
    expect(seen.at(-1)).toEqual({ status: 'done', filesDone: 40 });
    // Queued and running may reach listeners together (one tick), so at most three events; never two alike in a row.
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(seen.every((event, i) => i === 0 || event.status !== seen[i - 1]!.status)).toBe(true);
  });

  it('plans expire after a while', async () => {
    const shortLived = new TransferService({ clients: env.services.clients, dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => null }, reveal: () => {}, planTtlMs: 50 });
    write(join(local, 'soon.txt'), 'x');
    const plan = await shortLived.planUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, paths: [join(local, 'soon.txt')] });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(() => shortLived.startUpload({ planId: plan.planId, existing: 'replace' })).toThrow(
      expect.objectContaining({ code: 'no_such_transfer', message: 'This upload is no longer ready to start. Choose the files again.' }),
    );
    shortLived.dispose();
  });

  it('the dialog cancelled → no plan', async () => {
    picked = null;
    expect(await transfers.pickUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, kind: 'files' })).toBeNull();
  });

  it('into the read-only library → access_denied on the job', async () => {
    write(join(local, 'mine.txt'), 'mine\n');
    const plan = await transfers.planUpload({ bucket: SHARED_BUCKET, prefix: SHARED_PREFIX, paths: [join(local, 'mine.txt')] });
    const failed = await finished(transfers.startUpload({ planId: plan.planId, existing: 'replace' }).id);
    expect(failed).toMatchObject({
      status: 'failed',
      filesFailed: 1,
      retryable: true,
      error: { code: 'access_denied', message: `You don't have permission to upload to s3://${SHARED_BUCKET}/${SHARED_PREFIX}.` },
    });
  });

  it('a local file gone before its turn → local_file_error naming it; retry uploads only what failed', async () => {
    write(join(local, 'pair', 'stays.txt'), 'stays\n');
    write(join(local, 'pair', 'goes.txt'), 'goes\n');
    const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, paths: [join(local, 'pair')] });
    rmSync(join(local, 'pair', 'goes.txt'));
    const failed = await finished(transfers.startUpload({ planId: plan.planId, existing: 'replace' }).id);
    expect(failed).toMatchObject({
      status: 'failed',
      filesDone: 1,
      filesFailed: 1,
      retryable: true,
      error: { code: 'local_file_error', message: '“pair/goes.txt” is no longer there.' },
    });

    write(join(local, 'pair', 'goes.txt'), 'back again\n');
    controls().resetStats();
    transfers.retry(failed.id);
    expect(await finished(failed.id)).toMatchObject({ status: 'done', filesDone: 2, filesFailed: 0, error: null });
    expect(calls().PutObject).toBe(1);
    expect((await env.objectBytes(PRIVATE_BUCKET, `${env.home}pair/goes.txt`)).toString()).toBe('back again\n');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is reported in the plan', async () => {
    write(join(local, 'locked', 'secret.txt'), 'secret');
    chmodSync(join(local, 'locked', 'secret.txt'), 0o000);
    const plan = await transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: env.home, paths: [join(local, 'locked')] });
    expect(plan.problems).toEqual([{ name: 'locked/secret.txt', message: 'S3 Desk is not allowed to read “locked/secret.txt”.' }]);
    transfers.discardUpload(plan.planId);
  });

  describe('multipart (5 MiB parts)', () => {
    const bigFile = () => join(local, 'big', 'video.mp4');
    let content: Buffer;
    beforeAll(() => {
      content = randomBytes(30 * MIB); // six parts
      write(bigFile(), content);
    });

    const planBig = (name: string) => transfers.planUpload({ bucket: PRIVATE_BUCKET, prefix: `${env.home}${name}/`, paths: [bigFile()] });

    it('cancel mid-upload aborts the multipart upload: none is left open, no object appears', async () => {
      controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 400 });
      const plan = await planBig('cancelled');
      controls().resetStats();
      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      await expect.poll(() => calls().UploadPart ?? 0, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(2);
      expect(transfers.cancel(started.id)).toMatchObject({ status: 'cancelled', retryable: true });
      await transfers.whenIdle();
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(calls().AbortMultipartUpload).toBeGreaterThanOrEqual(1);
      // Aborted by the UploadId it wrote down, never found by listing the bucket's uploads; and forgotten once aborted.
      expect(calls().ListMultipartUploads).toBeUndefined();
      expect(await registry.list()).toEqual([]);
      await expect(headKey(PRIVATE_BUCKET, `${env.home}cancelled/video.mp4`)).rejects.toMatchObject({ name: 'NotFound' });
      expect(job(started.id)).toMatchObject({ status: 'cancelled', bytesDone: 0, filesDone: 0 });
    });

    it('cancel while CreateMultipartUpload is still on its way leaves nothing open either', async () => {
      controls().faults.add({ operation: 'CreateMultipartUpload', kind: 'latency', latencyMs: 500 });
      const plan = await planBig('early');
      controls().resetStats();
      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      await expect.poll(() => calls().CreateMultipartUpload ?? 0, { timeout: 10_000, interval: 10 }).toBe(1);
      transfers.cancel(started.id);
      await transfers.whenIdle();
      // Idle means settled: the upload S3 was still creating has been created and aborted by now, not some time later.
      expect(calls().AbortMultipartUpload).toBeGreaterThanOrEqual(1);
      expect(calls().UploadPart ?? 0).toBe(0);
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(await registry.list()).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(calls().ListMultipartUploads).toBeUndefined();
    });

    it('crosses a credential expiry mid-upload: new credentials, parts sent again, the object byte-identical', async () => {
      // A new session whose first credentials live 2 seconds...
      await env.services.session.signOut();
      controls().setLifetimes({ credentialLifetimeSeconds: 2 });
      await env.signIn();
      const plan = await planBig('expiry'); // fetches (and caches) those credentials
      controls().setLifetimes({ credentialLifetimeSeconds: 3600 });
      // ...while this computer's clock falls an hour behind, so the app trusts them and S3 alone notices the expiry.
      env.setClockOffset(-3600_000);
      // Two parts at a time, each checked by S3 a second after it was sent: the second pair arrives after the expiry.
      controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 1_000 });
      controls().resetStats();

      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      const done = await finished(started.id, 40_000);
      expect(done).toMatchObject({ status: 'done', filesDone: 1, bytesDone: 30 * MIB, error: null });
      expect(calls().GetCredentialsForIdentity).toBe(1);
      // The upload began with the first credentials (no retry of its start)...
      expect(calls().CreateMultipartUpload).toBe(1);
      // ...six parts, and at least one sent twice: first with the expired credentials, then with the new ones.
      expect(calls().UploadPart).toBeGreaterThan(6);
      expect(calls().CompleteMultipartUpload).toBe(1);
      expect((await env.objectBytes(PRIVATE_BUCKET, `${env.home}expiry/video.mp4`)).equals(content)).toBe(true);
      expect((await headKey(PRIVATE_BUCKET, `${env.home}expiry/video.mp4`)).ETag).toMatch(/-6"$/);
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(await registry.list()).toEqual([]);
    });

    // The fault matrix: S3 or the network failing one request of a multipart upload. Each one is sent again
    // (the SDK's standard retry: exponential backoff with jitter, 3 attempts) and the user sees nothing but
    // the upload running on to "done"; the object is byte-identical and nothing stays open.
    it.each([
      ['a connection dropped mid-part', 'UploadPart', 'drop'],
      ['SlowDown (503) on a part', 'UploadPart', 'throttle'],
      ['InternalError (500) on a part', 'UploadPart', 'error'],
      ['a connection dropped on Complete', 'CompleteMultipartUpload', 'drop'],
      ['SlowDown (503) on Complete', 'CompleteMultipartUpload', 'throttle'],
      ['InternalError (500) on Complete', 'CompleteMultipartUpload', 'error'],
    ] as const)('%s → sent again, the upload completes byte-identical', async (_, operation, kind) => {
      const plan = await planBig(`faults-${operation}-${kind}`);
      controls().resetStats();
      controls().faults.add({ operation, kind, count: 2 });
      const done = await finished(transfers.startUpload({ planId: plan.planId, existing: 'replace' }).id);
      expect(done).toMatchObject({ status: 'done', filesDone: 1, filesFailed: 0, bytesDone: 30 * MIB, error: null });
      // Both faults fired, and each failed request was sent again.
      expect(controls().faults.list()).toEqual([]);
      const sent = { UploadPart: 6, CompleteMultipartUpload: 1 };
      expect(calls()[operation]).toBe(sent[operation] + 2);
      expect(calls().CreateMultipartUpload).toBe(1);
      expect(calls().AbortMultipartUpload).toBeUndefined();
      expect((await env.objectBytes(PRIVATE_BUCKET, `${plan.prefix}video.mp4`)).equals(content)).toBe(true);
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(await registry.list()).toEqual([]);
    });

    it('an abort that fails stays in the registry, and the next sign-in aborts it', async () => {
      controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 400 });
      controls().faults.add({ operation: 'AbortMultipartUpload', kind: 'error' });
      const plan = await planBig('abort-fails');
      controls().resetStats();
      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      await expect.poll(() => calls().UploadPart ?? 0, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(1);
      // What the user sees: cancelled, as always (the leftover is the app's business, not theirs).
      expect(transfers.cancel(started.id)).toMatchObject({ status: 'cancelled' });
      await transfers.whenIdle();
      const key = `${plan.prefix}video.mp4`;
      expect(await env.openMultipartUploads(env.home)).toEqual([key]);
      expect(await registry.list()).toEqual([expect.objectContaining({ bucket: PRIVATE_BUCKET, key, owner: env.stack.info.demoUser.identityId })]);

      controls().faults.clear();
      await env.services.session.signOut();
      await env.signIn();
      controls().resetStats();
      expect(await transfers.cleanUpAbandonedUploads()).toEqual({ aborted: 1, failed: 0 });
      expect(calls()).toMatchObject({ AbortMultipartUpload: 1 });
      expect(calls().ListMultipartUploads).toBeUndefined();
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
      expect(await registry.list()).toEqual([]);
      // Once per session: calling again sends nothing more.
      await transfers.cleanUpAbandonedUploads();
      expect(calls()).toMatchObject({ AbortMultipartUpload: 1 });
    });

    it('signing out mid-upload stops it, aborts the multipart upload, and it cannot be retried', async () => {
      controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 400 });
      const plan = await planBig('signed-out');
      controls().resetStats();
      const started = transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      await expect.poll(() => calls().UploadPart ?? 0, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(1);
      await env.services.session.signOut();
      const stopped = await finished(started.id);
      expect(stopped).toMatchObject({ status: 'failed', retryable: false, error: { code: 'session_expired' } });
      // Aborted with the ending session's last credentials.
      expect(calls().AbortMultipartUpload).toBeGreaterThanOrEqual(1);
      controls().faults.clear();
      await env.signIn();
      expect(await env.openMultipartUploads(env.home)).toEqual([]);
    });
  });
});
