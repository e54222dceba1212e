import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type {
  DownloadRequest,
  DownloadStart,
  PickUploadRequest,
  StartDeleteRequest,
  StartUploadRequest,
  TransferJob,
  TransferStatus,
  UploadPlan,
} from '../../common/ipc';
import type { SessionClient } from '../aws/session-clients';
import { ServiceError } from '../shared/errors';
import { describeError, type Logger } from '../shared/logger';
import { ChangeNotifier } from './change-notifier';
import { DeleteJob } from './delete-job';
import { runDelete } from './delete-objects';
import { chosenItems, listDownload } from './download-listing';
import { Fifo } from './fifo';
import type { HostedJob } from './hosted-job';
import { Job, type ChosenItems, type FileTask, type JobHooks } from './job';
import { moveFile, type FileCheckpoint, type MoveSession } from './move-file';
import { sessionEndedError, transferFailure } from './transfer-errors';
import { transferSettings, type TransferDialogs, type TransferServiceOptions, type TransferSettings } from './transfer-options';
import { existingKeys, scanLocal } from './upload-plan';
import { UploadPlans } from './upload-plans';
import { abortAbandonedUploads, UploadRegistry, type CleanUpResult } from './upload-registry';
import { InterruptedTransfers } from './interrupted-transfers';
import { TransferJournal, type JournalJob } from './transfer-journal';

export type { TransferDialogs, TransferServiceOptions } from './transfer-options';

/** Local files and folders to upload into a bucket's folder. */
export interface LocalUploadRequest {
  bucket: string;
  prefix: string;
  paths: readonly string[];
}

/** While anything runs, an event at least this often (or every progressIntervalMs, if longer), so a stalled speed falls to 0 on screen. */
const HEARTBEAT_MS = 1_000;

/** A download or upload (files in the queue), a delete (batches of keys, run by itself), or a job another feature runs (hosted-job.ts). */
type AnyJob = Job | DeleteJob | HostedJob;

/**
 * Downloads, uploads and deletes. A job is one user action (a file, a folder,
 * a selection); the files of every download and upload share one queue, so at
 * most maxConcurrentFiles move at once whatever the number of jobs. A delete
 * moves no files: it lists and deletes its selection a batch at a time. Server-side
 * copies and moves (main/operations) run themselves and are only hosted here
 * (host), to be listed, cancelled and retried with the rest. Everything
 * runs under the session that started it: when that session ends, its work
 * stops and cannot be retried under someone else's credentials.
 */
export class TransferService {
  private readonly clients: TransferServiceOptions['clients'];
  private readonly dialogs: TransferDialogs;
  private readonly revealPath: (path: string) => void;
  private readonly logger: Logger;
  private readonly settings: TransferSettings;

  private readonly jobs = new Map<string, AnyJob>();
  private readonly plans: UploadPlans;
  private readonly uploads: UploadRegistry;
  private readonly journal: TransferJournal;
  /** What an earlier run left unfinished, waiting for its identity to resume or discard it. */
  private readonly interrupted: InterruptedTransfers;
  /** The identity each download or upload runs under (the journal's owner). */
  private readonly owners = new WeakMap<Job, string>();
  /** Requests in flight, as weighed by weightOf. */
  private slots = 0;
  /** The session whose abandoned uploads were cleaned up (or are being), and that clean-up. */
  private cleanUp: { sessionId: number; done: Promise<CleanUpResult> } | null = null;
  private readonly queue = new Fifo<FileTask>();
  private readonly hooks: JobHooks;
  private active = 0;
  private readonly work = new Set<Promise<void>>();
  private readonly changes: ChangeNotifier<TransferJob[]>;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(options: TransferServiceOptions) {
    this.clients = options.clients;
    this.dialogs = options.dialogs;
    this.revealPath = options.reveal;
    this.settings = transferSettings(options);
    this.logger = this.settings.logger;
    this.plans = new UploadPlans(this.settings.planTtlMs);
    this.uploads = options.uploadRegistry ?? new UploadRegistry({ logger: this.logger });
    this.journal = options.journal ?? new TransferJournal({ logger: this.logger });
    this.interrupted = new InterruptedTransfers(this.journal, this.settings.moving.fileSystem);
    this.hooks = { now: this.settings.now, enqueue: (task) => this.queue.push(task) };
    this.changes = new ChangeNotifier(() => this.list(), this.logger, this.settings.progressIntervalMs);
    this.unsubscribe = this.clients.onSessionEnded((sessionId) => this.sessionEnded(sessionId));
  }

