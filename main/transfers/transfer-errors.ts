import { ServiceError, isServiceError } from '../shared/errors';
import { errorName, mapS3Error } from '../aws/s3-errors';
import { isLocalFileError, localFileError } from './local-errors';

export function sessionEndedError(): ServiceError {
  return new ServiceError('session_expired', 'You signed out or switched accounts, so this transfer stopped.');
}

export function missingKeyError(bucket: string, key: string): ServiceError {
  return mapS3Error({ name: 'NoSuchKey' }, { action: 'download', bucket, key });
}

/** What a failure sentence needs of a job: where it went, and what to call it. */
export interface FailingJob {
  readonly direction: 'download' | 'upload';
  readonly bucket: string;
  readonly prefix: string;
  label(): string;
}

/**
 * A failure of a job, or of one of its files (`file`), as a sentence: local
 * disk errors and cut-off bodies are told apart from S3's answers.
 */
export function transferFailure(error: unknown, job: FailingJob, file: { key: string; name: string } | null): ServiceError {
  if (isServiceError(error)) return error;
  const { direction, bucket, prefix } = job;
  const name = file?.name ?? job.label();
  if (isLocalFileError(error)) return localFileError(error, direction === 'download' ? 'write' : 'read', name);
  if (errorName(error) === 'IncompleteDownload') {
    return new ServiceError('network_error', `The download of “${name}” was interrupted. Try again.`);
  }
  if (errorName(error) === 'ObjectChangedDuringDownload') {
    return new ServiceError('network_error', `“${name}” changed on S3 while it was downloading, so the part already received was discarded. Try again to download the new version.`);
  }
  if (direction === 'download') {
    return mapS3Error(error, file ? { action: 'download', bucket, key: file.key } : { action: 'download', bucket, prefix });
  }
  return mapS3Error(error, { action: 'upload to', bucket, prefix });
}
