import type { Job } from './job';
import type { FileCheckpoint } from './move-file';
import { SpeedMeter } from './speed-meter';

export type FileState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** One file of a job, as the queue sees it: read-only, since only its job moves it from state to state. */
export interface FileTask {
  readonly job: Job;
  readonly key: string;
  readonly size: number;
  /** Its path as the user sees it, for error sentences. */
  readonly name: string;
  readonly state: FileState;
  readonly bytesDone: number;
  /** Downloads: safe local names below the chosen folder. */
  readonly segments?: readonly string[];
  /** Uploads: the local file. */
  readonly path?: string;
  /** How far an earlier attempt (or an earlier run) got, to continue from there. */
  readonly checkpoint?: FileCheckpoint;
}

export type NewFile = Pick<FileTask, 'key' | 'size' | 'name' | 'segments' | 'path' | 'checkpoint'>;

interface TaskRecord extends FileTask {
  state: FileState;
  bytesDone: number;
  checkpoint?: FileCheckpoint;
  /** Set while an attempt runs (including its clean-up after a cancel). */
  attempt: AbortController | null;
  /** Queue it again as soon as the attempt still cleaning up has finished (retry right after cancel). */
  requeue: boolean;
}

/**
 * The files of one job and their tallies. Counts and byte totals are kept
 * as files change state, so a 100k-file job costs the same to show as a
 * one-file job. Every file that becomes pending goes to `enqueue`, in order.
 */
export class FileTasks {
  private readonly records: TaskRecord[] = [];
  private readonly tally: Record<FileState, number> = { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 };
  private attempts = 0;
  private owed = 0;
  private moved = 0;
  private readonly speed = new SpeedMeter();

  constructor(
    private readonly job: Job,
    private readonly enqueue: (task: FileTask) => void,
    private readonly now: () => number,
  ) {}

  get length(): number {
    return this.records.length;
  }

  get counts(): Readonly<Record<FileState, number>> {
    return this.tally;
  }

  /** Files with an attempt under way. */
  get busy(): number {
    return this.attempts;
  }

  /** Bytes to move; skipped files are not owed. */
  get bytesTotal(): number {
    return this.owed;
  }

  get bytesDone(): number {
    return this.moved;
  }

  /** Whether a retry would have anything to do; a file still running then is one being stopped. */
  get unfinished(): boolean {
    return this.tally.failed + this.tally.cancelled + this.tally.pending + this.tally.running > 0;
  }

  /** The local names of a file that arrived, if any did. */
  firstDone(): readonly string[] | undefined {
    return this.records.find((record) => record.state === 'done')?.segments;
  }

  add(file: NewFile, state: 'pending' | 'skipped' | 'failed'): void {
    const record: TaskRecord = { job: this.job, ...file, state, bytesDone: 0, attempt: null, requeue: false };
    this.records.push(record);
    this.tally[state] += 1;
    if (state !== 'skipped') this.owed += record.size;
    if (state === 'pending') this.enqueue(record);
  }

  /** Begins an attempt at a pending file; null when it is not one to run (any more). */
  start(task: FileTask): AbortSignal | null {
    const record = this.own(task);
    if (record.state !== 'pending' || record.attempt) return null;
    record.attempt = new AbortController();
    this.attempts += 1;
    this.setState(record, 'running');
    return record.attempt.signal;
  }

  /** Bytes moved (negative: taken back) during a file's attempt; none count outside one. */
  addBytes(task: FileTask, bytes: number): void {
    const record = this.own(task);
    if (record.attempt && bytes !== 0) this.move(record, bytes);
  }

  /** Remembers how far a running file got (kept until the file is done, cancelled or fails). */
  checkpoint(task: FileTask, checkpoint: FileCheckpoint): void {
    const record = this.own(task);
    if (record.attempt) record.checkpoint = checkpoint;
  }

  /** Every file, for the transfer journal. */
  all(): readonly FileTask[] {
    return this.records;
  }

  /** Ends a file's attempt; a file that did not arrive takes its bytes back, its partial copy being gone. */
  end(task: FileTask, state: 'done' | 'failed' | 'cancelled'): void {
    const record = this.own(task);
    if (!record.attempt) throw new Error('This file has no attempt under way.');
    record.attempt = null;
    this.attempts -= 1;
    // What a stopped attempt left is gone (a temp file removed, an upload aborted): a retry starts afresh.
    record.checkpoint = undefined;
    this.move(record, state === 'done' ? record.size - record.bytesDone : -record.bytesDone);
    this.setState(record, state);
    if (record.requeue) {
      record.requeue = false;
      if (state !== 'done') this.makePending(record);
    }
  }

  /** Aborts what runs (with `reason`: a suspend keeps what a file did) and drops what waits. */
  stopAll(reason?: Error): void {
    for (const record of this.records) {
      record.requeue = false;
      if (record.attempt) record.attempt.abort(reason);
      else if (record.state === 'pending') this.setState(record, 'cancelled');
    }
  }

  /** Queues every failed or cancelled file again; one still being stopped goes once its attempt has ended. */
  retryUnfinished(): void {
    for (const record of this.records) {
      if (record.state === 'done' || record.state === 'skipped' || record.state === 'pending') continue;
      if (record.attempt) record.requeue = true;
      else this.makePending(record);
    }
  }

  /** Starts measuring afresh (the job starts or restarts running). */
  resetSpeed(at: number): void {
    this.speed.reset(at);
  }

  bytesPerSecond(): number {
    return this.speed.bytesPerSecond(this.now());
  }

  private own(task: FileTask): TaskRecord {
    if (task.job !== this.job) throw new Error('This file belongs to another job.');
    return task as TaskRecord;
  }

  private makePending(record: TaskRecord): void {
    this.setState(record, 'pending');
    this.enqueue(record);
  }

  private move(record: TaskRecord, bytes: number): void {
    record.bytesDone += bytes;
    this.moved += bytes;
    if (bytes > 0) this.speed.add(bytes, this.now());
  }

  private setState(record: TaskRecord, state: FileState): void {
    this.tally[record.state] -= 1;
    this.tally[state] += 1;
    record.state = state;
  }
}
