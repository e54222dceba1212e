import type { TransferJob, TransferStatus } from '../../common/ipc';
import type { TaskbarProgress } from '../shared/desktop';

/** The part of the transfer queue the taskbar follows: its changes, each with the whole list. */
export interface TransferFeed {
  onChanged(listener: (jobs: TransferJob[]) => void): () => void;
}

export interface TaskbarProgressOptions {
  transfers: TransferFeed;
  taskbar: { setProgress(progress: TaskbarProgress): void };
  /** Wall-clock ms (Date.now by default). */
  now?: () => number;
  /** The fewest ms between two updates of the taskbar: 250 by default, at most four a second. */
  minIntervalMs?: number;
}

/** A change of less than this (half a percent) is not worth an update of the taskbar. */
const VISIBLE_STEP = 0.005;

const isActive = (status: TransferStatus | undefined) => status === 'queued' || status === 'running';

/**
 * What the queue adds up to since it last went busy: the jobs that ran in
 * this stretch (the ones done count as whole, so the bar never moves back
 * when one of several finishes) and the ones among them that failed since
 * the last start. A job that starts (new, or retried) clears the failures;
 * a cancelled or cleared job leaves the sum.
 */
export class TransferBatch {
  private readonly members = new Set<string>();
  private readonly failed = new Set<string>();
  private lastStatus = new Map<string, TransferStatus>();
  private busy = false;

  /** Takes in the whole list and answers what the taskbar should show. */
  update(jobs: readonly TransferJob[]): TaskbarProgress {
    const before = (job: TransferJob) => this.lastStatus.get(job.id);
    const starting = jobs.filter((job) => isActive(job.status) && !isActive(before(job)));
    // Unseen and failed already: it failed within one change (a key gone before its first byte).
    const failing = jobs.filter((job) => job.status === 'failed' && (before(job) === undefined || isActive(before(job))));
    if (!this.busy && (starting.length > 0 || failing.length > 0)) this.members.clear();
    if (starting.length > 0) this.failed.clear();
    for (const job of starting) this.members.add(job.id);
    for (const job of failing) {
      this.members.add(job.id);
      this.failed.add(job.id);
    }
    this.lastStatus = new Map(jobs.map((job) => [job.id, job.status]));
    // A failure the user cleared from the list has been seen.
    for (const id of [...this.failed]) if (!this.lastStatus.has(id)) this.failed.delete(id);
    this.busy = jobs.some((job) => isActive(job.status));
    return this.show(jobs);
  }

  private show(jobs: readonly TransferJob[]): TaskbarProgress {
    const busy = this.busy;
    const mode = this.failed.size > 0 ? 'error' : 'normal';
    if (!busy && mode === 'normal') return { kind: 'none' };
    const counted = jobs.filter((job) => this.members.has(job.id) && job.status !== 'cancelled');
    if (busy && counted.some((job) => isActive(job.status) && job.counting)) return { kind: 'indeterminate' };
    let done = 0;
    let total = 0;
    for (const job of counted) {
      const [jobDone, jobTotal] = amounts(job);
      done += job.status === 'done' ? jobTotal : jobDone;
      total += jobTotal;
    }
    if (total === 0) return busy ? { kind: 'indeterminate' } : { kind: 'fraction', fraction: 1, mode };
    return { kind: 'fraction', fraction: Math.min(1, done / total), mode };
  }
}

/**
 * How far a job got in its own unit: bytes where it moves any, else files
 * (a delete, a folder of empty files). Units mix only when deletes and
 * transfers run together, where the deletes' share is small anyway.
 */
function amounts(job: TransferJob): [done: number, total: number] {
  if (job.bytesTotal > 0) return [Math.min(job.bytesDone, job.bytesTotal), job.bytesTotal];
  return [Math.min(job.filesDone + job.filesSkipped, job.filesTotal), job.filesTotal];
}

/**
 * Shows the transfer queue's progress on the taskbar button or dock icon:
 * bytes done over bytes to move of the jobs running since the queue went
 * busy, a moving bar while a folder is still being counted, nothing once
 * the queue is idle, and a failure in red until the next transfer starts.
 * At most one update per minIntervalMs (the last state always arrives), and
 * none that would not change what is shown. Returns the function that stops it.
 */
export function followTransfersOnTaskbar(options: TaskbarProgressOptions): () => void {
  const now = options.now ?? Date.now;
  const interval = options.minIntervalMs ?? 250;
  const batch = new TransferBatch();
  let shown: TaskbarProgress = { kind: 'none' };
  let wanted: TaskbarProgress = shown;
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    if (sameOnScreen(shown, wanted)) return;
    shown = wanted;
    lastShownAt = now();
    options.taskbar.setProgress(shown);
  };

  const stopListening = options.transfers.onChanged((jobs) => {
    wanted = batch.update(jobs);
    if (timer) return;
    const wait = lastShownAt + interval - now();
    if (wait <= 0) flush();
    else {
      timer = setTimeout(flush, wait);
      timer.unref?.();
    }
  });
  return () => {
    stopListening();
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

function sameOnScreen(a: TaskbarProgress, b: TaskbarProgress): boolean {
  if (a.kind !== 'fraction' || b.kind !== 'fraction') return a.kind === b.kind;
  return a.mode === b.mode && Math.abs(a.fraction - b.fraction) < VISIBLE_STEP;
}
