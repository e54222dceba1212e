import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import type {
  DownloadRequest,
  DownloadStart,
  PickUploadRequest,
  PlanUploadRequest,
  StartUploadRequest,
  TransferJob,
  UploadPlan,
} from '../../../common/ipc-contract';
import { ServiceError, isServiceError } from '../errors';
import { describeError, silentLogger, type Logger } from '../logger';
import { errorName, mapS3Error } from '../s3-errors';
import type { SessionClients } from '../session-clients';
import { downloadFile } from './download-file';
import { expandDownload } from './download-plan';
import { isLocalFileError, localFileError } from './local-errors';
import { ChangeNotifier } from './change-notifier';
import { Fifo } from './fifo';
import { currentPlatform, type PathPlatform } from './local-path';
import { addTask, hasWorkLeft, isFinished, jobLabel, jobView, newJob, revealTarget, setState, type FileTask, type Job } from './job';
import { uploadFile } from './upload-file';
import { findExisting, scanLocal, type PlannedFile, type PlannedItem } from './upload-plan';

export interface TransferDialogs {
  /** A folder to download into; null when the user cancelled. */
  chooseDownloadFolder(): Promise<string | null>;
  /** Files (or one folder) to upload; null when the user cancelled. */
  chooseUploadSources(kind: 'files' | 'folder'): Promise<string[] | null>;
}

export interface TransferServiceOptions {
  clients: Pick<SessionClients, 'client' | 'isActive' | 'onSessionEnded'>;
  dialogs: TransferDialogs;
  /** Shows a file or folder in the file manager (shell.showItemInFolder in the app). */
  reveal: (path: string) => void;
  logger?: Logger;
  /** Files moving at once, across all jobs. */
  maxConcurrentFiles?: number;
  /** Multipart part size for uploads (at least 5 MiB, S3's minimum). */
  partSizeBytes?: number;
  /** Parts of one file in flight at once. */
  queueSize?: number;
  /** Wall-clock ms, for timestamps and speeds. */
  now?: () => number;
  /** How local names are made safe; this computer's rules by default. */
  platform?: PathPlatform;
  /** How long a plan waits for startUpload. */
  planTtlMs?: number;
}

const MIB = 1024 * 1024;
/** At most about five change events a second while bytes move; status changes go out at once. */
const EMIT_INTERVAL_MS = 200;
/** While anything runs, an event at least this often, so a stalled speed falls to 0 on screen. */
const HEARTBEAT_MS = 1_000;

interface HeldPlan {
  plan: UploadPlan;
  sessionId: number;
  files: PlannedFile[];
  items: PlannedItem[];
  existing: Set<string>;
  timer: NodeJS.Timeout;
}

/**
 * Downloads and uploads. A job is one user action (a file, a folder, a
 * selection); the files of every job share one queue, so at most
 * maxConcurrentFiles move at once whatever the number of jobs. Everything
 * runs under the session that started it: when that session ends, its work
 * stops and cannot be retried under someone else's credentials.
 */
export class TransferService {
  private readonly clients: TransferServiceOptions['clients'];
  private readonly dialogs: TransferDialogs;
  private readonly revealPath: (path: string) => void;
  private readonly logger: Logger;
  private readonly maxConcurrent: number;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly now: () => number;
  private readonly platform: PathPlatform;
  private readonly caseInsensitive: boolean;
  private readonly planTtlMs: number;

  private readonly jobs = new Map<string, Job>();
  private readonly plans = new Map<string, HeldPlan>();
  private readonly queue = new Fifo<FileTask>();
  private active = 0;
  private readonly work = new Set<Promise<void>>();
  private readonly changes: ChangeNotifier<TransferJob[]>;
  private heartbeat: NodeJS.Timeout | null = null;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(options: TransferServiceOptions) {
    this.clients = options.clients;
    this.dialogs = options.dialogs;
    this.revealPath = options.reveal;
    this.logger = options.logger ?? silentLogger;
    this.maxConcurrent = Math.max(1, options.maxConcurrentFiles ?? 4);
    this.partSize = Math.max(5 * MIB, options.partSizeBytes ?? 8 * MIB);
    this.queueSize = Math.max(1, options.queueSize ?? 4);
    this.now = options.now ?? Date.now;
    this.platform = options.platform ?? currentPlatform();
    // Linux file systems tell "A" from "a"; those of Windows and macOS (by default) do not.
    this.caseInsensitive = process.platform !== 'linux';
    this.planTtlMs = options.planTtlMs ?? 10 * 60_000;
    this.changes = new ChangeNotifier(() => this.list(), this.logger, EMIT_INTERVAL_MS);
    this.unsubscribe = this.clients.onSessionEnded((sessionId) => this.sessionEnded(sessionId));
  }

