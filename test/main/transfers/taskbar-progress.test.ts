import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransferJob } from '../../../common/ipc';
import type { TaskbarProgress } from '../../../main/shared/desktop';
import { followTransfersOnTaskbar, TransferBatch } from '../../../main/transfers/taskbar-progress';

const MIB = 1024 * 1024;

function job(id: string, fields: Partial<TransferJob> = {}): TransferJob {
  return {
    id,
    direction: 'upload',
    label: `${id}.bin`,
    bucket: 'desk-private',
    prefix: '',
    status: 'running',
    filesTotal: 1,
    filesDone: 0,
    counting: false,
    filesSkipped: 0,
    filesFailed: 0,
    bytesTotal: 10 * MIB,
    bytesDone: 0,
    bytesPerSecond: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
    retryable: false,
    revealable: false,
    ...fields,
  };
}

const fraction = (value: number, mode: 'normal' | 'error' = 'normal'): TaskbarProgress => ({ kind: 'fraction', fraction: value, mode });

describe('TransferBatch: what the taskbar shows of the queue', () => {
  it('shows bytes done over bytes to move of the running jobs, and nothing once the queue is idle', () => {
    const batch = new TransferBatch();
    expect(batch.update([])).toEqual({ kind: 'none' });
    expect(batch.update([job('a', { status: 'queued' })])).toEqual(fraction(0));
    expect(batch.update([job('a', { bytesDone: 5 * MIB }), job('b', { bytesTotal: 30 * MIB, bytesDone: 5 * MIB })])).toEqual(fraction(0.25));
    expect(batch.update([job('a', { status: 'done', bytesDone: 10 * MIB }), job('b', { status: 'done', bytesTotal: 30 * MIB, bytesDone: 30 * MIB })])).toEqual({
      kind: 'none',
    });
  });

  it('keeps a finished job of the stretch at its whole size, so the bar never moves back while others run', () => {
    const batch = new TransferBatch();
    batch.update([job('a'), job('b')]);
    expect(batch.update([job('a', { status: 'done', bytesDone: 10 * MIB }), job('b', { bytesDone: 0 })])).toEqual(fraction(0.5));
  });

  it('starts a new sum when the queue was idle: earlier jobs still in the list no longer count', () => {
    const batch = new TransferBatch();
    batch.update([job('a')]);
    batch.update([job('a', { status: 'done', bytesDone: 10 * MIB })]);
    expect(batch.update([job('a', { status: 'done', bytesDone: 10 * MIB }), job('b', { status: 'queued', bytesTotal: 40 * MIB })])).toEqual(fraction(0));
  });

  it('moves without a figure while a folder is still being counted, or while no size is known', () => {
    const batch = new TransferBatch();
    expect(batch.update([job('a', { direction: 'download', counting: true, bytesTotal: 3 * MIB }), job('b')])).toEqual({ kind: 'indeterminate' });
    expect(batch.update([job('c', { direction: 'download', bytesTotal: 0, filesTotal: 0 })])).toEqual({ kind: 'indeterminate' });
  });

  it('counts a delete in objects, since it moves no bytes', () => {
    const batch = new TransferBatch();
    expect(batch.update([job('d', { direction: 'delete', bytesTotal: 0, filesTotal: 4_000, filesDone: 1_000 })])).toEqual(fraction(0.25));
  });

  it('shows a failure as an error bar at what was reached, until the next transfer starts', () => {
    const batch = new TransferBatch();
    batch.update([job('a'), job('b')]);
    const failedA = job('a', { status: 'failed', bytesDone: 2 * MIB, error: { code: 'network_error', message: 'The download was interrupted.' } });
    expect(batch.update([failedA, job('b', { bytesDone: 4 * MIB })])).toEqual(fraction(0.3, 'error'));
    // The queue is idle, and the failure stays in view.
    expect(batch.update([failedA, job('b', { status: 'done', bytesDone: 10 * MIB })])).toEqual(fraction(0.6, 'error'));
    // The next start: a new sum, in the normal colour.
    expect(batch.update([failedA, job('b', { status: 'done', bytesDone: 10 * MIB }), job('c', { status: 'queued' })])).toEqual(fraction(0));
  });

  it('a retry of the failed job is a start; clearing the failed job from the list takes the error away', () => {
    const batch = new TransferBatch();
    batch.update([job('a')]);
    expect(batch.update([job('a', { status: 'failed', bytesDone: 5 * MIB })])).toEqual(fraction(0.5, 'error'));
    expect(batch.update([job('a', { status: 'queued', bytesDone: 5 * MIB })])).toEqual(fraction(0.5));
    expect(batch.update([job('a', { status: 'failed', bytesDone: 5 * MIB })])).toEqual(fraction(0.5, 'error'));
    expect(batch.update([])).toEqual({ kind: 'none' });
  });

  it('a job that fails before it was ever seen running still shows, on its own', () => {
    const batch = new TransferBatch();
    batch.update([job('old')]);
    batch.update([job('old', { status: 'done', bytesDone: 10 * MIB })]);
    const gone = job('gone', { status: 'failed', direction: 'download', bytesTotal: 0, filesTotal: 1, filesFailed: 1 });
    expect(batch.update([job('old', { status: 'done', bytesDone: 10 * MIB }), gone])).toEqual(fraction(0, 'error'));
  });

  it('leaves a cancelled job out of the sum, and shows nothing once the user cancelled everything', () => {
    const batch = new TransferBatch();
    batch.update([job('a'), job('b')]);
    expect(batch.update([job('a', { status: 'cancelled', bytesDone: 1 * MIB }), job('b', { bytesDone: 5 * MIB })])).toEqual(fraction(0.5));
    expect(batch.update([job('a', { status: 'cancelled' }), job('b', { status: 'cancelled' })])).toEqual({ kind: 'none' });
  });
});

