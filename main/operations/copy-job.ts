import { randomUUID } from 'node:crypto';
import type { ClashChoice, TransferJob } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import type { HostedJob, HostedProgress } from '../transfers/hosted-job';
import { labelChosen } from '../transfers/job';
import { JobLifecycle } from '../transfers/job-lifecycle';
import { SpeedMeter } from '../transfers/speed-meter';
import { clashOutcome, noNameLeft, numberedCandidates } from './clash-resolution';
import type { PlannedCopy } from './copy-plan';

type TaskState = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** One object of the job, as its pass runs it. */
export interface CopyTask {
  readonly sourceKey: string;
  /** Where it goes, clashes resolved (a new name once "keep both" found it taken: see destinationTaken). */
  readonly destinationKey: string;
  /** The user chose to replace what is at the destination; otherwise it is copied only if nothing is there. */
  readonly overwrite: boolean;
  readonly size: number;
}

/** How many times one kept copy looks for a new name when objects keep appearing under the names it picks. */
export const MAX_RENAMES = 10;

interface TaskRecord {
  sourceKey: string;
  /** Its key at the destination before clashes ("keep both" names are numbered from it). */
  plannedKey: string;
  destinationKey: string | null;
  overwrite: boolean;
  /** New names taken after its destination turned out to be taken. */
  renames: number;
  /** An empty-folder marker: one that appeared meanwhile is the same empty folder. */
  marker: boolean;
  size: number;
  /** Empty-folder markers go along, uncounted. */
  counted: boolean;
  state: TaskState;
  bytesDone: number;
}

/** One pass over the job's objects; the job's methods take it, so a pass that has ended changes nothing. */
export interface CopyPass {
  readonly signal: AbortSignal;
}

class Pass implements CopyPass {
  readonly controller = new AbortController();
  /** A failure every other object would repeat: start no more. */
  stopped = false;
  /** The next record to consider. */
  cursor = 0;

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

export interface CopyJobSetup {
  planned: PlannedCopy;
  choice: ClashChoice;
  sessionId: number;
  now: () => number;
}

/**
 * A server-side copy or move (a rename is a move) — one user action — in the
 * transfer list: queued → running → done, failed or cancelled, and back to
 * queued on retry (objects done stay done). It keeps one small record per
 * object and counts as they change; the objects themselves are copied by
 * runCopyPass (run-copy.ts), a few at a time. A cancel starts no more
 * objects; those under way end in one place (relocate-object.ts), and their
 * outcome still counts.
 */
export class CopyJob extends JobLifecycle implements HostedJob {
  readonly id = randomUUID();
  readonly direction: 'copy' | 'move';
  readonly sessionId: number;
  readonly choice: ClashChoice;
  readonly sourceBucket: string;
  readonly sourcePrefix: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly label: string;
  private readonly now: () => number;
  /** Kept until "keep both" names are chosen, then let go (it holds the destination's listing). */
  private planned: PlannedCopy | null;
  private readonly records: TaskRecord[];
  private readonly tally: Record<TaskState, number> = { pending: 0, running: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 };
  private pass: Pass | null = null;
  private moved = 0;
  private readonly speed = new SpeedMeter();
  /** Every destination key the job has given an object or found taken, once a kept copy needed a new name. */
  private spokenFor: Set<string> | null = null;

  constructor(
    setup: CopyJobSetup,
    private readonly runner: (job: CopyJob, progress: HostedProgress) => Promise<void>,
  ) {
    super();
    const { planned, choice } = setup;
    const { request } = planned;
    this.direction = request.mode;
    this.sessionId = setup.sessionId;
    this.choice = choice;
    this.now = setup.now;
    this.sourceBucket = request.sourceBucket;
    this.sourcePrefix = request.sourcePrefix;
    this.bucket = request.destinationBucket;
    this.prefix = request.destinationPrefix;
    const count = planned.objects.filter((object) => !object.marker).length;
    this.label = request.rename
      ? `${planned.items.name} → ${request.rename.newName}`
      : labelChosen(planned.items, `${count.toLocaleString('en-US')} ${count === 1 ? 'file' : 'files'}`);
    const sameBucket = request.sourceBucket === request.destinationBucket;
    let numbered = false;
    this.records = planned.objects.map((object) => {
      const outcome = clashOutcome(object, choice, sameBucket && object.sourceKey === object.plannedKey);
      numbered ||= outcome === 'numbered';
      const state: TaskState = outcome === 'skip' ? 'skipped' : 'pending';
      this.tally[state] += 1;
      const asPlanned = outcome === 'as-planned';
      return {
        sourceKey: object.sourceKey,
        plannedKey: object.plannedKey,
        destinationKey: asPlanned ? object.plannedKey : null,
        // Only a clash the user was shown and chose to replace is overwritten.
        overwrite: asPlanned && object.clash && !object.marker && choice === 'replace',
        renames: 0,
        marker: object.marker,
        size: object.size,
        counted: !object.marker,
        state,
        bytesDone: 0,
      };
    });
    this.planned = numbered ? planned : null;
  }