  // --- Adding jobs ---------------------------------------------------------------------------

  /** Asks where to, then queues the download; the listing of folders happens in the job. */
  async download(request: DownloadRequest): Promise<DownloadStart> {
    const { info } = this.clients.client();
    const root = await this.dialogs.chooseDownloadFolder();
    if (!root) return { status: 'cancelled' };
    if (!this.clients.isActive(info.id)) throw sessionEndedError();
    const setup = { bucket: request.bucket, prefix: request.basePrefix, sessionId: info.id, items: chosenItems(request) };
    const job = this.add(Job.forDownload({ ...setup, request, root: path.resolve(root) }, this.hooks), info.identityId);
    this.expand(job);
    this.changes.urgent();
    return { status: 'started', job: this.view(job) };
  }

  /**
   * Queues the download of a selection into a folder main chose itself (a private folder for Open),
   * without a dialog. Not kept for a restart: what it was for (opening the file) would not follow.
   */
  downloadInto(request: DownloadRequest, root: string): TransferJob {
    const { info } = this.clients.client();
    const setup = { bucket: request.bucket, prefix: request.basePrefix, sessionId: info.id, items: chosenItems(request) };
    const job = this.add(Job.forDownload({ ...setup, request, root: path.resolve(root) }, this.hooks));
    this.expand(job);
    this.changes.urgent();
    return this.view(job);
  }

  /** Where a download put what it fetched (the folder it made, or its first file); null before anything arrived. */
  downloadedPath(id: string): string | null {
    const job = this.job(id);
    return job.direction === 'download' ? job.revealTarget() : null;
  }

  async pickUpload(request: PickUploadRequest): Promise<UploadPlan | null> {
    // Not signed in: say so before a dialog opens, not after the user chose.
    this.clients.client();
    const paths = await this.dialogs.chooseUploadSources(request.kind);
    if (!paths || paths.length === 0) return null;
    return this.planUpload({ bucket: request.bucket, prefix: request.prefix, paths });
  }

  /**
   * Walks the chosen paths and checks which keys exist; main keeps the paths, the renderer gets names and totals.
   * The paths are only ever ones the OS handed over: from the dialog above, or dropped files resolved in
   * preload (the preload-only planDroppedUpload operation); the page has no way to name one.
   */
  async planUpload(request: LocalUploadRequest): Promise<UploadPlan> {
    const { info, s3 } = this.clients.client();
    const { bucket, prefix } = request;
    const scan = await scanLocal(request.paths, prefix);
    const existing = await existingKeys(s3, bucket, prefix, scan, this.logger);
    if (!this.clients.isActive(info.id)) throw sessionEndedError();
    return this.plans.hold({ bucket, prefix, sessionId: info.id, scan, existing });
  }

  startUpload(request: StartUploadRequest): TransferJob {
    const held = this.plans.take(request.planId);
    if (!held || !this.clients.isActive(held.sessionId)) {
      throw new ServiceError('no_such_transfer', 'This upload is no longer ready to start. Choose the files again.');
    }
    if (held.files.length === 0) throw new ServiceError('invalid_input', 'There is nothing to upload: none of the chosen items can be read.');
    const { plan, sessionId, items, existing } = held;
    const single = items.length === 1 ? items[0]! : null;
    const chosen: ChosenItems = { count: items.length, name: single?.name ?? '', kind: single?.kind ?? 'folder' };
    const files = held.files.map((file) => ({ ...file, skip: request.existing === 'skip' && existing.has(file.key) }));
    const job = this.add(Job.forUpload({ bucket: plan.bucket, prefix: plan.prefix, sessionId, items: chosen }, files, this.hooks), this.clients.client().info.identityId);
    this.changes.urgent();
    this.pump();
    return this.view(job);
  }

  /** Queues the delete of a selection, which lists and deletes it a batch at a time, with progress. */
  startDelete(request: StartDeleteRequest): TransferJob {
    const { info } = this.clients.client();
    const { basePrefix, expectedCount, ...selection } = request;
    const setup = { bucket: selection.bucket, prefix: basePrefix, sessionId: info.id, items: chosenItems(selection), selection };
    const job = this.add(new DeleteJob({ ...setup, expectedCount: expectedCount ?? null }, this.settings.now));
    this.runDelete(job);
    this.changes.urgent();
    return this.view(job);
  }

  discardUpload(planId: string): void {
    this.plans.discard(planId);
  }