describe('followTransfersOnTaskbar', () => {
  let listener: ((jobs: TransferJob[]) => void) | null;
  let shown: TaskbarProgress[];
  let stop: () => void;
  const transfers = {
    onChanged: (next: (jobs: TransferJob[]) => void) => {
      listener = next;
      return () => {
        listener = null;
      };
    },
  };

  beforeEach(() => {
    vi.useFakeTimers();
    listener = null;
    shown = [];
    stop = followTransfersOnTaskbar({ transfers, taskbar: { setProgress: (progress) => shown.push(progress) }, minIntervalMs: 250 });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('updates at most once per interval, and the last state always arrives', () => {
    listener!([job('a', { bytesDone: 0 })]);
    for (let step = 1; step <= 100; step++) {
      listener!([job('a', { bytesDone: (step * 10 * MIB) / 100 - 1 })]);
      vi.advanceTimersByTime(10);
    }
    // 100 changes over one second: at most one update per 250 ms of it, plus the first.
    expect(shown.length).toBeLessThanOrEqual(5);
    listener!([job('a', { status: 'done', bytesDone: 10 * MIB })]);
    vi.advanceTimersByTime(250);
    expect(shown.at(-1)).toEqual({ kind: 'none' });
  });

  it('sends nothing that would not change what is shown', () => {
    listener!([job('a', { bytesDone: 1 * MIB })]);
    vi.advanceTimersByTime(1_000);
    listener!([job('a', { bytesDone: 1 * MIB + 100 })]);
    vi.advanceTimersByTime(1_000);
    expect(shown).toEqual([fraction(0.1)]);
  });

  it('stops listening and drops a pending update when stopped', () => {
    listener!([job('a', { bytesDone: 1 * MIB })]);
    listener!([job('a', { bytesDone: 5 * MIB })]);
    stop();
    vi.advanceTimersByTime(1_000);
    expect(listener).toBeNull();
    expect(shown).toEqual([fraction(0.1)]);
  });
});
