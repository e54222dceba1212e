import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DownloadRequest, TransferJob, TransferStatus } from '../../../common/ipc-contract';
import type { ServiceError } from '../errors';
import { SpeedMeter } from './speed-meter';

/**
 * The bookkeeping of a transfer job and its files, and how a job looks to
 * the window. Counts are kept as files change state, so a 100k-file job
 * costs the same to show as a one-file job.
 */

export type FileState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface FileTask {
  job: Job;
  key: string;
  size: number;
  /** Its path as the user sees it, for error sentences. */
  name: string;
  state: FileState;
  bytesDone: number;
  error: ServiceError | null;
  /** Set while an attempt runs (including its clean-up after a cancel). */
  controller: AbortController | null;
  /** Queue it again as soon as the attempt still cleaning up has finished (retry right after cancel). */
  requeue: boolean;
  /** Downloads: safe local names below the chosen folder. */
  segments?: string[];
  /** Uploads: the local file. */
  path?: string;
}

export interface DownloadState {
  request: DownloadRequest;
  root: string;
  /** Whether the selection has been listed into files. */
  expanded: boolean;
  expanding: AbortController | null;
  listedFiles: number;
  listedBytes: number;
  topFolders: string[];
  firstFile: string | null;
  createdDirs: Set<string>;
}

export interface Job {
  id: string;
  direction: 'download' | 'upload';
  bucket: string;
  prefix: string;
  sessionId: number;
  status: TransferStatus;
  files: FileTask[];
  counts: Record<FileState, number>;
  /** Tasks with an attempt under way. */
  busy: number;
  bytesTotal: number;
  bytesDone: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: ServiceError | null;
  sessionEnded: boolean;
  speed: SpeedMeter;
  /** Number of things the user chose, and the name when it was one. */
  items: { count: number; name: string; kind: 'file' | 'folder' };
  download: DownloadState | null;
}

export function newJob(fields: Pick<Job, 'direction' | 'bucket' | 'prefix' | 'sessionId' | 'items' | 'download'>): Job {
  return {
    id: randomUUID(),
    ...fields,
    status: 'queued',
    files: [],
    counts: { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 },
    busy: 0,
    bytesTotal: 0,
    bytesDone: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
    sessionEnded: false,
    speed: new SpeedMeter(),
  };
}

export function addTask(job: Job, fields: Pick<FileTask, 'key' | 'size' | 'name' | 'state' | 'segments' | 'path'>): FileTask {
  const task: FileTask = { job, ...fields, bytesDone: 0, error: null, controller: null, requeue: false };
  job.files.push(task);
  job.counts[task.state] += 1;
  if (task.state !== 'skipped') job.bytesTotal += task.size;
  return task;
}

export function setState(task: FileTask, state: FileState): void {
  task.job.counts[task.state] -= 1;
  task.job.counts[state] += 1;
  task.state = state;
}

export function isFinished(status: TransferStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

export function hasWorkLeft(job: Job): boolean {
  if (job.download && !job.download.expanded) return true;
  // A file still running here is one being stopped (the job is already cancelled or failed).
  return job.counts.failed + job.counts.cancelled + job.counts.pending + job.counts.running > 0;
}

/** What "show" reveals: the folder a download made, or its first file; nothing before a file has arrived. */
export function revealTarget(job: Job): string | null {
  const download = job.download;
  if (!download) return null;
  if (job.counts.done === 0 && job.status !== 'done') return null;
  if (download.topFolders[0]) return download.topFolders[0];
  if (download.firstFile) return download.firstFile;
  const task = job.files.find((candidate) => candidate.state === 'done');
  return task?.segments ? path.join(download.root, task.segments[0]!) : null;
}

/** "report.pdf", "photos (1,204 files)", "3 items (12 files)". */
export function jobLabel(job: Job): string {
  const listing = job.download !== null && !job.download.expanded;
  const files = listing ? job.download!.listedFiles : job.files.length;
  const count = `${files.toLocaleString('en-US')} ${files === 1 ? 'file' : 'files'}`;
  if (job.items.count === 1 && job.items.kind === 'file') return job.items.name;
  const chosen = job.items.count === 1 ? job.items.name : `${job.items.count.toLocaleString('en-US')} items`;
  return listing && files === 0 ? chosen : `${chosen} (${count})`;
}

/** The job as the window sees it. `sessionActive`: whether its session is still the one signed in (else it cannot be retried). */
export function jobView(job: Job, now: number, sessionActive: boolean): TransferJob {
  const listing = job.download !== null && !job.download.expanded;
  return {
    id: job.id,
    direction: job.direction,
    label: jobLabel(job),
    bucket: job.bucket,
    prefix: job.prefix,
    status: job.status,
    filesTotal: listing ? job.download!.listedFiles : job.files.length,
    filesDone: job.counts.done,
    filesSkipped: job.counts.skipped,
    filesFailed: job.counts.failed,
    bytesTotal: listing ? job.download!.listedBytes : job.bytesTotal,
    bytesDone: job.bytesDone,
    bytesPerSecond: job.status === 'running' ? job.speed.bytesPerSecond(now) : 0,
    startedAt: job.startedAt === null ? null : new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
    error: job.error?.toIpcError() ?? null,
    retryable: (job.status === 'failed' || job.status === 'cancelled') && !job.sessionEnded && sessionActive && hasWorkLeft(job),
    revealable: revealTarget(job) !== null,
  };
}
