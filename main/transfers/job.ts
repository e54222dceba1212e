import { randomUUID } from 'node:crypto';
import type { DownloadRequest, TransferJob } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import type { DownloadExpansion } from './download-plan';
import { DownloadTarget } from './download-target';
import { FileTasks, type FileTask, type NewFile } from './file-tasks';
import { JobLifecycle } from './job-lifecycle';
import type { FileCheckpoint } from './move-file';
import { SuspendedError } from './suspended';
import type { JournalJob } from './transfer-journal';
import { missingKeyError } from './transfer-errors';

export type { FileState, FileTask, NewFile } from './file-tasks';

/** What the user chose: how many things, and the name when it was one. */
export interface ChosenItems {
  count: number;
  name: string;
  kind: 'file' | 'folder';
}

/** "report.pdf" for one file, else what was chosen with `count` (when known): "photos (1,204 files)", "3 items (12 files)". */
export function labelChosen(items: ChosenItems, count: string | null): string {
  if (items.count === 1 && items.kind === 'file') return items.name;
  const chosen = items.count === 1 ? items.name : `${items.count.toLocaleString('en-US')} items`;
  return count === null ? chosen : `${chosen} (${count})`;
}


export interface JobSetup {
  bucket: string;
  prefix: string;
  sessionId: number;
  items: ChosenItems;
}

export interface JobHooks {
  now: () => number;
  /** Hears of every file that becomes pending, in order, to run it when its turn comes. */
  enqueue: (task: FileTask) => void;
}

/**
 * A transfer job — one user action — and its files: queued → running →
 * done, failed or cancelled, and back to queued on retry. Every change goes
 * through a method here, which works out the status again at its end, so
 * the status always agrees with the files.
 */
export class Job extends JobLifecycle {
  /** Files to `skip` count as skipped from the start (they exist and the user chose not to replace them). */
  static forUpload(setup: JobSetup, files: ReadonlyArray<NewFile & { skip: boolean }>, hooks: JobHooks): Job {
    const job = new Job('upload', setup, hooks, null);
    for (const { skip, ...file } of files) job.files.add(file, skip ? 'skipped' : 'pending');
    job.settle();
    return job;
  }

  /** Its files come later, from listing the selection (beginListing, listingDone). */
  static forDownload(setup: JobSetup & { request: DownloadRequest; root: string }, hooks: JobHooks): Job {
    const { request, root, ...rest } = setup;
    return new Job('download', rest, hooks, new DownloadTarget(request, root));
  }

  readonly id = randomUUID();
  readonly bucket: string;
  readonly prefix: string;
  readonly sessionId: number;
  private readonly items: ChosenItems;
  private readonly files: FileTasks;

  private constructor(
    readonly direction: 'download' | 'upload',
    setup: JobSetup,
    private readonly hooks: JobHooks,
    private readonly download: DownloadTarget | null,
  ) {
    super();
    ({ bucket: this.bucket, prefix: this.prefix, sessionId: this.sessionId, items: this.items } = setup);
    this.files = new FileTasks(this, hooks.enqueue, hooks.now);
  }

  /** Downloads: the selection and the folder chosen for it. */
  get destination(): { request: DownloadRequest; root: string; existingDirs: Set<string> } | null {
    return this.download && { request: this.download.request, root: this.download.root, existingDirs: this.download.existingDirs };
  }

  /** A download whose selection is still to be listed into files, and no listing of it under way. */
  get needsListing(): boolean {
    return this.download !== null && !this.download.isListed && !this.download.isListing;
  }

  // --- A download's listing ----------------------------------------------------------------

  beginListing(): AbortSignal {
    if (!this.download) throw new Error('An upload has no listing.');
    const signal = this.download.beginListing();
    this.markStarted();
    this.settle();
    return signal;
  }

  listingProgress(files: number, bytes: number): void {
    this.download?.progress(files, bytes);
  }

  /** Folders the download made, so the empty ones can go again if it does not finish. */
  addCreatedDirs(dirs: readonly string[]): void {
    this.download?.addCreatedDirs(dirs);
  }

  /** The listing arrived: its files join the job (archived ones skipped, missing ones failed). Ignored once cancelled. */
  listingDone(expansion: DownloadExpansion): void {
    if (!this.download?.isListing) return;
    if (this.download.endListing(expansion.topFolders)) {
      for (const entry of expansion.entries) {
        const file = { key: entry.key, size: entry.size, name: entry.segments.join('/'), segments: entry.segments, checkpoint: entry.checkpoint };
        if (entry.missing) this.failure ??= missingKeyError(this.bucket, entry.key);
        this.files.add(file, entry.missing ? 'failed' : entry.archived ? 'skipped' : 'pending');
      }
    }
    this.settle();
  }

  /** The listing stopped short: with `error` it fails the job; without, it was cancelled. */
  listingStopped(error: ServiceError | null): void {
    if (!this.download?.isListing) return;
    this.download.endListing(null);
    if (error) this.failure = error;
    this.settle();
  }

  // --- Files -----------------------------------------------------------------------------------

  /** Begins an attempt at a pending file; null when it is not one to run (any more). */
  startFile(task: FileTask): AbortSignal | null {
    const signal = this.files.start(task);
    if (signal) {
      this.markStarted();
      this.settle();
    }
    return signal;
  }

  /** How far a running file got, for the journal. */
  checkpoint(task: FileTask, checkpoint: FileCheckpoint): void {
    this.files.checkpoint(task, checkpoint);
  }

  /** Bytes moved during a file's attempt (negative: taken back). */
  addBytes(task: FileTask, bytes: number): void {
    this.files.addBytes(task, bytes);
  }

