import { describe, expect, it } from 'vitest';
import type { ClashChoice } from '../../../common/ipc';
import { DestinationTaken } from '../../../main/operations/copy-errors';
import { CopyJob, MAX_RENAMES, type CopyPass } from '../../../main/operations/copy-job';
import type { CopyRequest, PlannedCopy, PlannedObject } from '../../../main/operations/copy-plan';
import { ServiceError } from '../../../main/shared/errors';

const request: CopyRequest = {
  mode: 'move',
  sourceBucket: 'from-bucket',
  keys: [],
  prefixes: ['home/photos/'],
  destinationBucket: 'to-bucket',
  sourcePrefix: 'home/',
  destinationPrefix: 'archive/',
};

/** `name` '' is the folder's empty marker ("photos/"): zero bytes, as every marker. */
const object = (name: string, extra: Partial<PlannedObject> = {}): PlannedObject => ({
  sourceKey: `home/photos/${name}`,
  size: name === '' ? 0 : 100,
  plannedKey: `archive/photos/${name}`,
  clash: false,
  marker: name === '',
  archived: false,
  ...extra,
});

function jobOf(objects: PlannedObject[], choice: ClashChoice = 'replace', overrides: Partial<CopyRequest> = {}) {
  const planned: PlannedCopy = { request: { ...request, ...overrides }, items: { count: 1, name: 'photos', kind: 'folder' }, objects, existing: new Set(), listed: [] };
  let clock = 1_000;
  return new CopyJob({ planned, choice, sessionId: 1, now: () => (clock += 10) }, async () => {});
}

/** Takes every task the pass offers now. */
function takeAll(job: CopyJob, pass: CopyPass) {
  const tasks = [];
  for (let task = job.next(pass); task; task = job.next(pass)) tasks.push(task);
  return tasks;
}

