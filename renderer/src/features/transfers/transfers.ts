import type { TransferJob } from '../../../../common/ipc';
import { countOf, formatBytes } from '../../shared/format/formatBytes';
import { formatDuration } from '../../shared/format/formatAge';
import { formatDateTime } from '../../shared/format/formatDate';

export const isActive = (job: TransferJob) => job.status === 'queued' || job.status === 'running';
/** Interrupted jobs are neither: they wait for the user to resume or discard them. */
export const isInterrupted = (job: TransferJob) => job.status === 'interrupted';
/** Done, failed or cancelled: what "Clear finished" removes. */
export const isFinished = (job: TransferJob) => !isActive(job) && !isInterrupted(job);

/** "48 MB/s" */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds until a running job finishes at its current speed; null when unknown. */
export function secondsLeft(job: TransferJob): number | null {
  if (job.status !== 'running' || job.bytesPerSecond <= 0 || job.bytesTotal <= 0) return null;
  return Math.max(0, job.bytesTotal - job.bytesDone) / job.bytesPerSecond;
}

/** The panel header's summary: "2 running · 48 MB/s", "3 queued", "1 failed", "2 interrupted", "5 done". */
export function summarizeTransfers(jobs: readonly TransferJob[]): string {
  if (jobs.length === 0) return 'No transfers';
  const running = jobs.filter((job) => job.status === 'running');
  const queued = jobs.filter((job) => job.status === 'queued').length;
  const failed = jobs.filter((job) => job.status === 'failed').length;
  const interrupted = jobs.filter(isInterrupted).length;
  const done = jobs.filter((job) => job.status === 'done').length;
  const parts: string[] = [];
  if (running.length > 0) {
    parts.push(`${running.length} running`);
    const speed = running.reduce((sum, job) => sum + job.bytesPerSecond, 0);
    if (speed > 0) parts.push(formatSpeed(speed));
  }
  if (queued > 0) parts.push(`${queued} queued`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (interrupted > 0) parts.push(`${interrupted} interrupted`);
  if (parts.length === 0 && done > 0) parts.push(`${done} done`);
  if (parts.length === 0) parts.push(`${jobs.length} finished`);
  return parts.join(' · ');
}

/**
 * "12 MB of 40 MB · 3 of 10 files · 2.1 MB/s · 14 s left"; a delete: "1,000 of 3,500 objects deleted · still counting".
 * Speed and time left only while running: a queued, finished or interrupted job shows how far it got.
 */
export function describeProgress(job: TransferJob): string {
  if (job.direction === 'delete') return describeDeleteProgress(job);
  const parts = [`${formatBytes(job.bytesDone)} of ${formatBytes(job.bytesTotal)}`];
  if (job.filesTotal > 1) parts.push(`${job.filesDone.toLocaleString()} of ${job.filesTotal.toLocaleString()} files`);
  if (job.status === 'running' && job.bytesPerSecond > 0) parts.push(formatSpeed(job.bytesPerSecond));
  const left = secondsLeft(job);
  if (left !== null) parts.push(`${formatDuration(left)} left`);
  return parts.join(' · ');
}

/**
 * A delete moves no bytes: its progress is in objects, its total still growing while it counts
 * (it lists the selection as it deletes it), and what S3 refused.
 */
function describeDeleteProgress(job: TransferJob): string {
  const parts = [
    job.status === 'done' && job.filesFailed === 0
      ? `${countOf(job.filesDone, 'object', 'objects')} deleted`
      : `${job.filesDone.toLocaleString()} of ${countOf(job.filesTotal, 'object', 'objects')} deleted`,
  ];
  if (job.counting && isActive(job)) parts.push('still counting');
  if (job.filesFailed > 0) parts.push(`${job.filesFailed.toLocaleString()} couldn’t be deleted`);
  return parts.join(' · ');
}

const RUNNING: Record<TransferJob['direction'], string> = {
  upload: 'Uploading',
  download: 'Downloading',
  delete: 'Deleting',
  copy: 'Copying',
  move: 'Moving',
};

/** The status in words: "Queued", "Uploading", "Deleting", "Done", "Done, 3 skipped", "Failed", "Cancelled", "Interrupted". */
export function describeStatus(job: TransferJob): string {
  switch (job.status) {
    case 'queued':
      return 'Queued';
    case 'running':
      return RUNNING[job.direction];
    case 'done': {
      const notes = [
        job.filesSkipped > 0 ? `${job.filesSkipped.toLocaleString()} skipped` : null,
        job.filesFailed > 0 ? `${job.filesFailed.toLocaleString()} failed` : null,
      ].filter(Boolean);
      return notes.length > 0 ? `Done, ${notes.join(', ')}` : 'Done';
    }
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'interrupted':
      return 'Interrupted';
  }
}

/** Progress as a fraction 0…1 (bytes when known, else files). */
export function progressFraction(job: TransferJob): number {
  if (job.status === 'done') return 1;
  if (job.bytesTotal > 0) return Math.min(1, job.bytesDone / job.bytesTotal);
  if (job.filesTotal > 0) return Math.min(1, (job.filesDone + job.filesSkipped + job.filesFailed) / job.filesTotal);
  return 0;
}

/**
 * Why an interrupted job stopped, and when it last made progress (main saves the queue as it runs):
 * "S3 Desk closed before this finished. Last progress: 12 Mar 2025, 14:03."
 */
export function describeInterruption(job: TransferJob): string {
  const why = 'S3 Desk closed before this finished.';
  return job.finishedAt ? `${why} Last progress: ${formatDateTime(job.finishedAt)}.` : why;
}

/** The banner over the panel: "2 transfers did not finish when S3 Desk last closed." */
export function describeInterrupted(count: number): string {
  return `${countOf(count, 'transfer', 'transfers')} did not finish when S3 Desk last closed.`;
}