  // --- Downloads ---------------------------------------------------------------

  /** Asks where to, then queues the download; the listing of folders happens in the job. */
  async download(request: DownloadRequest): Promise<DownloadStart> {
    const { info } = this.clients.client();
    const root = await this.dialogs.chooseDownloadFolder();
    if (!root) return { status: 'cancelled' };
    if (!this.clients.isActive(info.id)) throw sessionEndedError();
    const single = request.keys.length + request.prefixes.length === 1;
    const job = this.createJob({
      direction: 'download',
      bucket: request.bucket,
      prefix: request.basePrefix,
      sessionId: info.id,
      items: {
        count: request.keys.length + request.prefixes.length,
        name: single ? lastSegment(request.keys[0] ?? request.prefixes[0]!) : '',
        kind: request.keys.length === 1 && single ? 'file' : 'folder',
      },
      download: {
        request,
        root: path.resolve(root),
        expanded: false,
        expanding: null,
        listedFiles: 0,
        listedBytes: 0,
        topFolders: [],
        firstFile: null,
        createdDirs: new Set(),
      },
    });
    this.track(this.expand(job));
    this.changes.urgent();
    return { status: 'started', job: this.view(job) };
  }

  private async expand(job: Job): Promise<void> {
    const download = job.download!;
    const controller = new AbortController();
    download.expanding = controller;
    this.markStarted(job);
    try {
      const { info, s3 } = this.clients.client();
      if (info.id !== job.sessionId) throw sessionEndedError();
      const expansion = await expandDownload({
        s3,
        request: download.request,
        root: download.root,
        platform: this.platform,
        caseInsensitive: this.caseInsensitive,
        signal: controller.signal,
        onProgress: (files, bytes) => {
          download.listedFiles = files;
          download.listedBytes = bytes;
          this.changes.soon();
        },
        onCreatedDirs: (dirs) => dirs.forEach((dir) => download.createdDirs.add(dir)),
      });
      download.topFolders = expansion.topFolders;
      if (controller.signal.aborted) return;
      for (const entry of expansion.entries) {
        const task = addTask(job, {
          key: entry.key,
          size: entry.size,
          name: entry.segments.join('/'),
          state: entry.archived ? 'skipped' : 'pending',
          segments: entry.segments,
        });
        if (entry.missing) {
          setState(task, 'failed');
          task.error = mapS3Error({ name: 'NoSuchKey' }, { action: 'download', bucket: job.bucket, key: entry.key });
          job.error ??= task.error;
        } else if (task.state === 'pending') {
          this.queue.push(task);
        }
      }
      download.expanded = true;
    } catch (error) {
      if (!controller.signal.aborted) job.error = this.failure(error, job, null);
    } finally {
      download.expanding = null;
      this.settle(job);
      this.changes.urgent();
      this.pump();
    }
  }

  // --- Uploads -------------------------------------------------------------------

  async pickUpload(request: PickUploadRequest): Promise<UploadPlan | null> {
    this.clients.client();
    const paths = await this.dialogs.chooseUploadSources(request.kind);
    if (!paths || paths.length === 0) return null;
    return this.planUpload({ bucket: request.bucket, prefix: request.prefix, paths });
  }

