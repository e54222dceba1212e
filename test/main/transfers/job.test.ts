import { beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../main/shared/errors';
import type { DownloadExpansion } from '../../../main/transfers/download-plan';
import { Job, type ChosenItems, type FileTask } from '../../../main/transfers/job';

let clock: number;
let queued: FileTask[];
const hooks = { now: () => clock, enqueue: (task: FileTask) => queued.push(task) };
beforeEach(() => {
  clock = Date.parse('2026-01-02T03:04:05.000Z');
  queued = [];
});

const setup = (items: ChosenItems) => ({ bucket: 'b', prefix: 'p/', sessionId: 1, items });
const file = (name: string, size: number, skip = false) => ({ key: `p/${name}`, size, name, path: `/local/${name}`, skip });
const upload = (items: ChosenItems, files: Array<ReturnType<typeof file>>) => Job.forUpload(setup(items), files, hooks);
const folder = (name: string): ChosenItems => ({ count: 1, name, kind: 'folder' });
const queuedFile = (name: string) => queued.find((task) => task.name === name)!;
const boom = (message = '“c” is no longer there.') => new ServiceError('local_file_error', message);

describe('transfer jobs', () => {
  it('labels: a file by name, a folder with its file count, a selection by item count', () => {
    expect(upload({ count: 1, name: 'report.pdf', kind: 'file' }, [file('report.pdf', 1)]).label()).toBe('report.pdf');
    const photos = Array.from({ length: 1204 }, (_, i) => file(`photos/${i}`, 1));
    expect(upload(folder('photos'), photos).view(true).label).toBe('photos (1,204 files)');
    expect(upload({ count: 3, name: '', kind: 'folder' }, [file('a', 1)]).label()).toBe('3 items (1 file)');
  });

  it('keeps counts and byte totals as files change state (skipped bytes are not owed)', () => {
    const job = upload(folder('photos'), [file('a', 10), file('b', 20, true), file('c', 30)]);
    const [a, c] = queued;
    job.startFile(a!);
    job.fileDone(a!);
    job.startFile(c!);
    job.fileFailed(c!, boom());
    expect(job.view(true)).toMatchObject({
      status: 'failed',
      filesTotal: 3,
      filesDone: 1,
      filesSkipped: 1,
      filesFailed: 1,
      bytesTotal: 40,
      bytesPerSecond: 0,
      error: { code: 'local_file_error', message: '“c” is no longer there.' },
      retryable: true,
      revealable: false,
    });
    expect(job.view(false).retryable).toBe(false);
  });
});

describe('Job: an upload’s way from queued to done', () => {
  it('starts queued, handing its pending files to the queue in order and leaving skipped ones out', () => {
    const job = upload(folder('photos'), [file('a', 1), file('b', 2, true), file('c', 3)]);
    expect(job.status).toBe('queued');
    expect(job.finished).toBe(false);
    expect(queued.map((task) => [task.name, task.state])).toEqual([
      ['a', 'pending'],
      ['c', 'pending'],
    ]);
    expect(job.view(true)).toMatchObject({ startedAt: null, finishedAt: null, bytesTotal: 4, bytesDone: 0, retryable: false });
  });

  it('is done at once when every file is skipped', () => {
    const job = upload(folder('photos'), [file('a', 1, true)]);
    expect(job.view(true)).toMatchObject({ status: 'done', startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:04:05.000Z' });
    expect(queued).toEqual([]);
  });

  it('runs when a file starts, counts bytes with a speed, and is done when the last file is', () => {
    const job = upload(folder('photos'), [file('a', 100), file('b', 50)]);
    const signal = job.startFile(queuedFile('a'));
    expect(signal?.aborted).toBe(false);
    expect(queuedFile('a').state).toBe('running');
    clock += 1_000;
    job.addBytes(queuedFile('a'), 60);
    expect(job.view(true)).toMatchObject({ status: 'running', startedAt: '2026-01-02T03:04:05.000Z', bytesDone: 60, bytesPerSecond: 60 });
    job.fileDone(queuedFile('a'));
    expect(job.view(true)).toMatchObject({ status: 'running', filesDone: 1, bytesDone: 100 });
    job.startFile(queuedFile('b'));
    clock += 1_000;
    job.fileDone(queuedFile('b'));
    expect(job.view(true)).toMatchObject({ status: 'done', bytesDone: 150, bytesPerSecond: 0, finishedAt: '2026-01-02T03:04:07.000Z', retryable: false });
  });

  it('takes back the bytes of a file that failed or stopped: its partial copy is gone', () => {
    const job = upload(folder('photos'), [file('a', 100), file('b', 100)]);
    job.startFile(queuedFile('a'));
    job.addBytes(queuedFile('a'), 40);
    job.fileFailed(queuedFile('a'), boom('first'));
    expect(queuedFile('a')).toMatchObject({ state: 'failed', bytesDone: 0 });
    job.startFile(queuedFile('b'));
    job.fileFailed(queuedFile('b'), boom('second'));
    // The first error is the one shown.
    expect(job.view(true)).toMatchObject({ status: 'failed', bytesDone: 0, filesFailed: 2, error: { message: 'first' } });
  });

  it('refuses what cannot happen: a file started twice, bytes or an end without an attempt, another job’s file', () => {
    const job = upload(folder('photos'), [file('a', 10)]);
    const a = queuedFile('a');
    job.addBytes(a, 5);
    expect(a.bytesDone).toBe(0);
    expect(() => job.fileDone(a)).toThrow('no attempt');
    expect(job.startFile(a)).not.toBeNull();
    expect(job.startFile(a)).toBeNull();
    const other = upload(folder('other'), [file('x', 1)]);
    expect(() => other.startFile(a)).toThrow('another job');
    job.fileDone(a);
    expect(job.startFile(a)).toBeNull();
    expect(() => job.fileFailed(a, boom())).toThrow('no attempt');
    expect(job.view(true)).toMatchObject({ status: 'done', filesDone: 1, filesFailed: 0 });
  });
});

describe('Job: cancel, retry and the end of a session', () => {
  it('cancel aborts what runs and drops what waits; a finished job cannot be cancelled', () => {
    const job = upload(folder('photos'), [file('a', 10), file('b', 10)]);
    const signal = job.startFile(queuedFile('a'))!;
    expect(job.cancel()).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(queuedFile('b').state).toBe('cancelled');
    expect(job.startFile(queuedFile('b'))).toBeNull();
    job.fileStopped(queuedFile('a'));
    expect(job.view(true)).toMatchObject({ status: 'cancelled', filesDone: 0, finishedAt: '2026-01-02T03:04:05.000Z', retryable: true });
    expect(job.cancel()).toBe(false);
  });

  it('retry queues the failed and cancelled files again, keeps done ones done, and starts afresh', () => {
    const job = upload(folder('photos'), [file('a', 10), file('b', 10), file('c', 10)]);
    for (const [name, end] of [['a', 'done'], ['b', 'failed']] as const) {
      job.startFile(queuedFile(name));
      if (end === 'done') job.fileDone(queuedFile(name));
      else job.fileFailed(queuedFile(name), boom());
    }
    job.cancel();
    queued = [];
    job.retry(true);
    expect(queued.map((task) => task.name)).toEqual(['b', 'c']);
    expect(job.view(true)).toMatchObject({ status: 'queued', error: null, startedAt: null, finishedAt: null, filesDone: 1, bytesDone: 10 });
  });

  it('a retry right after a cancel queues the file still being stopped only once its attempt has ended', () => {
    const job = upload(folder('photos'), [file('a', 10)]);
    const a = queuedFile('a');
    job.startFile(a);
    job.cancel();
    queued = [];
    job.retry(true);
    expect(queued).toEqual([]);
    expect(job.status).toBe('queued');
    job.fileStopped(a);
    expect(queued).toEqual([a]);
    expect(a.state).toBe('pending');
    expect(job.status).toBe('queued');
  });

  it('retry is refused unless the job failed or was cancelled, its session is current, and something is left', () => {
    const running = upload(folder('photos'), [file('a', 10)]);
    expect(() => running.retry(true)).toThrow(expect.objectContaining({ code: 'invalid_input', message: 'Only a failed or cancelled transfer can be retried.' }));
    running.cancel();
    expect(() => running.retry(false)).toThrow(expect.objectContaining({ code: 'session_expired' }));

    const late = upload(folder('photos'), [file('z', 10)]);
    late.startFile(queuedFile('z'));
    late.cancel();
    // Cancelled at the very end: the file arrived all the same.
    late.fileDone(queuedFile('z'));
    expect(late.view(true)).toMatchObject({ status: 'cancelled', filesDone: 1, retryable: false });
    expect(() => late.retry(true)).toThrow(expect.objectContaining({ code: 'invalid_input', message: 'Nothing of this transfer is left to retry.' }));
  });

  it('the end of its session fails it for good; a finished job keeps its status but cannot be retried either', () => {
    const job = upload(folder('photos'), [file('a', 10)]);
    const signal = job.startFile(queuedFile('a'))!;
    const ended = new ServiceError('session_expired', 'You signed out or switched accounts, so this transfer stopped.');
    job.endSession(ended);
    expect(signal.aborted).toBe(true);
    job.fileStopped(queuedFile('a'));
    expect(job.view(true)).toMatchObject({ status: 'failed', error: ended.toIpcError(), retryable: false });
    expect(() => job.retry(true)).toThrow(expect.objectContaining({ code: 'session_expired' }));

    const cancelled = upload(folder('photos'), [file('b', 10)]);
    cancelled.cancel();
    cancelled.endSession(ended);
    expect(cancelled.view(true)).toMatchObject({ status: 'cancelled', error: null, retryable: false });
  });
});

describe('Job: a download and its listing', () => {
  const request = { bucket: 'b', keys: [], prefixes: ['p/photos/'], basePrefix: 'p/' };
  const download = () => Job.forDownload({ ...setup(folder('photos')), request, root: '/chosen' }, hooks);
  const entry = (name: string, size: number, more: { archived?: boolean; missing?: boolean } = {}) => ({
    key: `p/${name}`,
    size,
    archived: more.archived ?? false,
    missing: more.missing ?? false,
    segments: name.split('/'),
  });
  const expansion: DownloadExpansion = {
    entries: [entry('photos/a.jpg', 10), entry('photos/old.tar', 99, { archived: true }), entry('photos/gone.jpg', 0, { missing: true })],
    topFolders: ['/chosen/photos'],
  };

  it('waits for its listing, shows the listing’s totals meanwhile, then takes in the files it found', () => {
    const job = download();
    expect(job).toMatchObject({ status: 'queued', needsListing: true, destination: { request, root: '/chosen' } });
    job.beginListing();
    expect(job).toMatchObject({ status: 'running', needsListing: false });
    expect(job.view(true)).toMatchObject({ label: 'photos', filesTotal: 0 });
    job.listingProgress(2, 109);
    expect(job.view(true)).toMatchObject({ label: 'photos (2 files)', filesTotal: 2, bytesTotal: 109 });
    job.listingDone(expansion);
    expect(queued.map((task) => [task.name, task.segments])).toEqual([['photos/a.jpg', ['photos', 'a.jpg']]]);
    expect(job.view(true)).toMatchObject({
      status: 'running',
      label: 'photos (3 files)',
      filesTotal: 3,
      filesSkipped: 1,
      filesFailed: 1,
      bytesTotal: 10,
      error: { code: 'no_such_key' },
    });
    job.startFile(queued[0]!);
    job.fileDone(queued[0]!, '/chosen/photos/a.jpg');
    expect(job.view(true)).toMatchObject({ status: 'failed', filesDone: 1, retryable: true, revealable: true });
    expect(job.revealTarget()).toBe('/chosen/photos');
  });

  it('reveals a one-file download by the file as it landed, and nothing before a file has arrived', () => {
    const job = Job.forDownload({ ...setup({ count: 1, name: 'a.jpg', kind: 'file' }), request, root: '/chosen' }, hooks);
    job.beginListing();
    job.listingDone({ entries: [entry('a.jpg', 5)], topFolders: [] });
    expect(job.revealTarget()).toBeNull();
    job.startFile(queued[0]!);
    job.fileDone(queued[0]!, '/chosen/a (1).jpg');
    expect(job.revealTarget()).toBe('/chosen/a (1).jpg');
  });

  it('a listing that fails fails the job, which can then be retried and listed again', () => {
    const job = download();
    job.beginListing();
    job.listingStopped(new ServiceError('access_denied', 'No.'));
    expect(job.view(true)).toMatchObject({ status: 'failed', error: { code: 'access_denied' }, retryable: true });
    expect(job.needsListing).toBe(true);
    job.retry(true);
    expect(job).toMatchObject({ status: 'queued', needsListing: true });
    expect(() => job.beginListing()).not.toThrow();
    expect(() => job.beginListing()).toThrow();
  });

  it('a cancelled listing is aborted, its late result ignored, and the folders it made handed out once for tidying', () => {
    const job = download();
    const signal = job.beginListing();
    job.addCreatedDirs(['/chosen/photos', '/chosen/photos/2024']);
    job.cancel();
    expect(signal.aborted).toBe(true);
    // Still winding down: nothing to tidy yet.
    expect(job.takeLeftoverDirs()).toEqual([]);
    job.listingDone(expansion);
    expect(queued).toEqual([]);
    expect(job.view(true)).toMatchObject({ status: 'cancelled', filesTotal: 0, retryable: true });
    expect(job.takeLeftoverDirs()).toEqual(['/chosen/photos/2024', '/chosen/photos']);
    expect(job.takeLeftoverDirs()).toEqual([]);
  });

  it('a download that finished well keeps its folders', () => {
    const job = download();
    job.beginListing();
    job.addCreatedDirs(['/chosen/photos']);
    job.listingDone({ entries: [entry('photos/a.jpg', 1)], topFolders: ['/chosen/photos'] });
    job.startFile(queued[0]!);
    job.fileDone(queued[0]!);
    expect(job.status).toBe('done');
    expect(job.takeLeftoverDirs()).toEqual([]);
  });

  it('an upload has no listing', () => {
    const job = upload(folder('photos'), [file('a', 1)]);
    expect(job).toMatchObject({ needsListing: false, destination: null });
    expect(() => job.beginListing()).toThrow();
    expect(job.revealTarget()).toBeNull();
  });
});
