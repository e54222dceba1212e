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
import { Job, type ChosenItems, type FileTask, type JobHooks } from './job';
import { moveFile, type MoveSession } from './move-file';
import { sessionEndedError, transferFailure } from './transfer-errors';
import { transferSettings, type TransferDialogs, type TransferServiceOptions, type TransferSettings } from './transfer-options';
import { existingKeys, scanLocal } from './upload-plan';
import { UploadPlans } from './upload-plans';
import { abortAbandonedUploads, UploadRegistry, type CleanUpResult } from './upload-registry';

export type { TransferDialogs, TransferServiceOptions } from './transfer-options';

/** Local files and folders to upload into a bucket's folder. */
export interface LocalUploadRequest {
  bucket: string;
  prefix: string;
  paths: readonly string[];
}

/** At most about five change events a second while bytes move; status changes go out at once. */
const EMIT_INTERVAL_MS = 200;
/** While anything runs, an event at least this often, so a stalled speed falls to 0 on screen. */
const HEARTBEAT_MS = 1_000;

/** A download or upload (files in the queue), or a delete (batches of keys, run by itself). */
type AnyJob = Job | DeleteJob;

/**
 * Downloads, uploads and deletes. A job is one user action (a file, a folder,
 * a selection); the files of every download and upload share one queue, so at
 * most maxConcurrentFiles move at once whatever the number of jobs. A delete
 * moves no files: it lists and deletes its selection a batch at a time. Everything
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
    this.hooks = { now: this.settings.now, enqueue: (task) => this.queue.push(task) };
    this.changes = new ChangeNotifier(() => this.list(), this.logger, EMIT_INTERVAL_MS);
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
    const job = this.add(Job.forDownload({ ...setup, request, root: path.resolve(root) }, this.hooks));
    this.expand(job);
    this.changes.urgent();
    return { status: 'started', job: this.view(job) };
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
    const job = this.add(Job.forUpload({ bucket: plan.bucket, prefix: plan.prefix, sessionId, items: chosen }, files, this.hooks));
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

  // --- The list --------------------------------------------------------------------------------

  list(): TransferJob[] {
    return [...this.jobs.values()].map((job) => this.view(job));
  }

  cancel(id: string): TransferJob {
    const job = this.job(id);
    if (job.cancel()) {
      this.tidy(job);
      this.changes.urgent();
    }
    return this.view(job);
  }

  /** Runs a failed or cancelled job's unfinished files again (done files stay done); a delete lists again and deletes what is left. */
  retry(id: string): TransferJob {
    const job = this.job(id);
    job.retry(this.clients.isActive(job.sessionId));
    if (job instanceof DeleteJob) {
      if (job.needsRun) this.runDelete(job);
    } else if (job.needsListing) {
      this.expand(job);
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

  /** The whole list whenever it changes: at once for status changes, at most every 200 ms for progress. */
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
      const done = abortAbandonedUploads(this.uploads, info.identityId, s3, this.logger);
      this.cleanUp = { sessionId: info.id, done };
      this.track(done.then(() => undefined));
    }
    return this.cleanUp.done;
  }

  /** Resolves once nothing runs any more, clean-up included (tests, and shutdown when it can wait). */
  async whenIdle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    for (const job of this.jobs.values()) job.cancel();
    this.plans.dispose();
    this.changes.dispose();
  }

  // --- Running ------------------------------------------------------------------------------------

  private pump(): void {
    while (!this.disposed && this.active < this.settings.maxConcurrentFiles) {
      const task = this.queue.shift();
      if (!task) return;
      // A queued file whose job was cleared, cancelled or already ran it is a stale entry.
      const signal = this.jobs.has(task.job.id) ? task.job.startFile(task) : null;
      if (signal) this.track(this.run(task, signal));
    }
  }

  private async run(task: FileTask, signal: AbortSignal): Promise<void> {
    const { job } = task;
    this.active += 1;
    this.keepAlive();
    this.changes.urgent();
    try {
      const onBytes = (bytes: number) => {
        job.addBytes(task, bytes);
        this.changes.soon();
      };
      job.fileDone(task, await moveFile(task, this.sessionFor(job), signal, this.settings.moving, onBytes));
    } catch (error) {
      if (signal.aborted) {
        job.fileStopped(task);
      } else {
        const failure = transferFailure(error, job, task);
        job.fileFailed(task, failure);
        this.logger.warn(`A ${job.direction} failed: ${failure.code}`);
      }
    } finally {
      this.active -= 1;
      this.changed(job);
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

  // --- Bookkeeping -----------------------------------------------------------------------------

  /** After a job changed: tidy what it left, tell the window, and start what may start now. */
  private changed(job: AnyJob): void {
    this.tidy(job);
    this.changes.urgent();
    this.pump();
  }

  /** Removes the folders a download made that stayed empty (a cancelled folder download leaves nothing behind). */
  private tidy(job: AnyJob): void {
    if (job instanceof DeleteJob) return;
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

  private add<J extends AnyJob>(job: J): J {
    this.jobs.set(job.id, job);
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