  get needsRun(): boolean {
    return this.current === 'queued' && this.pass === null;
  }

  run(progress: HostedProgress): Promise<void> {
    return this.runner(this, progress);
  }

  /** The plan, while some "keep both" names are still to be chosen (assignDestinations, clash-resolution.ts). */
  get unnamed(): PlannedCopy | null {
    return this.planned;
  }

  // --- A pass -----------------------------------------------------------------------------------

  begin(): CopyPass {
    if (!this.needsRun) throw new Error('This copy is not waiting to run.');
    const pass = new Pass();
    this.pass = pass;
    this.current = 'running';
    this.startedAt ??= this.now();
    this.speed.reset(this.now());
    return pass;
  }

  /** Every object's destination (null: skipped), in plan order, once "keep both" names are chosen. */
  named(pass: CopyPass, destinations: ReadonlyArray<string | null>): void {
    if (pass !== this.pass || !this.planned) return;
    this.planned = null;
    for (const [index, record] of this.records.entries()) {
      const key = destinations[index] ?? null;
      if (record.destinationKey !== null || record.state !== 'pending') continue;
      if (key === null) this.setState(record, 'skipped');
      else record.destinationKey = key;
    }
  }

  /** The next object to copy in this pass, now running; null when there is none, or the pass should start no more. */
  next(pass: CopyPass): CopyTask | null {
    if (pass !== this.pass || this.pass.stopped || this.pass.signal.aborted || this.planned) return null;
    while (this.pass.cursor < this.records.length) {
      const record = this.records[this.pass.cursor++]!;
      if (record.state !== 'pending' || record.destinationKey === null) continue;
      this.setState(record, 'running');
      return record as CopyTask;
    }
    return null;
  }

  /** Bytes S3 copied for a running object (it counts them once it is done or takes them back). */
  addBytes(task: CopyTask, bytes: number): void {
    const record = task as TaskRecord;
    if (record.state !== 'running') return;
    record.bytesDone += bytes;
    this.moved += bytes;
    this.speed.add(bytes, this.now());
  }

  taskDone(task: CopyTask): void {
    const record = this.end(task, 'done');
    this.moved += record.size - record.bytesDone;
    record.bytesDone = record.size;
    this.settle();
  }

  /**
   * Something appeared at a running object's destination after the plan (its
   * If-None-Match: * failed), so nothing was overwritten. Under "keep both"
   * it takes the next "name (n).ext" that no object of this job has and that
   * was not found taken, and answers true: copy it again there. Under "skip"
   * (and for an empty-folder marker: the same empty folder) it is skipped,
   * and answers false. Under "replace" the user was never asked about this
   * object, so it is not replaced: it throws `taken`, the failure to report
   * (taskFailed). After MAX_RENAMES new names it throws too.
   */
  destinationTaken(task: CopyTask, taken: ServiceError): boolean {
    const record = task as TaskRecord;
    if (record.state !== 'running') throw new Error('This object is not being copied.');
    if (record.marker || this.choice === 'skip') {
      this.takeBack(this.end(task, 'skipped'));
      this.settle();
      return false;
    }
    if (this.choice === 'replace') throw taken;
    if (record.renames >= MAX_RENAMES) {
      const name = record.plannedKey.slice(record.plannedKey.lastIndexOf('/') + 1);
      throw new ServiceError('already_exists', `Other objects kept appearing under the names tried for a copy of “${name}” beside it, so it was not copied. Try again.`);
    }
    const spokenFor = (this.spokenFor ??= new Set(this.records.flatMap((other) => (other.destinationKey === null ? [] : [other.destinationKey]))));
    spokenFor.add(task.destinationKey);
    let renamed: string | undefined;
    for (const candidate of numberedCandidates(record.plannedKey)) {
      if (spokenFor.has(candidate)) continue;
      renamed = candidate;
      break;
    }
    if (renamed === undefined) throw noNameLeft(record.plannedKey);
    spokenFor.add(renamed);
    record.destinationKey = renamed;
    record.renames += 1;
    this.takeBack(record);
    return true;
  }