  /**
   * Lists a job that runs itself (a server-side copy or move) with the others, and runs it: it is
   * then cancelled, retried and stopped at the end of its session like any job of the list.
   */
  host(job: HostedJob): TransferJob {
    if (this.disposed) throw sessionEndedError();
    this.add(job);
    this.runHosted(job);
    this.changes.urgent();
    return this.view(job);
  }

  // --- The list --------------------------------------------------------------------------------

  list(): TransferJob[] {
    return [...this.interrupted.views(), ...[...this.jobs.values()].map((job) => this.view(job))];
  }

  /** Cancels a job; an interrupted one is discarded (its temp files removed, its multipart uploads aborted). */
  cancel(id: string): TransferJob {
    const left = this.interrupted.take(id);
    if (left) return this.discard(left);
    const job = this.job(id);
    if (job.cancel()) {
      this.tidy(job);
      this.changes.urgent();
    }
    return this.view(job);
  }

  /** Runs a failed or cancelled job's unfinished files again (done files stay done); a delete lists again and deletes what is left. */
  retry(id: string): TransferJob {
    const left = this.interrupted.take(id);
    if (left) return this.resume(left);
    const job = this.job(id);
    job.retry(this.clients.isActive(job.sessionId));
    if (job instanceof DeleteJob) {
      if (job.needsRun) this.runDelete(job);
    } else if (job instanceof Job) {
      if (job.needsListing) this.expand(job);
    } else if (job.needsRun) {
      this.runHosted(job);
    }
    this.changed(job);
    return this.view(job);
  }

  clearFinished(): TransferJob[] {
    for (const [id, job] of this.jobs) if (job.finished) this.jobs.delete(id);
    this.changes.urgent();
    return this.list();
  }

  /** Reveals a download in the file manager: the folder it made, or its first file. */
  show(id: string): void {
    const job = this.job(id);
    if (job.direction !== 'download') throw new ServiceError('invalid_input', 'Only downloads can be shown in the file manager.');
    const target = job.revealTarget();
    if (!target) throw new ServiceError('invalid_input', 'Nothing of this transfer can be shown on this computer yet.');
    if (!existsSync(target)) throw new ServiceError('local_file_error', `“${path.basename(target)}” is no longer there.`);
    this.revealPath(target);
  }

  /** The whole list whenever it changes: at once when a job's status changes, at most every progressIntervalMs (200 ms) when only its numbers moved. */
  onChanged(listener: (jobs: TransferJob[]) => void): () => void {
    return this.changes.subscribe(listener);
  }

  /**
   * Aborts the multipart uploads that the identity signed in now left unfinished in an earlier run
   * (the app quit mid-upload, or an abort failed), from the upload registry: never by listing the
   * bucket's uploads. Once per session, however often it is called (the composition root calls it
   * on every session change); signed out, it does nothing. Uploads of other identities wait for theirs.
   */
  cleanUpAbandonedUploads(): Promise<CleanUpResult> {
    const nothing = Promise.resolve({ aborted: 0, failed: 0 });
    if (this.disposed) return nothing;
    let current: SessionClient;
    try {
      current = this.clients.client();
    } catch {
      return nothing;
    }
    const { info, s3 } = current;
    if (this.cleanUp?.sessionId !== info.id) {
      // Uploads of interrupted transfers wait for the user's answer: resumed, or discarded (and then aborted).
      const done = this.interrupted.restore(info.identityId).then((keep) => {
        this.changes.urgent();
        return abortAbandonedUploads(this.uploads, info.identityId, s3, this.logger, keep);
      });
      this.cleanUp = { sessionId: info.id, done };
      this.track(done.then(() => undefined));
    }
    return this.cleanUp.done;
  }

  /** Resolves once nothing runs any more, clean-up included (tests, and shutdown when it can wait). */
  async whenIdle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /**
   * The app quits: the queue is written down as it stands (synchronously: nothing async may finish
   * now), then every job stops; downloads and uploads keep what they did, to be resumed next time.
   */
  dispose(): void {
    if (this.disposed) return;
    this.journal.close(this.snapshot());
    this.disposed = true;
    this.unsubscribe();
    for (const job of this.jobs.values()) {
      if (job instanceof Job) job.suspend();
      else job.cancel();
    }
    this.plans.dispose();
    this.changes.dispose();
  }

  // --- Running ------------------------------------------------------------------------------------

