import type { IpcErrorCode } from '../../common/ipc';
import { errorName, mapS3Error } from '../aws/s3-errors';
import { ServiceError } from '../shared/errors';

export interface ObjectAddress {
  bucket: string;
  key: string;
}

const at = ({ bucket, key }: ObjectAddress) => `s3://${bucket}/${key}`;

/**
 * Throws a failure as it is while `signal` is aborted (a cancel: the caller
 * tells it from a real failure by it not being a ServiceError), else returns
 * it mapped to a sentence by `map`.
 */
export function unlessCancelled(error: unknown, signal: AbortSignal | undefined, map: (error: unknown) => ServiceError): ServiceError {
  if (signal?.aborted && !(error instanceof ServiceError)) throw error;
  return map(error);
}

/** Reading the source (its HEAD): denied, gone, archived. */
export function sourceReadFailure(error: unknown, source: ObjectAddress): ServiceError {
  return mapS3Error(error, { action: 'read', ...source });
}

/**
 * A CopyObject, UploadPartCopy or multipart request failed. S3 checked read
 * on the source when the HEAD before it passed, so a refusal now is about the
 * destination; a missing key, a failed If-Match or an archive state is about
 * the source.
 */
export function copyFailure(error: unknown, source: ObjectAddress, destination: ObjectAddress): ServiceError {
  const name = errorName(error);
  if (name === 'AccessDenied' || name === 'NoSuchBucket' || name === 'NoSuchUpload') return mapS3Error(error, { action: 'write', ...destination });
  return mapS3Error(error, { action: 'copy', ...source });
}

/**
 * A write sent with If-None-Match: * found an object at its destination: one
 * that appeared after the plan, at a key the user did not choose to replace.
 * Nothing was overwritten; the job decides what becomes of the object
 * (skipped, or kept beside it under the next free number).
 */
export class DestinationTaken extends ServiceError {
  constructor(readonly destination: ObjectAddress) {
    super('already_exists', `An object appeared at ${at(destination)} after this copy was planned, so it was not replaced. Copy again to choose what to do with it.`);
  }
}

/** Which write a failure answered: CopyObject also carries the source's x-amz-copy-source-if-match, CompleteMultipartUpload does not. */
export type ConditionalWrite = 'CopyObject' | 'CompleteMultipartUpload';

/**
 * A CopyObject or CompleteMultipartUpload failed; `ifNoneMatch`: it was sent
 * with If-None-Match: *. S3 answers a failed If-None-Match with 412
 * PreconditionFailed naming the header in its Condition (a CopyObject's 412
 * on its source names x-amz-copy-source-If-Match, or nothing), and a write
 * racing another conditional one on the same key with 409
 * ConditionalRequestConflict: either way another object is, or is about to
 * be, at the destination.
 */
export function writeFailure(error: unknown, request: ConditionalWrite, ifNoneMatch: boolean, source: ObjectAddress, destination: ObjectAddress): ServiceError {
  if (ifNoneMatch && destinationWasTaken(error, request)) return new DestinationTaken(destination);
  return copyFailure(error, source, destination);
}

function destinationWasTaken(error: unknown, request: ConditionalWrite): boolean {
  const name = errorName(error);
  if (name === 'ConditionalRequestConflict') return true;
  if (name !== 'PreconditionFailed') return false;
  if (request === 'CompleteMultipartUpload') return true;
  const condition = (error as { Condition?: unknown }).Condition;
  return typeof condition === 'string' && condition.trim().toLowerCase() === 'if-none-match';
}

/** The HEAD of the destination after the copy failed: the copy is there, but unchecked. */
export function verifyReadFailure(error: unknown, destination: ObjectAddress, moving: boolean): ServiceError {
  const mapped = mapS3Error(error, { action: 'read', ...destination });
  return new ServiceError(mapped.code, `${mapped.message} So the copy there could not be checked${moving ? ', and the original was kept' : ''}.`);
}

export function notVerified(reason: string, source: ObjectAddress, destination: ObjectAddress, moving: boolean): ServiceError {
  const kept = moving ? ` The original at ${at(source)} was kept.` : '';
  return new ServiceError('copy_not_verified', `The copy at ${at(destination)} does not match its original: ${reason}.${kept} Try again.`);
}

/** The delete of a move's source, after its copy was verified, failed: the object is now in both places. */
export function sourceDeleteFailure(error: unknown, source: ObjectAddress, destination: ObjectAddress): ServiceError {
  if (errorName(error) === 'PreconditionFailed') {
    return new ServiceError(
      'source_changed',
      `${at(source)} changed after it was copied, so it was not deleted: the copy at ${at(destination)} holds the version from before the change.`,
    );
  }
  const mapped = mapS3Error(error, { action: 'delete', ...source });
  return new ServiceError(mapped.code, `${mapped.message} It was copied to ${at(destination)}; the original was kept.`);
}

/**
 * Failures that would repeat for every other object of the job (no right to
 * write there or to delete there, a bucket gone, the session over, no
 * network): the job stops starting objects after one.
 */
export const JOB_WIDE: ReadonlySet<IpcErrorCode> = new Set(['access_denied', 'no_such_bucket', 'session_expired', 'not_signed_in', 'network_error']);
