import { describe, expect, it } from 'vitest';
import { DeleteJob, type BatchOutcome } from '../../../main/transfers/delete-job';
import { ServiceError } from '../../../main/shared/errors';

const selection = { bucket: 'desk-private', keys: ['home/a.txt', 'home/b.txt', 'home/a.txt'], prefixes: ['home/photos/'] };

function newJob(expectedCount: number | null = 3_500) {
  let now = 1_000;
  const job = new DeleteJob(
    { bucket: 'desk-private', prefix: 'home/', sessionId: 1, items: { count: 3, name: '', kind: 'folder' }, selection, expectedCount },
    () => (now += 10),
  );
  return job;
}

const batch = (deleted: number, overrides: Partial<BatchOutcome> = {}): BatchOutcome => ({ deleted, selectedGone: [], failed: 0, firstError: null, ...overrides });
const denied = new ServiceError('access_denied', "You don't have permission to delete s3://desk-private/other/x.txt.");

describe('a delete job', () => {
  it('is queued, then runs a pass: the confirmation’s count is its total until the listing counts further', () => {
    const job = newJob();
    expect(job.view(true)).toMatchObject({ direction: 'delete', status: 'queued', filesTotal: 3_500, filesDone: 0, counting: true, bytesTotal: 0 });
    expect(job.needsRun).toBe(true);

    const pass = job.begin();
    job.counted(pass, 1_000);
    job.batchDone(pass, batch(1_000));
    expect(job.view(true)).toMatchObject({ status: 'running', filesTotal: 3_500, filesDone: 1_000, counting: true, label: '3 items (3,500 objects)' });
    job.counted(pass, 3_000);
    expect(job.view(true)).toMatchObject({ filesTotal: 4_000, counting: true });

    job.listed(pass);
    job.batchDone(pass, batch(3_000));
    expect(job.view(true)).toMatchObject({ status: 'running', filesTotal: 4_000, filesDone: 4_000, counting: false });
    job.passEnded(pass, null, true);
    expect(job.view(true)).toMatchObject({ status: 'done', filesDone: 4_000, filesFailed: 0, retryable: false, error: null });
    expect(job.needsRun).toBe(false);
  });

  it('cancelled: stops at once, still counts the batch in flight, and a retry deletes what is left', () => {
    const job = newJob();
    const pass = job.begin();
    job.counted(pass, 2_000);
    job.batchDone(pass, batch(1_000));

    expect(job.cancel()).toBe(true);
    expect(pass.signal.aborted).toBe(true);
    expect(job.view(true)).toMatchObject({ status: 'cancelled', filesDone: 1_000, counting: false, retryable: true });
    // The batch sent before the cancel answers: it is gone, so it counts.
    job.batchDone(pass, batch(1_000));
    job.passEnded(pass, null, false);
    expect(job.view(true)).toMatchObject({ status: 'cancelled', filesDone: 2_000 });
    expect(job.cancel()).toBe(false);

    job.retry(true);
    expect(job.view(true)).toMatchObject({ status: 'queued', filesDone: 2_000 });
    const again = job.begin();
    // What is left is listed afresh; what was deleted stays counted.
    job.counted(again, 1_500);
    job.listed(again);
    job.batchDone(again, batch(1_500));
    job.passEnded(again, null, true);
    expect(job.view(true)).toMatchObject({ status: 'done', filesTotal: 3_500, filesDone: 3_500 });
  });

  it('retried while its cancelled pass still waits for S3: the next pass begins once that one ends', () => {
    const job = newJob();
    const pass = job.begin();
    job.cancel();
    job.retry(true);
    expect(job.needsRun).toBe(false);
    job.passEnded(pass, null, false);
    expect(job.view(true).status).toBe('queued');
    expect(job.needsRun).toBe(true);
  });

  it('refused keys count as failed, with the first refusal kept; a retry does not resend selected keys already gone', () => {
    const job = newJob(null);
    expect(job.keysLeft()).toEqual(['home/a.txt', 'home/b.txt']);
    const pass = job.begin();
    job.counted(pass, 2);
    job.listed(pass);
    job.batchDone(pass, batch(1, { selectedGone: ['home/a.txt'], failed: 1, firstError: denied }));
    job.passEnded(pass, null, true);
    expect(job.view(true)).toMatchObject({ status: 'failed', filesTotal: 2, filesDone: 1, filesFailed: 1, retryable: true, error: denied.toIpcError() });

    job.retry(true);
    expect(job.keysLeft()).toEqual(['home/b.txt']);
  });

  it('fails when a pass fails; only a failed or cancelled job with something left can be retried, under its own session', () => {
    const job = newJob();
    expect(() => job.retry(true)).toThrow(/Only a failed or cancelled transfer/);
    const pass = job.begin();
    job.passEnded(pass, denied, false);
    expect(job.view(true)).toMatchObject({ status: 'failed', error: denied.toIpcError(), retryable: true });
    expect(job.view(false).retryable).toBe(false);
    expect(() => job.retry(false)).toThrow(/session that has ended/);

    const done = newJob();
    const whole = done.begin();
    done.listed(whole);
    done.passEnded(whole, null, true);
    expect(() => done.retry(true)).toThrow(/Only a failed or cancelled/);
  });

  it('its session ending stops it for good', () => {
    const job = newJob();
    const pass = job.begin();
    job.endSession(new ServiceError('session_expired', 'You signed out or switched accounts, so this transfer stopped.'));
    expect(pass.signal.aborted).toBe(true);
    expect(job.view(true)).toMatchObject({ status: 'failed', retryable: false });
    expect(() => job.retry(true)).toThrow(/session that has ended/);
  });
});