  /** Walks the chosen paths and checks which keys exist; main keeps the paths, the renderer gets names and totals. */
  async planUpload(request: PlanUploadRequest): Promise<UploadPlan> {
    const { info, s3 } = this.clients.client();
    const { bucket, prefix } = request;
    const scan = await scanLocal(request.paths, prefix);
    let existing = new Set<string>();
    if (scan.files.length > 0) {
      try {
        existing = await findExisting(s3, bucket, prefix, scan);
      } catch (error) {
        // Some roles may write but not list: the upload can still go ahead, only the overwrite question cannot be asked.
        if (errorName(error) !== 'AccessDenied') throw mapS3Error(error, { action: 'list', bucket, prefix });
        this.logger.info('Uploading without checking for existing keys: listing them is not allowed.');
      }
    }
    if (!this.clients.isActive(info.id)) throw sessionEndedError();
    const planId = randomUUID();
    const existingKeys = [...existing].sort();
    const plan: UploadPlan = {
      planId,
      bucket,
      prefix,
      fileCount: scan.files.length,
      totalBytes: scan.files.reduce((sum, file) => sum + file.size, 0),
      existing: existingKeys.slice(0, 20),
      existingCount: existingKeys.length,
      problems: scan.problems.slice(0, 20),
    };
    const timer = setTimeout(() => this.plans.delete(planId), this.planTtlMs);
    timer.unref();
    this.plans.set(planId, { plan, sessionId: info.id, files: scan.files, items: scan.items, existing, timer });
    return plan;
  }

  startUpload(request: StartUploadRequest): TransferJob {
    const held = this.plans.get(request.planId);
    if (!held || !this.clients.isActive(held.sessionId)) {
      throw new ServiceError('no_such_transfer', 'This upload is no longer ready to start. Choose the files again.');
    }
    this.discardUpload(request.planId);
    if (held.files.length === 0) throw new ServiceError('invalid_input', 'There is nothing to upload: none of the chosen items can be read.');
    const single = held.items.length === 1 ? held.items[0]! : null;
    const job = this.createJob({
      direction: 'upload',
      bucket: held.plan.bucket,
      prefix: held.plan.prefix,
      sessionId: held.sessionId,
      items: { count: held.items.length, name: single?.name ?? '', kind: single?.kind ?? 'folder' },
      download: null,
    });
    for (const file of held.files) {
      const skip = request.existing === 'skip' && held.existing.has(file.key);
      const task = addTask(job, { key: file.key, size: file.size, name: file.name, state: skip ? 'skipped' : 'pending', path: file.path });
      if (!skip) this.queue.push(task);
    }
    this.settle(job);
    this.changes.urgent();
    this.pump();
    return this.view(job);
  }

  discardUpload(planId: string): void {
    const held = this.plans.get(planId);
    if (!held) return;
    clearTimeout(held.timer);
    this.plans.delete(planId);
  }

  // --- The list --------------------------------------------------------------------

  list(): TransferJob[] {
    return [...this.jobs.values()].map((job) => this.view(job));
  }

  cancel(id: string): TransferJob {
    const job = this.job(id);
    if (isFinished(job.status)) return this.view(job);
    job.status = 'cancelled';
    job.finishedAt = this.now();
    this.stop(job);
    this.settle(job);
    this.changes.urgent();
    return this.view(job);
  }

  /** Runs a failed or cancelled job's unfinished files again; done files stay done. */
  retry(id: string): TransferJob {
    const job = this.job(id);
    if (job.status !== 'failed' && job.status !== 'cancelled') {
      throw new ServiceError('invalid_input', 'Only a failed or cancelled transfer can be retried.');
    }
    if (job.sessionEnded || !this.clients.isActive(job.sessionId)) {
      throw new ServiceError('session_expired', 'This transfer belonged to a session that has ended, so it cannot be retried. Start it again.');
    }
    if (!hasWorkLeft(job)) throw new ServiceError('invalid_input', 'Nothing of this transfer is left to retry.');
    job.status = 'queued';
    job.error = null;
    job.startedAt = null;
    job.finishedAt = null;
    for (const task of job.files) {
      if (task.state === 'done' || task.state === 'skipped') continue;
      task.error = null;
      if (task.controller) {
        task.requeue = true;
      } else if (task.state !== 'pending') {
        setState(task, 'pending');
        this.queue.push(task);
      }
    }
    if (job.download && !job.download.expanded) this.track(this.expand(job));
    this.settle(job);
    this.changes.urgent();
    this.pump();
    return this.view(job);
  }

