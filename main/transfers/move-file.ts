import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../shared/logger';
import { downloadFile, type DownloadFileSystem } from './download-file';
import type { FileTask } from './job';
import type { PathPlatform } from './local-path';
import type { MarkOfTheWeb } from './mark-of-the-web';
import type { ResumeSettings } from './object-body';
import type { DownloadCheckpoint, RangedSettings } from './object-download';
import { uploadFile, type UploadCheckpoint } from './upload-file';
import type { UploadBook } from './upload-registry';

/** How far a file got, to continue it after a restart: a download's temp file and ranges, or an upload's UploadId. */
export type FileCheckpoint =
  | { kind: 'download'; temp: string; reached: DownloadCheckpoint }
  | { kind: 'upload'; reached: UploadCheckpoint };

export interface MoveSettings {
  platform: PathPlatform;
  /** Multipart part size for uploads. */
  partSize: number;
  /** Parts of one upload in flight at once. */
  queueSize: number;
  logger: Logger;
  /** Marks every finished download as coming from the internet. */
  marker: MarkOfTheWeb;
  /** Where downloads write; the real file system but in tests. */
  fileSystem: DownloadFileSystem;
  /** How a download resumes after a dropped or stalled connection. */
  resume: ResumeSettings;
  /** When and how downloads are fetched in parallel ranges. */
  ranged: RangedSettings;
}

/** The session a file moves under: its S3 client, and the upload registry as its identity sees it. */
export interface MoveSession {
  s3: S3Client;
  uploads: UploadBook;
}

/**
 * Moves one file of a job, whichever its direction, reporting bytes as
 * increments (negative: taken back), continuing from the task's checkpoint
 * when an earlier run left one and reporting new ones as it goes. Answers
 * where a download landed.
 */
export async function moveFile(
  task: FileTask,
  session: MoveSession,
  signal: AbortSignal,
  settings: MoveSettings,
  onBytes: (bytes: number) => void,
  onCheckpoint: (checkpoint: FileCheckpoint) => void = () => {},
): Promise<string | undefined> {
  const checkpoint = task.checkpoint;
  const { job, key } = task;
  const { bucket } = job;
  const { s3 } = session;
  const destination = job.destination;
  if (destination) {
    return downloadFile({
      s3,
      bucket,
      key,
      root: destination.root,
      segments: task.segments!,
      platform: settings.platform,
      signal,
      onBytes,
      onCreatedDirs: (dirs) => job.addCreatedDirs(dirs),
      existingDirs: destination.existingDirs,
      marker: settings.marker,
      fs: settings.fileSystem,
      resume: settings.resume,
      ranged: settings.ranged,
      expectedSize: task.size,
      continueFrom: checkpoint?.kind === 'download' ? { temp: checkpoint.temp, checkpoint: checkpoint.reached } : undefined,
      onCheckpoint: (temp, reached) => onCheckpoint({ kind: 'download', temp, reached }),
    });
  }
  const { partSize, queueSize, logger } = settings;
  // lib-storage reports the bytes of the file so far, not what was added.
  const onProgress = (loaded: number) => onBytes(loaded - task.bytesDone);
  const book = session.uploads;
  await uploadFile({
    ...{ s3, bucket, key, path: task.path!, name: task.name, partSize, queueSize, signal, onProgress, book, logger },
    continueFrom: checkpoint?.kind === 'upload' ? checkpoint.reached : undefined,
    onCheckpoint: (reached) => onCheckpoint({ kind: 'upload', reached }),
  });
  return undefined;
}
