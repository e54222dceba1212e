import { randomUUID } from 'node:crypto';
import type { Selection, TransferJob } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { labelChosen, type ChosenItems } from './job';
import { JobLifecycle } from './job-lifecycle';

export interface DeleteSetup {
  bucket: string;
  /** The folder being browsed when the delete started. */
  prefix: string;
  sessionId: number;
  items: ChosenItems;
  selection: Selection;
  /** What the confirmation counted: the total shown until the job's own listing has counted further. */
  expectedCount: number | null;
}

/** What one DeleteObjects call did. */
export interface BatchOutcome {
  /** Objects now gone (folder markers not counted). */
  deleted: number;
  /** Keys selected one by one that are now gone: a retry neither sends nor counts them again. */
  selectedGone: string[];
  /** Objects S3 refused to delete (folder markers not counted). */
  failed: number;
  /** Why the first of them was refused. */
  firstError: ServiceError | null;
}

/** One pass over the selection, listing and deleting; the job's counting methods take it. */
export interface DeletePass {
  readonly signal: AbortSignal;
}

class Pass implements DeletePass {
  readonly controller = new AbortController();
  /** Objects found so far (each is then deleted, refused, or left when cancelled). */
  found = 0;
  failed = 0;
  /** The whole selection has been listed. */
  listed = false;

  constructor(
    /** Objects the job had deleted before this pass began (a retry's earlier passes). */
    readonly deletedBefore: number,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

/**
 * The delete of a selection — one user action — in the transfer list:
 * queued → running → done, failed or cancelled, and back to queued on retry.
 * It keeps counts, never the keys (a 100k-key folder is listed and deleted a
 * batch at a time by runDelete); only keys selected one by one that are gone
 * are remembered, so that a retry does not count them twice. A cancel stops
 * it at once, but the batch already sent still counts when S3 answers: what
 * it reports deleted is what is gone.
 */
export class DeleteJob extends JobLifecycle {
  readonly direction = 'delete' as const;
  readonly id = randomUUID();
  readonly bucket: string;
  readonly prefix: string;
  readonly sessionId: number;
  readonly selection: Selection;
  private readonly items: ChosenItems;
  private expected: number | null;
  /** The pass under way, if any. */
  private pass: Pass | null = null;
  /** The latest pass, under way or ended: what the view counts. */
  private last: Pass | null = null;
  /** The latest pass went through the whole selection. */
  private completed = false;
  private deleted = 0;
  private readonly selectedGone = new Set<string>();

  constructor(
    setup: DeleteSetup,
    private readonly now: () => number,
  ) {
    super();
    ({ bucket: this.bucket, prefix: this.prefix, sessionId: this.sessionId, items: this.items, selection: this.selection } = setup);
    this.expected = setup.expectedCount;
  }

  /** Queued (new or retried) with no pass under way: one should begin. */
  get needsRun(): boolean {
    return this.current === 'queued' && this.pass === null;
  }

  /** The keys selected one by one that are not gone yet, each once. */
  keysLeft(): string[] {
    return [...new Set(this.selection.keys)].filter((key) => !this.selectedGone.has(key));
  }

  // --- A pass -----------------------------------------------------------------------------------

  begin(): DeletePass {
    if (!this.needsRun) throw new Error('This delete is not waiting to run.');
    const pass = new Pass(this.deleted);
    this.pass = pass;
    this.last = pass;
    this.completed = false;
    this.startedAt ??= this.now();
    this.settle();
    return pass;
  }

  /** The listing found `objects` more objects to delete. */
  counted(pass: DeletePass, objects: number): void {
    if (pass === this.pass) this.pass.found += objects;
  }

  /** The selection has been listed to its end: the total is known. */
  listed(pass: DeletePass): void {
    if (pass === this.pass) this.pass.listed = true;
  }

  /** A DeleteObjects call answered; what it deleted counts even if the job was cancelled meanwhile. */
  batchDone(pass: DeletePass, outcome: BatchOutcome): void {
    this.deleted += outcome.deleted;
    for (const key of outcome.selectedGone) this.selectedGone.add(key);
    if (pass !== this.pass) return;
    this.pass.failed += outcome.failed;
    this.failure ??= outcome.firstError;
  }

  /** The pass ended: `complete` when it went through the whole selection; `error` fails the job. */
  passEnded(pass: DeletePass, error: ServiceError | null, complete: boolean): void {
    if (pass !== this.pass) return;
    this.pass = null;
    this.completed = complete;
    if (error) this.failure = error;
    this.settle();
  }

  // --- The job as a whole -------------------------------------------------------------------

  /** Lists the selection again and deletes what is left; what was deleted stays counted. */
  retry(sessionActive: boolean): void {
    this.requeue(sessionActive);
    // What the confirmation counted no longer holds: the new pass counts what is left.
    this.expected = null;
  }

  view(sessionActive: boolean): TransferJob {
    const listedAll = this.last?.listed ?? false;
    const counted = this.last ? this.last.deletedBefore + this.last.found : 0;
    const total = listedAll ? counted : Math.max(counted, this.expected ?? 0);
    const counting = !this.finished && !listedAll;
    return {
      id: this.id,
      direction: this.direction,
      label: labelChosen(this.items, counting && total === 0 ? null : `${total.toLocaleString('en-US')} ${total === 1 ? 'object' : 'objects'}`),
      bucket: this.bucket,
      prefix: this.prefix,
      status: this.current,
      filesTotal: total,
      filesDone: this.deleted,
      counting,
      filesSkipped: 0,
      filesFailed: this.last?.failed ?? 0,
      bytesTotal: 0,
      bytesDone: 0,
      bytesPerSecond: 0,
      startedAt: this.startedAt === null ? null : new Date(this.startedAt).toISOString(),
      finishedAt: this.finishedAt === null ? null : new Date(this.finishedAt).toISOString(),
      error: this.failure?.toIpcError() ?? null,
      retryable: (this.current === 'failed' || this.current === 'cancelled') && !this.sessionEnded && sessionActive && this.hasWorkLeft(),
      revealable: false,
    };
  }

  // --- Inside ---------------------------------------------------------------------------------

  protected hasWorkLeft(): boolean {
    return !this.completed || (this.last?.failed ?? 0) > 0 || this.failure !== null;
  }

  /** Works out the status after a pass began or ended. */
  private settle(): void {
    if (this.finished) return;
    if (this.pass !== null) {
      this.current = 'running';
      return;
    }
    // Retried while the pass being cancelled was still finishing its batch: the next pass is still to begin.
    if (!this.completed && this.failure === null) {
      this.current = 'queued';
      return;
    }
    this.current = this.failure !== null || (this.last?.failed ?? 0) > 0 ? 'failed' : 'done';
    this.finishedAt = this.now();
  }

  protected stop(status: 'cancelled' | 'failed'): void {
    this.current = status;
    this.finishedAt = this.now();
    this.pass?.controller.abort();
  }
}