describe('CopyJob', () => {
  it('counts objects (folder markers go along uncounted) and shows where they come from and go', () => {
    const job = jobOf([object(''), object('a.jpg'), object('b.jpg', { size: 50 })]);
    expect(job.view(true)).toMatchObject({
      direction: 'move',
      label: 'photos (2 files)',
      bucket: 'to-bucket',
      prefix: 'archive/',
      source: { bucket: 'from-bucket', prefix: 'home/' },
      status: 'queued',
      filesTotal: 2,
      filesDone: 0,
      bytesTotal: 150,
      counting: false,
      revealable: false,
    });
    expect(job.needsRun).toBe(true);
  });

  it('runs its objects in order, counting bytes and files as they end, and is done when the pass ends', () => {
    const job = jobOf([object(''), object('a.jpg'), object('b.jpg')]);
    const pass = job.begin();
    expect(job.view(true).status).toBe('running');
    const tasks = takeAll(job, pass);
    expect(tasks.map((task) => task.destinationKey)).toEqual(['archive/photos/', 'archive/photos/a.jpg', 'archive/photos/b.jpg']);
    job.addBytes(tasks[1]!, 40);
    expect(job.view(true).bytesDone).toBe(40);
    for (const task of tasks) job.taskDone(task);
    expect(job.view(true)).toMatchObject({ status: 'running', filesDone: 2, bytesDone: 200 });
    job.passEnded(pass, null);
    expect(job.view(true)).toMatchObject({ status: 'done', error: null, retryable: false });
  });

  it('skip counts the clashes as skipped from the start; keep both waits for its names', () => {
    const objects = [object('a.jpg', { clash: true }), object('b.jpg')];
    expect(jobOf(objects, 'skip').view(true)).toMatchObject({ filesSkipped: 1, bytesTotal: 100 });
    const keeping = jobOf(objects, 'keep-both');
    const pass = keeping.begin();
    expect(keeping.unnamed).not.toBeNull();
    expect(keeping.next(pass)).toBeNull();
    keeping.named(pass, ['archive/photos/a (1).jpg', 'archive/photos/b.jpg']);
    expect(keeping.unnamed).toBeNull();
    expect(takeAll(keeping, pass).map((task) => task.destinationKey)).toEqual(['archive/photos/a (1).jpg', 'archive/photos/b.jpg']);
  });

  it('a failure every object would repeat starts no more; a retry runs the failed and the untouched ones, not those done', () => {
    const job = jobOf([object('a.jpg'), object('b.jpg'), object('c.jpg')]);
    const pass = job.begin();
    const first = job.next(pass)!;
    job.taskDone(first);
    const second = job.next(pass)!;
    job.addBytes(second, 30);
    job.taskFailed(pass, second, new ServiceError('access_denied', "You don't have permission to write s3://to-bucket/archive/photos/b.jpg."), true);
    expect(job.next(pass)).toBeNull();
    job.passEnded(pass, null);
    expect(job.view(true)).toMatchObject({ status: 'failed', filesDone: 1, filesFailed: 1, bytesDone: 100, retryable: true, error: { code: 'access_denied' } });

    job.retry(true);
    expect(job.view(true)).toMatchObject({ status: 'queued', filesFailed: 0, error: null });
    const again = job.begin();
    expect(takeAll(job, again).map((task) => task.sourceKey)).toEqual(['home/photos/b.jpg', 'home/photos/c.jpg']);
  });

  it('cancelled: starts no more, those under way still count; retried while they finish, it runs again once they have', () => {
    const job = jobOf([object('a.jpg'), object('b.jpg'), object('c.jpg')]);
    const pass = job.begin();
    const [a, b] = [job.next(pass)!, job.next(pass)!];
    expect(job.cancel()).toBe(true);
    expect(pass.signal.aborted).toBe(true);
    expect(job.next(pass)).toBeNull();
    expect(job.view(true)).toMatchObject({ status: 'cancelled', retryable: true });
    job.taskDone(a);
    job.retry(true);
    expect(job.view(true).status).toBe('queued');
    // The pass being cancelled has not ended: no second one yet.
    expect(job.needsRun).toBe(false);
    job.taskStopped(b);
    job.passEnded(pass, null);
    expect(job.view(true)).toMatchObject({ status: 'queued', filesDone: 1 });
    expect(job.needsRun).toBe(true);
    const next = job.begin();
    expect(takeAll(job, next).map((task) => task.sourceKey)).toEqual(['home/photos/b.jpg', 'home/photos/c.jpg']);
  });

  it('ends for good with its session', () => {
    const job = jobOf([object('a.jpg')]);
    const pass = job.begin();
    job.endSession(new ServiceError('session_expired', 'You signed out or switched accounts, so this transfer stopped.'));
    expect(pass.signal.aborted).toBe(true);
    expect(job.view(true)).toMatchObject({ status: 'failed', retryable: false, error: { code: 'session_expired' } });
    expect(() => job.retry(true)).toThrow(expect.objectContaining({ code: 'session_expired' }));
  });

  it('a rename is labelled with its old and new name', () => {
    const job = jobOf([object('a.jpg')], 'skip', { rename: { item: 'home/photos/', newName: 'pictures' } });
    expect(job.view(true).label).toBe('photos → pictures');
  });

  describe('an object that appeared at a destination after the plan', () => {
    const taken = (key: string) => new DestinationTaken({ bucket: 'to-bucket', key });

    it('only a clash the user chose to replace is overwritten; every other destination must still be free', () => {
      const replacing = jobOf([object('a.jpg', { clash: true }), object('b.jpg'), object('', { clash: false })], 'replace');
      expect(takeAll(replacing, replacing.begin()).map((task) => [task.destinationKey, task.overwrite])).toEqual([
        ['archive/photos/a.jpg', true],
        ['archive/photos/b.jpg', false],
        ['archive/photos/', false],
      ]);
      const keeping = jobOf([object('a.jpg', { clash: true }), object('b.jpg')], 'keep-both');
      const pass = keeping.begin();
      keeping.named(pass, ['archive/photos/a (1).jpg', 'archive/photos/b.jpg']);
      expect(takeAll(keeping, pass).map((task) => task.overwrite)).toEqual([false, false]);
    });

    it('skip: it counts as skipped, its bytes taken back, and the job is done', () => {
      const job = jobOf([object('a.jpg'), object('b.jpg')], 'skip');
      const pass = job.begin();
      const [a, b] = takeAll(job, pass);
      job.addBytes(a!, 60);
      expect(job.destinationTaken(a!, taken(a!.destinationKey))).toBe(false);
      job.taskDone(b!);
      job.passEnded(pass, null);
      expect(job.view(true)).toMatchObject({ status: 'done', filesDone: 1, filesSkipped: 1, filesFailed: 0, bytesTotal: 100, bytesDone: 100 });
    });

    it('keep both: it takes the next number no object of the job has, again and again, and gives up after MAX_RENAMES', () => {
      const job = jobOf([object('a.jpg'), object('a (1).jpg'), object('a (3).jpg')], 'keep-both');
      const pass = job.begin();
      const [a] = takeAll(job, pass);
      expect(job.destinationTaken(a!, taken(a!.destinationKey))).toBe(true);
      expect(a!.destinationKey).toBe('archive/photos/a (2).jpg');
      expect(job.destinationTaken(a!, taken(a!.destinationKey))).toBe(true);
      expect(a!.destinationKey).toBe('archive/photos/a (4).jpg');
      for (let rename = 3; rename <= MAX_RENAMES; rename++) job.destinationTaken(a!, taken(a!.destinationKey));
      expect(() => job.destinationTaken(a!, taken(a!.destinationKey))).toThrow(
        expect.objectContaining({ code: 'already_exists', message: 'Other objects kept appearing under the names tried for a copy of “a.jpg” beside it, so it was not copied. Try again.' }),
      );
    });

    it('replace: the user was never asked about it, so it is not replaced — the failure says so', () => {
      const job = jobOf([object('a.jpg')], 'replace');
      const [a] = takeAll(job, job.begin());
      const failure = taken(a!.destinationKey);
      expect(() => job.destinationTaken(a!, failure)).toThrow(failure);
      expect(failure.message).toBe('An object appeared at s3://to-bucket/archive/photos/a.jpg after this copy was planned, so it was not replaced. Copy again to choose what to do with it.');
    });

    it('an empty-folder marker that appeared is the same empty folder: skipped, whatever the answer', () => {
      const job = jobOf([object('')], 'keep-both');
      const pass = job.begin();
      const [marker] = takeAll(job, pass);
      expect(job.destinationTaken(marker!, taken(marker!.destinationKey))).toBe(false);
    });
  });
});
