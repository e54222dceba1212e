import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectRef, TransferJob } from '../../../common/ipc';
import { AWKWARD_KEYS, PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { nodeDownloadFileSystem, type DownloadFileSystem } from '../../../main/transfers/download-file';
import { TransferService } from '../../../main/transfers/transfer-service';
import { failingWrites } from '../helpers/download-faults';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';
import { controlBodies, type BodyControl } from '../helpers/slow-bodies';

/** Every file below dir, as paths relative to it with '/'. */
function filesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

describe('downloads against the local stack', () => {
  let env: SignedInStack;
  let transfers: TransferService;
  let bodies: BodyControl;
  let folderCount = 0;
  /** What the download dialog answers next. */
  let chosen: string | null = null;
  const revealed: string[] = [];
  const events: Array<{ at: number; jobs: TransferJob[] }> = [];

  /** A fresh folder to download into, inside its own parent so anything escaping it would show. */
  const freshFolder = () => {
    const parent = join(env.dir, `downloads-${++folderCount}`);
    const folder = join(parent, 'chosen');
    mkdirSync(folder, { recursive: true });
    chosen = folder;
    return { parent, folder };
  };
  const job = (id: string, service = transfers) => service.list().find((candidate) => candidate.id === id)!;
  const finished = async (id: string, service = transfers) => {
    await expect.poll(() => job(id, service).status, { timeout: 20_000, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
    await service.whenIdle();
    return job(id, service);
  };
  const start = async (request: Parameters<TransferService['download']>[0], service = transfers) => {
    const started = await service.download(request);
    if (started.status !== 'started') throw new Error('the download did not start');
    return started.job;
  };

  beforeAll(async () => {
    env = await startSignedInStack('downloads');
    bodies = controlBodies(env.s3());
    transfers = new TransferService({
      clients: env.services.clients,
      dialogs: { chooseDownloadFolder: async () => chosen, chooseUploadSources: async () => null },
      reveal: (path) => revealed.push(path),
      maxConcurrentFiles: 4,
      downloadResume: { firstDelayMs: 10 },
    });
    transfers.onChanged((jobs) => events.push({ at: Date.now(), jobs }));
  });
  afterEach(() => {
    bodies.bytesPerSecond = null;
    bodies.failAfterBytes = null;
    env.stack.emulator.controls.faults.clear();
  });
  afterAll(async () => {
    transfers?.dispose();
    await env?.close();
  });

  it('the dialog cancelled → nothing starts', async () => {
    chosen = null;
    expect(await transfers.download({ bucket: SHARED_BUCKET, keys: [`${SHARED_PREFIX}README.txt`], prefixes: [], basePrefix: SHARED_PREFIX })).toEqual({
      status: 'cancelled',
    });
    expect(transfers.list()).toEqual([]);
  });

  it('downloads one file byte for byte, and shows it in the file manager', async () => {
    const { folder } = freshFolder();
    const key = `${env.home}welcome.txt`;
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [key], prefixes: [], basePrefix: env.home });
    expect(started).toMatchObject({ direction: 'download', label: 'welcome.txt', bucket: PRIVATE_BUCKET, prefix: env.home });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: 'done', filesTotal: 1, filesDone: 1, filesFailed: 0, error: null, revealable: true, retryable: false });
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(readdirSync(folder)).toEqual(['welcome.txt']);
    expect(readFileSync(join(folder, 'welcome.txt'))).toEqual(await env.objectBytes(PRIVATE_BUCKET, key));
    transfers.show(started.id);
    expect(revealed.at(-1)).toBe(join(folder, 'welcome.txt'));
  });

  it('never overwrites a local file: the second copy is "welcome (1).txt"', async () => {
    const { folder } = freshFolder();
    writeFileSync(join(folder, 'welcome.txt'), 'my own notes');
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [`${env.home}welcome.txt`], prefixes: [], basePrefix: env.home });
    expect((await finished(started.id)).status).toBe('done');
    expect(readFileSync(join(folder, 'welcome.txt'), 'utf8')).toBe('my own notes');
    expect(readFileSync(join(folder, 'welcome (1).txt'), 'utf8')).toContain('Welcome to S3 Desk');
  });

  it('downloads folders recursively, skipping (and counting) archived objects', async () => {
    const { folder } = freshFolder();
    const started = await start({
      bucket: SHARED_BUCKET,
      keys: [`${SHARED_PREFIX}README.txt`],
      prefixes: [`${SHARED_PREFIX}reports/`, `${SHARED_PREFIX}archive/`],
      basePrefix: SHARED_PREFIX,
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: 'done', label: '3 items (5 files)', filesTotal: 5, filesDone: 3, filesSkipped: 2, filesFailed: 0 });
    expect(filesBelow(folder)).toEqual(['README.txt', 'reports/2026/q1.csv', 'reports/2026/summary.json']);
    for (const file of filesBelow(folder)) {
      expect(readFileSync(join(folder, file)), file).toEqual(await env.objectBytes(SHARED_BUCKET, `${SHARED_PREFIX}${file}`));
    }
    expect(done.bytesTotal).toBe(filesBelow(folder).reduce((sum, file) => sum + statSync(join(folder, file)).size, 0));
  });

  it('a selected archived object is skipped (not failed); a selected key that is gone fails with no_such_key', async () => {
    const { folder } = freshFolder();
    const archived = await start({ bucket: SHARED_BUCKET, keys: [`${SHARED_PREFIX}archive/2019-backup.tar`], prefixes: [], basePrefix: `${SHARED_PREFIX}archive/` });
    expect(await finished(archived.id)).toMatchObject({ status: 'done', label: '2019-backup.tar', filesTotal: 1, filesSkipped: 1, filesDone: 0, bytesTotal: 0 });
    const gone = await start({ bucket: PRIVATE_BUCKET, keys: [`${env.home}gone.txt`, `${env.home}welcome.txt`], prefixes: [], basePrefix: env.home });
    expect(await finished(gone.id)).toMatchObject({
      status: 'failed',
      label: '2 items (2 files)',
      filesDone: 1,
      filesFailed: 1,
      error: { code: 'no_such_key', message: `There is no object at s3://${PRIVATE_BUCKET}/${env.home}gone.txt. It may have been deleted or renamed.` },
    });
    expect(readdirSync(folder)).toEqual(['welcome.txt']);
  });

  it('hostile keys ("../", "../../etc/passwd", unicode, "?", "#") all land inside the chosen folder', async () => {
    const { parent, folder } = freshFolder();
    const started = await start({ bucket: SHARED_BUCKET, keys: [], prefixes: [`${SHARED_PREFIX}odd names/`], basePrefix: SHARED_PREFIX });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: 'done', filesDone: AWKWARD_KEYS.length, label: `odd names (${AWKWARD_KEYS.length} files)` });
    // Nothing next to the chosen folder, nothing above it.
    expect(readdirSync(parent)).toEqual(['chosen']);
    expect(filesBelow(folder)).toEqual(
      [
        'odd names/#hashtag.txt',
        'odd names/100% done.txt',
        'odd names/__/__/etc/passwd',
        'odd names/__/escape-attempt.txt',
        'odd names/a+b=c.txt',
        'odd names/naïve café 🎉.txt',
        'odd names/question?.txt',
        'odd names/trailing dot.',
        'odd names/with spaces.txt',
        'odd names/日本語のファイル.txt',
      ].sort(),
    );
    expect(readFileSync(join(folder, 'odd names/__/__/etc/passwd'), 'utf8')).toBe(`This object's key is ${JSON.stringify('odd names/../../etc/passwd')}.\n`);
    transfers.show(started.id);
    expect(revealed.at(-1)).toBe(join(folder, 'odd names'));
  });

  it('a second download of the same folder goes to "odd names (1)", not into the first', async () => {
    const { folder } = freshFolder();
    mkdirSync(join(folder, 'odd names'));
    const started = await start({ bucket: SHARED_BUCKET, keys: [], prefixes: [`${SHARED_PREFIX}odd names/`], basePrefix: SHARED_PREFIX });
    expect((await finished(started.id)).status).toBe('done');
    expect(readdirSync(folder).sort()).toEqual(['odd names', 'odd names (1)']);
    expect(readdirSync(join(folder, 'odd names'))).toEqual([]);
  });

  it('a key "a" and keys under "a/" (a file and a folder with one name) both arrive', async () => {
    const { folder } = freshFolder();
    const clash = `${env.home}clash/`;
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${clash}a`, Body: 'the file a' }));
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${clash}a/b.txt`, Body: 'inside the folder a' }));
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [clash], basePrefix: env.home });
    expect(await finished(started.id)).toMatchObject({ status: 'done', filesDone: 2, filesFailed: 0 });
    expect(filesBelow(folder)).toEqual(['clash/a (1)', 'clash/a/b.txt']);
    expect(readFileSync(join(folder, 'clash/a (1)'), 'utf8')).toBe('the file a');
  });

  it('files of all jobs share one queue: never more than maxConcurrentFiles at once', async () => {
    const { folder } = freshFolder();
    const many = `${env.home}many/`;
    await env.bulkInsert(
      PRIVATE_BUCKET,
      Array.from({ length: 24 }, (_, i) => `${many}${i < 12 ? 'one' : 'two'}/file-${i}.txt`),
    );
    env.stack.emulator.controls.faults.add({ operation: 'GetObject', kind: 'latency', latencyMs: 40 });
    bodies.maxInFlight = 0;
    const first = await start({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${many}one/`], basePrefix: many });
    const second = await start({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${many}two/`], basePrefix: many });
    expect((await finished(first.id)).filesDone).toBe(12);
    expect((await finished(second.id)).filesDone).toBe(12);
    expect(bodies.maxInFlight).toBe(4);
    expect(filesBelow(folder)).toHaveLength(24);
  });

  describe('a big file', () => {
    const bigKey = () => `${env.home}big/blob.bin`;
    let content: Buffer;
    beforeAll(async () => {
      content = randomBytes(12 * 1024 * 1024);
      await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: bigKey(), Body: content }));
    });

    it('reports progress and speed at most about five times a second', async () => {
      freshFolder();
      bodies.bytesPerSecond = 6 * 1024 * 1024;
      events.length = 0;
      const started = await start({ bucket: PRIVATE_BUCKET, keys: [bigKey()], prefixes: [], basePrefix: env.home });
      const done = await finished(started.id);
      expect(done.status).toBe('done');
      const mine = events.map((event) => ({ at: event.at, job: event.jobs.find((candidate) => candidate.id === started.id) })).filter((event) => event.job);
      const running = mine.filter((event) => event.job!.status === 'running');
      expect(running.some((event) => event.job!.bytesPerSecond > 2 * 1024 * 1024)).toBe(true);
      const progress = running.map((event) => event.job!.bytesDone);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const seconds = (mine.at(-1)!.at - mine[0]!.at) / 1000;
      expect(seconds).toBeGreaterThan(1.5);
      // Five a second plus the status changes (queued → running → done).
      expect(mine.length).toBeLessThanOrEqual(Math.ceil(seconds * 5) + 4);
      expect(done.bytesPerSecond).toBe(0);
    });

    it('cancel mid-download leaves no file at all (not even the temp file); retry then completes it', async () => {
      const { folder } = freshFolder();
      bodies.bytesPerSecond = 4 * 1024 * 1024;
      const started = await start({ bucket: PRIVATE_BUCKET, keys: [bigKey()], prefixes: [], basePrefix: env.home });
      const big = join(folder, 'big');
      await expect.poll(() => readdirSync(big).filter((name) => name.endsWith('.part') && statSync(join(big, name)).size > 0), { timeout: 10_000, interval: 20 }).toHaveLength(1);
      expect(readdirSync(big)[0]).toMatch(/^\.blob\.bin\.s3desk-[0-9a-f]{8}-[0-9a-z]+\.part$/);

      const cancelled = transfers.cancel(started.id);
      expect(cancelled).toMatchObject({ status: 'cancelled', retryable: true, revealable: false });
      await transfers.whenIdle();
      // The folder the download made for it went too, being empty.
      expect(readdirSync(folder)).toEqual([]);
      expect(job(started.id)).toMatchObject({ status: 'cancelled', bytesDone: 0, filesDone: 0 });

      bodies.bytesPerSecond = null;
      expect(transfers.retry(started.id).status).toMatch(/^(queued|running)$/);
      expect(await finished(started.id)).toMatchObject({ status: 'done', filesDone: 1 });
      expect(filesBelow(folder)).toEqual(['big/blob.bin']);
      expect(readFileSync(join(big, 'blob.bin')).equals(content)).toBe(true);
    });

    it('the folder being written into is deleted mid-download → that file fails in plain words, the finished one stays; retry completes', async () => {
      const { folder } = freshFolder();
      const welcome = await env.objectBytes(PRIVATE_BUCKET, `${env.home}welcome.txt`);
      bodies.bytesPerSecond = 4 * 1024 * 1024;
      const started = await start({ bucket: PRIVATE_BUCKET, keys: [`${env.home}welcome.txt`, bigKey()], prefixes: [], basePrefix: env.home });
      const big = join(folder, 'big');
      await expect.poll(() => job(started.id).filesDone === 1 && readdirSync(big).some((name) => name.endsWith('.part') && statSync(join(big, name)).size > 0), { timeout: 10_000, interval: 20 }).toBe(true);
      rmSync(big, { recursive: true });
      expect(await finished(started.id)).toMatchObject({
        status: 'failed',
        filesDone: 1,
        filesFailed: 1,
        retryable: true,
        error: { code: 'local_file_error', message: 'The folder to save “big/blob.bin” in is no longer there.' },
      });
      expect(filesBelow(folder)).toEqual(['welcome.txt']);
      expect(readFileSync(join(folder, 'welcome.txt'))).toEqual(welcome);

      bodies.bytesPerSecond = null;
      transfers.retry(started.id);
      expect(await finished(started.id)).toMatchObject({ status: 'done', filesDone: 2, filesFailed: 0 });
      expect(filesBelow(folder)).toEqual(['big/blob.bin', 'welcome.txt']);
      expect(readFileSync(join(big, 'blob.bin')).equals(content)).toBe(true);
    });

    it('a connection lost mid-body, again and again, resumes each time from what it has: the file arrives whole', async () => {
      const { folder } = freshFolder();
      // Every answer breaks off (ECONNRESET) after 3 MiB: four answers for 12 MiB. More in download-resume.stack.test.ts.
      bodies.failAfterBytes = 3 * 1024 * 1024;
      const started = await start({ bucket: PRIVATE_BUCKET, keys: [bigKey()], prefixes: [], basePrefix: env.home });
      expect(await finished(started.id)).toMatchObject({ status: 'done', filesDone: 1, filesFailed: 0, bytesDone: content.length, error: null });
      expect(filesBelow(folder)).toEqual(['big/blob.bin']);
      expect(readFileSync(join(folder, 'big', 'blob.bin')).equals(content)).toBe(true);
    });
  });

  describe('with a full disk and Mark-of-the-Web seen (injected)', () => {
    let marked: Array<{ file: string; source: ObjectRef }> = [];
    /** The real file system, but for the calls a test replaces. */
    const fileSystem: DownloadFileSystem = { ...nodeDownloadFileSystem };
    let faulty: TransferService;
    beforeAll(() => {
      faulty = new TransferService({
        clients: env.services.clients,
        dialogs: { chooseDownloadFolder: async () => chosen, chooseUploadSources: async () => null },
        reveal: (path) => revealed.push(path),
        markOfTheWeb: { mark: async (file, source) => void marked.push({ file, source }) },
        downloadFileSystem: fileSystem,
      });
    });
    afterEach(() => {
      marked = [];
      Object.assign(fileSystem, nodeDownloadFileSystem);
    });
    afterAll(() => faulty?.dispose());
    const startFaulty = async (request: Parameters<TransferService['download']>[0]) => finished((await start(request, faulty)).id, faulty);

    it('every finished download is marked as coming from its s3:// address, before it has its name', async () => {
      const { folder } = freshFolder();
      const done = await startFaulty({ bucket: SHARED_BUCKET, keys: [`${SHARED_PREFIX}README.txt`], prefixes: [`${SHARED_PREFIX}reports/`], basePrefix: SHARED_PREFIX });
      expect(done).toMatchObject({ status: 'done', filesDone: 3 });
      expect(marked.map((mark) => mark.source.key).sort()).toEqual(filesBelow(folder).map((file) => `${SHARED_PREFIX}${file}`).sort());
      for (const mark of marked) {
        expect(mark.source.bucket).toBe(SHARED_BUCKET);
        expect(mark.file.slice(folder.length + 1)).toMatch(/^(reports\/2026\/)?\.[^/]+\.s3desk-[0-9a-f]{8}-[0-9a-z]+\.part$/);
      }
    });

    it('the disk fills up mid-download (ENOSPC) → "not enough disk space", no temp file, finished files untouched', async () => {
      const { folder } = freshFolder();
      writeFileSync(join(folder, 'mine.txt'), 'my own notes');
      Object.assign(fileSystem, failingWrites('ENOSPC', 1024 * 1024));
      const failed = await startFaulty({ bucket: PRIVATE_BUCKET, keys: [`${env.home}welcome.txt`, `${env.home}big/blob.bin`], prefixes: [], basePrefix: env.home });
      expect(failed).toMatchObject({
        status: 'failed',
        filesDone: 1,
        filesFailed: 1,
        retryable: true,
        error: { code: 'local_file_error', message: 'There is not enough disk space to save “big/blob.bin”.' },
      });
      // The folder made for the failed file went too, being empty.
      expect(filesBelow(folder)).toEqual(['mine.txt', 'welcome.txt']);
      expect(readFileSync(join(folder, 'mine.txt'), 'utf8')).toBe('my own notes');
      expect(marked.map((mark) => mark.source.key)).toEqual([`${env.home}welcome.txt`]);
    });
  });

  it('a local file in the way of a folder → local_file_error naming the file', async () => {
    const { folder } = freshFolder();
    writeFileSync(join(folder, 'documents'), 'a file, not a folder');
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [`${env.home}documents/notes.md`], prefixes: [], basePrefix: env.home });
    expect(await finished(started.id)).toMatchObject({
      status: 'failed',
      error: { code: 'local_file_error', message: 'A file is in the way of the folder for “documents/notes.md”.' },
    });
    expect(readdirSync(folder)).toEqual(['documents']);
  });

  it("a folder of someone else's → access_denied on the job", async () => {
    freshFolder();
    const other = 'us-east-1:00000000-0000-0000-0000-000000000000/';
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${other}stuff/`], basePrefix: other });
    const failed = await finished(started.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'access_denied', message: `You don't have permission to download s3://${PRIVATE_BUCKET}/${other}.` },
      retryable: true,
    });
    expect(readdirSync(chosen!)).toEqual([]);
  });

  it('signing out stops the download with a plain reason; it cannot be retried and leaves nothing behind', async () => {
    const { folder } = freshFolder();
    bodies.bytesPerSecond = 2 * 1024 * 1024;
    const started = await start({ bucket: PRIVATE_BUCKET, keys: [`${env.home}big/blob.bin`], prefixes: [], basePrefix: env.home });
    await expect.poll(() => readdirSync(folder).length > 0 && readdirSync(join(folder, 'big')).some((name) => name.endsWith('.part')), { timeout: 10_000, interval: 20 }).toBe(true);
    await env.services.session.signOut();
    const stopped = await finished(started.id);
    expect(stopped).toMatchObject({
      status: 'failed',
      retryable: false,
      error: { code: 'session_expired', message: 'You signed out or switched accounts, so this transfer stopped.' },
    });
    expect(readdirSync(folder)).toEqual([]);
    expect(() => transfers.retry(started.id)).toThrow(expect.objectContaining({ code: 'session_expired' }));
    await env.signIn();
    expect(job(started.id).retryable).toBe(false);
  });

  it('clearFinished removes finished jobs; unknown ids → no_such_transfer', () => {
    expect(transfers.clearFinished()).toEqual([]);
    expect(() => transfers.cancel('nope')).toThrow(expect.objectContaining({ code: 'no_such_transfer' }));
    expect(() => transfers.show('nope')).toThrow(expect.objectContaining({ code: 'no_such_transfer' }));
  });
});