  /**
   * Starts queued files, in order, while requests are free: a small file takes one, a large one as
   * many as it moves at once (its ranges or parts), so 16 small files or two large ones run together.
   * The file at the head always starts when nothing runs, however heavy it is.
   */
  private pump(): void {
    while (!this.disposed) {
      const task = this.queue.peek();
      if (!task) return;
      const weight = this.weightOf(task);
      if (this.active > 0 && this.slots + weight > this.settings.maxConcurrentFiles) return;
      this.queue.shift();
      const before = task.job.status;
      // A queued file whose job was cleared, cancelled or already ran it is a stale entry.
      const signal = this.jobs.has(task.job.id) ? task.job.startFile(task) : null;
      if (signal) this.track(this.run(task, signal, weight, before));
    }
  }

  private weightOf(task: FileTask): number {
    const { ranged, partSize, queueSize } = this.settings.moving;
    const weight = task.job.direction === 'download' ? (task.size >= ranged.threshold ? ranged.streams : 1) : task.size > partSize ? queueSize : 1;
    return Math.min(weight, this.settings.maxConcurrentFiles);
  }

  /** Runs one file; `before`: the job's status before the file started. */
  private async run(task: FileTask, signal: AbortSignal, weight: number, before: TransferStatus): Promise<void> {
    const { job } = task;
    this.active += 1;
    this.slots += weight;
    this.keepAlive();
    this.tell(job, before);
    let ending = job.status;
    try {
      const onBytes = (bytes: number) => {
        job.addBytes(task, bytes);
        this.changes.soon();
      };
      const onCheckpoint = (checkpoint: FileCheckpoint) => {
        job.checkpoint(task, checkpoint);
        this.persist();
      };
      const landed = await moveFile(task, this.sessionFor(job), signal, this.settings.moving, onBytes, onCheckpoint);
      ending = job.status;
      job.fileDone(task, landed);
    } catch (error) {
      ending = job.status;
      if (signal.aborted) {
        job.fileStopped(task);
      } else {
        const failure = transferFailure(error, job, task);
        job.fileFailed(task, failure);
        this.logger.warn(`A ${job.direction} failed: ${failure.code}`);
      }
    } finally {
      this.active -= 1;
      this.slots -= weight;
      this.changed(job, ending);
    }
  }

  /** Lists a download's selection into files; once it ends, a retry made while it was being cancelled lists again. */
  private expand(job: Job): void {
    this.keepAlive();
    const listed = listDownload(job, () => this.s3For(job), this.settings.listing, () => this.changes.soon());
    this.track(
      listed.finally(() => {
        if (job.needsListing && !job.finished) this.expand(job);
        this.changed(job);
      }),
    );
  }

  /** Runs a pass of a delete; once it ends, a retry made while it was being cancelled runs another. */
  private runDelete(job: DeleteJob): void {
    this.keepAlive();
    const progress = { counted: () => this.changes.soon(), batchDone: () => this.changes.urgent() };
    this.track(
      runDelete(job, () => this.s3For(job), progress).finally(() => {
        if (job.needsRun) this.runDelete(job);
        this.changes.urgent();
      }),
    );
  }

  /** Runs a pass of a hosted job; once it ends, a retry made while it was being cancelled runs another. */
  private runHosted(job: HostedJob): void {
    this.keepAlive();
    const progress = { urgent: () => this.changes.urgent(), soon: () => this.changes.soon() };
    this.track(
      job.run(progress).finally(() => {
        if (job.needsRun && !this.disposed) this.runHosted(job);
        this.changes.urgent();
      }),
    );
  }

  // --- Interrupted by a quit, a crash or a reboot ------------------------------------------------

  /** Queues an interrupted transfer again under the session signed in now: only the unfinished files, from where each got. */
  private resume(left: JournalJob): TransferJob {
    const { info } = this.clients.client();
    const setup = { bucket: left.bucket, prefix: left.prefix, sessionId: info.id, items: left.items };
    let job: Job;
    if (left.direction === 'upload') {
      job = Job.forUpload(setup, left.files.map((file) => ({ ...file, skip: false })), this.hooks);
    } else {
      const request = { bucket: left.bucket, keys: left.files.map((file) => file.key), prefixes: [], basePrefix: left.prefix };
      job = Job.forDownload({ ...setup, request, root: left.root ?? '' }, this.hooks);
      job.beginListing();
      const entries = left.files.map((file) => ({ key: file.key, size: file.size, segments: file.segments ?? [], archived: false, missing: false, checkpoint: file.checkpoint }));
      job.listingDone({ entries, topFolders: [] });
    }
    this.add(job, info.identityId);
    this.changed(job);
    return this.view(job);
  }