  /** `jobWide`: every other object would fail the same way (copy-errors.ts JOB_WIDE), so the pass starts no more. */
  taskFailed(pass: CopyPass, task: CopyTask, error: ServiceError, jobWide: boolean): void {
    this.takeBack(this.end(task, 'failed'));
    this.failure ??= error;
    if (jobWide && pass === this.pass) this.pass.stopped = true;
    this.settle();
  }

  /** Cancelled while under way: it is where it was (the source), and a retry runs it again. */
  taskStopped(task: CopyTask): void {
    this.takeBack(this.end(task, 'cancelled'));
    this.settle();
  }

  /** The pass ended; `error` (say, "keep both" names could not be checked) fails the job. */
  passEnded(pass: CopyPass, error: ServiceError | null): void {
    if (pass !== this.pass) return;
    this.pass = null;
    if (error) this.failure ??= error;
    // Retried while this pass was being cancelled: what it left unfinished goes in the next one.
    if (this.current === 'queued') this.requeueUnfinished();
    this.settle();
  }

  // --- The job as a whole -------------------------------------------------------------------

  retry(sessionActive: boolean): void {
    this.requeue(sessionActive);
    this.requeueUnfinished();
  }

  view(sessionActive: boolean): TransferJob {
    let filesTotal = 0;
    let filesDone = 0;
    let filesSkipped = 0;
    let filesFailed = 0;
    let bytesTotal = 0;
    for (const record of this.records) {
      if (!record.counted) continue;
      filesTotal += 1;
      if (record.state === 'done') filesDone += 1;
      else if (record.state === 'skipped') filesSkipped += 1;
      else if (record.state === 'failed') filesFailed += 1;
      if (record.state !== 'skipped') bytesTotal += record.size;
    }
    return {
      id: this.id,
      direction: this.direction,
      label: this.label,
      bucket: this.bucket,
      prefix: this.prefix,
      source: { bucket: this.sourceBucket, prefix: this.sourcePrefix },
      status: this.current,
      filesTotal,
      filesDone,
      counting: false,
      filesSkipped,
      filesFailed,
      bytesTotal,
      bytesDone: this.moved,
      bytesPerSecond: this.current === 'running' ? this.speed.bytesPerSecond(this.now()) : 0,
      startedAt: this.startedAt === null ? null : new Date(this.startedAt).toISOString(),
      finishedAt: this.finishedAt === null ? null : new Date(this.finishedAt).toISOString(),
      error: this.failure?.toIpcError() ?? null,
      retryable: (this.current === 'failed' || this.current === 'cancelled') && !this.sessionEnded && sessionActive && this.hasWorkLeft(),
      revealable: false,
    };
  }

  // --- Inside ---------------------------------------------------------------------------------

  protected hasWorkLeft(): boolean {
    return this.planned !== null || this.tally.pending + this.tally.running + this.tally.failed + this.tally.cancelled > 0;
  }

  protected stop(status: 'cancelled' | 'failed'): void {
    this.current = status;
    this.finishedAt = this.now();
    this.pass?.controller.abort();
  }

  /**
   * Works out the status once a pass has ended: done, or failed if anything did. Nothing changes while a
   * pass runs (it is running, or queued again by a retry while a cancelled pass finishes its objects).
   */
  private settle(): void {
    if (this.finished || this.pass !== null || this.current === 'queued') return;
    this.current = this.failure !== null || this.tally.failed > 0 ? 'failed' : 'done';
    this.finishedAt = this.now();
  }

  private requeueUnfinished(): void {
    for (const record of this.records) if (record.state === 'failed' || record.state === 'cancelled') this.setState(record, 'pending');
  }

  private end(task: CopyTask, state: 'done' | 'skipped' | 'failed' | 'cancelled'): TaskRecord {
    const record = task as TaskRecord;
    if (record.state !== 'running') throw new Error('This object is not being copied.');
    this.setState(record, state);
    return record;
  }

  private takeBack(record: TaskRecord): void {
    this.moved -= record.bytesDone;
    record.bytesDone = 0;
  }

  private setState(record: TaskRecord, state: TaskState): void {
    this.tally[record.state] -= 1;
    this.tally[state] += 1;
    record.state = state;
  }
}
