import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../shared/logger';
import { downloadFile } from './download-file';
import type { FileTask } from './job';
import type { PathPlatform } from './local-path';
import { uploadFile } from './upload-file';

export interface MoveSettings {
  platform: PathPlatform;
  /** Multipart part size for uploads. */
  partSize: number;
  /** Parts of one upload in flight at once. */
  queueSize: number;
  logger: Logger;
}

/**
 * Moves one file of a job, whichever its direction, reporting bytes as
 * increments (negative: taken back). Answers where a download landed.
 */
export async function moveFile(
  task: FileTask,
  s3: S3Client,
  signal: AbortSignal,
  settings: MoveSettings,
  onBytes: (bytes: number) => void,
): Promise<string | undefined> {
  const { job, key } = task;
  const { bucket } = job;
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
    });
  }
  const { partSize, queueSize, logger } = settings;
  // lib-storage reports the bytes of the file so far, not what was added.
  const onProgress = (loaded: number) => onBytes(loaded - task.bytesDone);
  await uploadFile({ s3, bucket, key, path: task.path!, name: task.name, partSize, queueSize, signal, onProgress, logger });
  return undefined;
}