  /** Drops an interrupted transfer: its temp files go, and its multipart uploads are aborted (they are no longer kept). */
  private discard(left: JournalJob): TransferJob {
    const view = { ...InterruptedTransfers.view(left), status: 'cancelled' as const, retryable: false };
    this.track(
      (async () => {
        await this.interrupted.removeTempFiles(left);
        const current = this.clients.client();
        await abortAbandonedUploads(this.uploads, current.info.identityId, current.s3, this.logger, this.interrupted.uploadIds(current.info.identityId));
      })(),
    );
    this.persist();
    this.changes.urgent();
    return view;
  }

  /** The journal's picture of the queue: every download and upload still queued or running, and what earlier runs left. */
  private snapshot(): JournalJob[] {
    const jobs: JournalJob[] = [];
    const savedAt = this.settings.now();
    for (const job of this.jobs.values()) {
      if (!(job instanceof Job)) continue;
      const owner = this.owners.get(job);
      const state = job.journal();
      // A download still being listed has moved nothing yet: there is nothing to resume.
      if (!owner || !state || state.files.length === 0) continue;
      const { listed: _listed, ...rest } = state;
      jobs.push({ id: job.id, direction: job.direction, owner, bucket: job.bucket, prefix: job.prefix, ...rest, savedAt });
    }
    return [...jobs, ...this.interrupted.all()];
  }

  private persist(): void {
    if (!this.disposed) this.journal.schedule(() => this.snapshot());
  }

  // --- Bookkeeping -----------------------------------------------------------------------------

  /**
   * After a job changed: tidy what it left, tell the window, and start what may start now.
   * `before`: its status before a file of it ended, when that is what changed (see tell).
   */
  private changed(job: AnyJob, before?: TransferStatus): void {
    this.tidy(job);
    if (before !== undefined && job instanceof Job) this.tell(job, before);
    else this.changes.urgent();
    this.persist();
    this.pump();
  }

  /**
   * A file of the job started or ended. The window hears at once when that moved the job's
   * status; when it only moved its counts, with the next progress event (progressIntervalMs away
   * at most). A folder of small files starts and ends hundreds of files a second: a snapshot of the
   * whole list, cloned to the window, for each was about 0.06 ms of CPU per file (profiled with
   * the bench's upload-small-files).
   */
  private tell(job: Job, before: TransferStatus): void {
    if (job.status !== before) this.changes.urgent();
    else this.changes.soon();
  }

  /** Removes the folders a download made that stayed empty (a cancelled folder download leaves nothing behind). */
  private tidy(job: AnyJob): void {
    if (!(job instanceof Job)) return;
    const dirs = job.takeLeftoverDirs();
    if (dirs.length === 0) return;
    this.track(
      (async () => {
        for (const dir of dirs) await rmdir(dir).catch(() => undefined);
      })(),
    );
  }

  private sessionEnded(sessionId: number): void {
    this.plans.discardSession(sessionId);
    this.interrupted.hide();
    for (const job of this.jobs.values()) {
      if (job.sessionId !== sessionId) continue;
      job.endSession(sessionEndedError());
      this.tidy(job);
    }
    this.changes.urgent();
  }

  /** The S3 client of the job's session, as long as that session is the one signed in. */
  private s3For(job: AnyJob): S3Client {
    return this.clientFor(job).s3;
  }

  /** What a file of the job moves under: its session's client, and the upload registry as its identity sees it. */
  private sessionFor(job: Job): MoveSession {
    const { info, s3 } = this.clientFor(job);
    return { s3, uploads: this.uploads.bookFor(info.identityId) };
  }

  private clientFor(job: AnyJob): SessionClient {
    const current = this.clients.client();
    if (current.info.id !== job.sessionId) throw sessionEndedError();
    return current;
  }

  private keepAlive(): void {
    this.changes.keepAlive(() => [...this.jobs.values()].some((job) => !job.finished), HEARTBEAT_MS);
  }

  private add<J extends AnyJob>(job: J, owner?: string): J {
    this.jobs.set(job.id, job);
    if (owner && job instanceof Job) this.owners.set(job, owner);
    this.persist();
    return job;
  }

  private job(id: string): AnyJob {
    const job = this.jobs.get(id);
    if (!job) throw new ServiceError('no_such_transfer', 'This transfer is no longer in the list.');
    return job;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`A transfer failed unexpectedly: ${describeError(error)}`));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  private view(job: AnyJob): TransferJob {
    return job.view(this.clients.isActive(job.sessionId));
  }
}
