import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorName, mapS3Error } from '../aws/s3-errors';
import { isServiceError, ServiceError } from '../shared/errors';
import { describeError, type Logger } from '../shared/logger';
import type { HostedProgress } from '../transfers/hosted-job';
import type { UploadBook } from '../transfers/upload-registry';
import { assignDestinations } from './clash-resolution';
import { DestinationTaken, JOB_WIDE } from './copy-errors';
import type { CopyJob, CopyPass, CopyTask } from './copy-job';
import type { CopySettings } from './copy-settings';
import { relocateObject } from './relocate-object';

/** What a pass runs under: the job's session (its client and upload book, which throw once it ended), and the settings. */
export interface CopyRunContext {
  s3(): S3Client;
  book(): UploadBook;
  settings: CopySettings;
  logger: Logger;
}

/**
 * One pass of a copy job: first the names of kept copies ("keep both"), then
 * every pending object through copy → verify → (move) delete, a few objects
 * at a time. A cancel starts no more objects and ends the pass once those
 * under way have ended; a failure every other object would repeat (see
 * JOB_WIDE) does the same. Never rejects.
 */
export async function runCopyPass(job: CopyJob, context: CopyRunContext, progress: HostedProgress): Promise<void> {
  const pass = job.begin();
  progress.urgent();
  try {
    const s3 = context.s3();
    const book = context.book();
    const planned = job.unnamed;
    if (planned) {
      const exists = (key: string) => destinationExists(s3, job.bucket, key, pass.signal);
      job.named(pass, await assignDestinations(planned, job.choice, exists));
    }
    const worker = async () => {
      for (let task = job.next(pass); task; task = job.next(pass)) await runTask(job, pass, task, { s3, book, context, progress });
    };
    await Promise.all(Array.from({ length: context.settings.objectConcurrency }, worker));
    job.passEnded(pass, null);
  } catch (error) {
    const failure = isServiceError(error) ? error : mapS3Error(error, { action: 'copy into', bucket: job.bucket, prefix: job.prefix });
    job.passEnded(pass, pass.signal.aborted ? null : failure);
  }
  progress.urgent();
}

interface TaskContext {
  s3: S3Client;
  book: UploadBook;
  context: CopyRunContext;
  progress: HostedProgress;
}

/**
 * One object, to its end. When an object appeared at its destination after
 * the plan, the job says whether to skip it or copy it again under a new
 * "keep both" name (destinationTaken, copy-job.ts).
 */
async function runTask(job: CopyJob, pass: CopyPass, task: CopyTask, { s3, book, context, progress }: TaskContext): Promise<void> {
  progress.urgent();
  try {
    for (let again = true; again; ) {
      try {
        await relocateObject(job.direction, {
          s3,
          source: { bucket: job.sourceBucket, key: task.sourceKey },
          destination: { bucket: job.bucket, key: task.destinationKey },
          overwrite: task.overwrite,
          settings: context.settings,
          signal: pass.signal,
          book,
          logger: context.logger,
          onBytes: (bytes) => {
            job.addBytes(task, bytes);
            progress.soon();
          },
        });
        job.taskDone(task);
        again = false;
      } catch (error) {
        if (!(error instanceof DestinationTaken)) throw error;
        again = job.destinationTaken(task, error);
        progress.urgent();
      }
    }
  } catch (error) {
    if (!isServiceError(error) && pass.signal.aborted) {
      job.taskStopped(task);
    } else {
      const failure = isServiceError(error) ? error : unexpected(error, context.logger);
      job.taskFailed(pass, task, failure, JOB_WIDE.has(failure.code));
      context.logger.warn(`A ${job.direction} of an object failed: ${failure.code}`);
    }
  }
  progress.urgent();
}

/** Whether a key is taken at the destination (a HEAD): for "keep both" names outside the folders the plan listed. */
async function destinationExists(s3: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return true;
  } catch (error) {
    if (errorName(error) === 'NotFound' || errorName(error) === 'NoSuchKey') return false;
    if (signal.aborted) throw error;
    throw mapS3Error(error, { action: 'look into', bucket, key });
  }
}

/** A failure that is not an S3 answer (a bug): logged, and shown as the job's error without its details. */
function unexpected(error: unknown, logger: Logger): ServiceError {
  logger.error(`A copy failed unexpectedly: ${describeError(error)}`);
  return new ServiceError('internal_error', 'Something went wrong inside S3 Desk while copying. Try again.');
}