  clearFinished(): TransferJob[] {
    for (const [id, job] of this.jobs) if (isFinished(job.status)) this.jobs.delete(id);
    this.changes.urgent();
    return this.list();
  }

  /** Reveals a download in the file manager: the folder it made, or its first file. */
  show(id: string): void {
    const job = this.job(id);
    if (job.direction !== 'download') throw new ServiceError('invalid_input', 'Only downloads can be shown in the file manager.');
    const target = revealTarget(job);
    if (!target) throw new ServiceError('invalid_input', 'Nothing of this transfer can be shown on this computer yet.');
    if (!existsSync(target)) throw new ServiceError('local_file_error', `“${path.basename(target)}” is no longer there.`);
    this.revealPath(target);
  }

  /** The whole list whenever it changes: at once for status changes, at most every 200 ms for progress. */
  onChanged(listener: (jobs: TransferJob[]) => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** Resolves once nothing runs any more, clean-up included (tests, and shutdown when it can wait). */
  async whenIdle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    for (const job of this.jobs.values()) {
      if (isFinished(job.status)) continue;
      job.status = 'cancelled';
      job.finishedAt = this.now();
      this.stop(job);
    }
    for (const planId of [...this.plans.keys()]) this.discardUpload(planId);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.changes.dispose();
  }

  // --- Running files -------------------------------------------------------------------

  private pump(): void {
    while (!this.disposed && this.active < this.maxConcurrent) {
      const task = this.queue.shift();
      if (!task) return;
      if (task.state !== 'pending' || task.controller || !this.jobs.has(task.job.id)) continue;
      this.track(this.run(task));
    }
  }

  private async run(task: FileTask): Promise<void> {
    const { job } = task;
    const controller = new AbortController();
    this.active += 1;
    task.controller = controller;
    job.busy += 1;
    setState(task, 'running');
    this.markStarted(job);
    this.changes.urgent();
    try {
      const { info, s3 } = this.clients.client();
      if (info.id !== job.sessionId) throw sessionEndedError();
      if (job.download) {
        const download = job.download;
        const finalPath = await downloadFile({
          s3,
          bucket: job.bucket,
          key: task.key,
          root: download.root,
          segments: task.segments!,
          platform: this.platform,
          signal: controller.signal,
          onBytes: (bytes) => this.addBytes(task, bytes),
          onCreatedDirs: (dirs) => dirs.forEach((dir) => download.createdDirs.add(dir)),
        });
        if (task.segments!.length === 1) download.firstFile ??= finalPath;
      } else {
        await uploadFile({
          s3,
          bucket: job.bucket,
          key: task.key,
          path: task.path!,
          name: task.name,
          partSize: this.partSize,
          queueSize: this.queueSize,
          signal: controller.signal,
          onProgress: (loaded) => this.addBytes(task, loaded - task.bytesDone),
          logger: this.logger,
        });
      }
      this.addBytes(task, task.size - task.bytesDone);
      setState(task, 'done');
    } catch (error) {
      // Bytes of a file that did not arrive are not "done": its partial copy is gone.
      this.addBytes(task, -task.bytesDone);
      if (controller.signal.aborted) {
        setState(task, 'cancelled');
      } else {
        task.error = this.failure(error, job, task);
        setState(task, 'failed');
        job.error ??= task.error;
        this.logger.warn(`A ${job.direction} failed: ${task.error.code}`);
      }
    } finally {
      task.controller = null;
      job.busy -= 1;
      this.active -= 1;
      if (task.requeue) {
        task.requeue = false;
        if (task.state !== 'done') {
          setState(task, 'pending');
          this.queue.push(task);
        }
      }
      this.settle(job);
      this.changes.urgent();
      this.pump();
    }
  }

  /** Aborts what runs and drops what waits. */
  private stop(job: Job): void {
    job.download?.expanding?.abort();
    for (const task of job.files) {
      task.requeue = false;
      if (task.controller) task.controller.abort();
      else if (task.state === 'pending') setState(task, 'cancelled');
    }
  }