  /** `localPath`: where a downloaded file landed (what "show" reveals of a one-file download). */
  fileDone(task: FileTask, localPath?: string): void {
    this.files.end(task, 'done');
    if (localPath && task.segments) this.download?.arrived(task.segments, localPath);
    this.settle();
  }

  fileFailed(task: FileTask, error: ServiceError): void {
    this.files.end(task, 'failed');
    this.failure ??= error;
    this.settle();
  }

  /** The file's attempt was cancelled (the job was cancelled or stopped). */
  fileStopped(task: FileTask): void {
    this.files.end(task, 'cancelled');
    this.settle();
  }

  // --- The job as a whole -------------------------------------------------------------------

  /**
   * Runs a failed or cancelled job's unfinished files again; done files stay
   * done. `sessionActive`: whether its session is still the one signed in.
   * A download not yet listed needs beginListing again (see needsListing).
   */
  retry(sessionActive: boolean): void {
    this.requeue(sessionActive);
    this.files.retryUnfinished();
    this.settle();
  }

  /**
   * The folders a download made, once it has gone quiet without finishing
   * well, deepest first, for removing those that stayed empty; each is
   * handed out once.
   */
  takeLeftoverDirs(): string[] {
    if (!this.download || !this.finished || this.current === 'done' || !this.quiet) return [];
    return this.download.takeCreatedDirs();
  }

  /** What "show" reveals: the folder a download made, or its first file; nothing before a file has arrived. */
  revealTarget(): string | null {
    if (!this.download || (this.files.counts.done === 0 && this.current !== 'done')) return null;
    return this.download.revealTarget(this.files.firstDone());
  }

  /** The job as the window sees it. `sessionActive`: whether its session is still the one signed in (else it cannot be retried). */
  view(sessionActive: boolean): TransferJob {
    const { counts } = this.files;
    const listing = this.unlisted();
    return {
      id: this.id,
      direction: this.direction,
      label: this.label(),
      bucket: this.bucket,
      prefix: this.prefix,
      status: this.current,
      filesTotal: listing?.files ?? this.files.length,
      filesDone: counts.done,
      counting: this.download?.isListing === true,
      filesSkipped: counts.skipped,
      filesFailed: counts.failed,
      bytesTotal: listing?.bytes ?? this.files.bytesTotal,
      bytesDone: this.files.bytesDone,
      bytesPerSecond: this.current === 'running' ? this.files.bytesPerSecond() : 0,
      startedAt: this.startedAt === null ? null : new Date(this.startedAt).toISOString(),
      finishedAt: this.finishedAt === null ? null : new Date(this.finishedAt).toISOString(),
      error: this.failure?.toIpcError() ?? null,
      retryable: (this.current === 'failed' || this.current === 'cancelled') && !this.sessionEnded && sessionActive && this.hasWorkLeft(),
      revealable: this.revealTarget() !== null,
    };
  }

  /** "report.pdf", "photos (1,204 files)", "3 items (12 files)". */
  label(): string {
    const listing = this.unlisted();
    const files = listing?.files ?? this.files.length;
    return labelChosen(this.items, listing && files === 0 ? null : `${files.toLocaleString('en-US')} ${files === 1 ? 'file' : 'files'}`);
  }

  // --- Inside ---------------------------------------------------------------------------------

  private get quiet(): boolean {
    return this.files.busy === 0 && !this.download?.isListing;
  }

  /** A download not (yet) listed into files shows what its listing found so far. */
  private unlisted(): { files: number; bytes: number } | null {
    return this.download && !this.download.isListed ? this.download.found : null;
  }

  protected hasWorkLeft(): boolean {
    return this.download?.isListed === false || this.files.unfinished;
  }

  /** Works out the status after anything changed: queued or running while anything runs or waits, then done or failed. */
  private settle(): void {
    if (this.finished) return;
    const waiting = this.files.counts.pending > 0 || (this.download?.isListed === false && this.failure === null);
    if (!this.quiet || waiting) {
      this.current = this.startedAt === null ? 'queued' : 'running';
      return;
    }
    this.current = this.failure !== null || this.files.counts.failed > 0 ? 'failed' : 'done';
    this.finishedAt = this.hooks.now();
    this.startedAt ??= this.finishedAt;
  }

  /** The app quits: it stops like a cancel, but what its files did (temp files, multipart uploads) is kept to resume. */
  suspend(): void {
    if (!this.finished) this.stop('cancelled', new SuspendedError());
  }

  /**
   * What the journal keeps of a job still queued or running: its unfinished files with their
   * checkpoints (a running file is pending again), and what is done; null once it has finished.
   */
  journal(): Pick<JournalJob, 'root' | 'done' | 'files' | 'items'> & { listed: boolean } | null {
    if (this.finished) return null;
    const files: JournalJob['files'] = [];
    const done = { files: 0, bytes: 0 };
    for (const file of this.files.all()) {
      if (file.state === 'done' || file.state === 'skipped') {
        done.files += file.state === 'done' ? 1 : 0;
        done.bytes += file.state === 'done' ? file.size : 0;
        continue;
      }
      if (file.state !== 'pending' && file.state !== 'running') continue;
      files.push({ key: file.key, size: file.size, name: file.name, segments: file.segments && [...file.segments], path: file.path, checkpoint: file.checkpoint });
    }
    return { items: this.items, root: this.download?.root, done, files, listed: this.download?.isListed !== false };
  }

  /** Ends it now: aborts what runs, drops what waits; what runs reports its end through fileStopped. */
  protected stop(status: 'cancelled' | 'failed', reason?: Error): void {
    this.current = status;
    this.finishedAt = this.hooks.now();
    this.download?.abortListing();
    this.files.stopAll(reason);
  }

  private markStarted(): void {
    if (this.startedAt !== null) return;
    this.startedAt = this.hooks.now();
    this.files.resetSpeed(this.startedAt);
  }
}
