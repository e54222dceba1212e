import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { CopyMode } from '../../common/ipc';
import { errorName } from '../aws/s3-errors';
import { notVerified, sourceDeleteFailure, verifyReadFailure } from './copy-errors';
import { copyOneObject, type CopyOneOptions } from './copy-one-object';
import { objectState } from './object-state';
import { verifyCopy } from './verify-copy';

/**
 * One object of a copy or move: copy, verify, and — a move — only then
 * delete the source. The delete names the source's ETag in If-Match, so a
 * source that changed after it was copied is not deleted (its new bytes were
 * not copied). Once the copy has been sent nothing here is cancelled: the
 * object ends in one known place (its source, or for a move its
 * destination), never half-way. Throws ServiceErrors with the sentence to
 * show; anything else it throws is a cancel.
 */
export async function relocateObject(mode: CopyMode, options: CopyOneOptions): Promise<void> {
  const { s3, source, destination } = options;
  const moving = mode === 'move';
  const { source: original, expected } = await copyOneObject(options);

  const landed = await s3
    .send(new HeadObjectCommand({ Bucket: destination.bucket, Key: destination.key, ChecksumMode: 'ENABLED' }))
    .catch((error: unknown) => {
      throw verifyReadFailure(error, destination, moving);
    });
  const problem = verifyCopy(expected, objectState(landed));
  if (problem !== null) throw notVerified(problem, source, destination, moving);
  if (!moving) return;

  try {
    await s3.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: original.eTag }));
  } catch (error) {
    // Gone already (someone deleted it meanwhile): what a move wants, and its copy is verified.
    if (errorName(error) === 'NoSuchKey' || errorName(error) === 'NotFound') return;
    throw sourceDeleteFailure(error, source, destination);
  }
}