  /** Works out the job's status after anything changed; tidies up once a job that did not finish has gone quiet. */
  private settle(job: Job): void {
    const quiet = job.busy === 0 && !job.download?.expanding;
    if (isFinished(job.status)) {
      if (quiet && job.status !== 'done') this.tidy(job);
      return;
    }
    const waiting = job.counts.pending > 0 || (job.download !== null && !job.download.expanded && job.error === null);
    if (!quiet || waiting) {
      job.status = job.startedAt === null ? 'queued' : 'running';
      return;
    }
    job.status = job.error !== null || job.counts.failed > 0 ? 'failed' : 'done';
    job.finishedAt = this.now();
    job.startedAt ??= job.finishedAt;
    if (job.status !== 'done') this.tidy(job);
  }

  /** Removes the folders a download made that stayed empty (a cancelled folder download leaves nothing behind). */
  private tidy(job: Job): void {
    const download = job.download;
    if (!download || download.createdDirs.size === 0) return;
    const dirs = [...download.createdDirs].sort((a, b) => b.length - a.length);
    download.createdDirs.clear();
    this.track(
      (async () => {
        for (const dir of dirs) await rmdir(dir).catch(() => undefined);
      })(),
    );
  }

  private sessionEnded(sessionId: number): void {
    for (const [planId, held] of this.plans) if (held.sessionId === sessionId) this.discardUpload(planId);
    for (const job of this.jobs.values()) {
      if (job.sessionId !== sessionId) continue;
      job.sessionEnded = true;
      if (isFinished(job.status)) continue;
      job.status = 'failed';
      job.error = sessionEndedError();
      job.finishedAt = this.now();
      this.stop(job);
      this.settle(job);
    }
    this.changes.urgent();
  }

  private failure(error: unknown, job: Job, task: FileTask | null): ServiceError {
    if (isServiceError(error)) return error;
    const name = task?.name ?? jobLabel(job);
    if (isLocalFileError(error)) return localFileError(error, job.direction === 'download' ? 'write' : 'read', name);
    if (errorName(error) === 'IncompleteDownload') {
      return new ServiceError('network_error', `The download of “${name}” was interrupted. Try again.`);
    }
    if (job.direction === 'download') {
      return task
        ? mapS3Error(error, { action: 'download', bucket: job.bucket, key: task.key })
        : mapS3Error(error, { action: 'download', bucket: job.bucket, prefix: job.prefix });
    }
    return mapS3Error(error, { action: 'upload to', bucket: job.bucket, prefix: job.prefix });
  }

  // --- Bookkeeping ------------------------------------------------------------------------

  private createJob(fields: Parameters<typeof newJob>[0]): Job {
    const job = newJob(fields);
    this.jobs.set(job.id, job);
    return job;
  }

  private addBytes(task: FileTask, bytes: number): void {
    if (bytes === 0) return;
    task.bytesDone += bytes;
    task.job.bytesDone += bytes;
    if (bytes > 0) task.job.speed.add(bytes, this.now());
    this.changes.soon();
  }

  private markStarted(job: Job): void {
    if (job.startedAt !== null) return;
    job.startedAt = this.now();
    job.speed.reset(job.startedAt);
    if (!isFinished(job.status)) job.status = 'running';
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        if ([...this.jobs.values()].some((candidate) => !isFinished(candidate.status))) {
          this.changes.soon();
        } else if (this.heartbeat) {
          clearInterval(this.heartbeat);
          this.heartbeat = null;
        }
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new ServiceError('no_such_transfer', 'This transfer is no longer in the list.');
    return job;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`A transfer failed unexpectedly: ${describeError(error)}`));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  private view(job: Job): TransferJob {
    return jobView(job, this.now(), this.clients.isActive(job.sessionId));
  }
}

export function sessionEndedError(): ServiceError {
  return new ServiceError('session_expired', 'You signed out or switched accounts, so this transfer stopped.');
}

function lastSegment(keyOrPrefix: string): string {
  const parts = keyOrPrefix.split('/').filter((part) => part !== '');
  return parts.at(-1) ?? keyOrPrefix;
}
