import { CopyObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../shared/logger';
import type { UploadBook } from '../transfers/upload-registry';
import { sourceReadFailure, unlessCancelled, writeFailure, type ObjectAddress } from './copy-errors';
import { copySource } from './copy-keys';
import type { CopySettings } from './copy-settings';
import { multipartCopy } from './multipart-copy';
import { isMd5ETag, isMultipartETag, objectState, type ObjectState } from './object-state';
import { multipartETag, type ExpectedCopy } from './verify-copy';

export interface CopyOneOptions {
  s3: S3Client;
  source: ObjectAddress;
  destination: ObjectAddress;
  /**
   * The user chose to replace what is at the destination. Otherwise the write
   * is sent with If-None-Match: *, so an object that appeared there after the
   * plan is never overwritten (DestinationTaken, copy-errors.ts).
   */
  overwrite: boolean;
  settings: Pick<CopySettings, 'multipartThresholdBytes' | 'partSizeBytes' | 'partConcurrency'>;
  /**
   * A cancel: honoured before the copy is sent, and between a multipart copy's
   * parts (its upload is then aborted). A CopyObject already sent is seen
   * through, so that the object ends up in one known place.
   */
  signal: AbortSignal;
  book: UploadBook;
  logger: Logger;
  /** Bytes S3 copied, as increments. */
  onBytes: (bytes: number) => void;
}

/** The source as it was copied, and what its copy must look like. */
export interface CopiedObject {
  source: ObjectState;
  expected: ExpectedCopy;
}

/**
 * Copies one object server-side. Its HEAD comes first: it says how large the
 * object is (which way to copy it), gives the ETag every copy request then
 * names in x-amz-copy-source-if-match (so what is copied, and later verified
 * and deleted, is exactly the version looked at), and the metadata a
 * multipart copy must pass on. Up to the threshold (5 GiB), one CopyObject
 * with MetadataDirective COPY keeps Content-Type and user metadata; above it,
 * a multipart copy (multipart-copy.ts). The storage class is kept: a move must
 * not turn an infrequent-access object into a STANDARD one. Unless told to
 * overwrite, the copy is made only if nothing is at the destination.
 */
export async function copyOneObject(options: CopyOneOptions): Promise<CopiedObject> {
  const { s3, source: from, destination: to, signal, settings } = options;
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key, ChecksumMode: 'ENABLED' }), { abortSignal: signal })
    .catch((error: unknown) => {
      throw unlessCancelled(error, signal, (failure) => sourceReadFailure(failure, from));
    });
  signal.throwIfAborted();
  const source = objectState(head);
  const kept = { size: source.size, checksum: source.checksum, contentType: source.contentType, metadata: source.metadata };

  if (source.size <= settings.multipartThresholdBytes) {
    const reply = await s3
      .send(
        new CopyObjectCommand({
          Bucket: to.bucket,
          Key: to.key,
          CopySource: copySource(from.bucket, from.key),
          CopySourceIfMatch: source.eTag,
          MetadataDirective: 'COPY',
          StorageClass: head.StorageClass === 'STANDARD' ? undefined : head.StorageClass,
          IfNoneMatch: options.overwrite ? undefined : '*',
        }),
      )
      .catch((error: unknown) => {
        throw writeFailure(error, 'CopyObject', !options.overwrite, from, to);
      });
    options.onBytes(source.size);
    // A single-part source's ETag is the MD5 of its bytes, and so is its copy's; a multipart source's is not.
    const sameBytesETag = !source.opaqueETag && isMd5ETag(source.eTag) && !isMultipartETag(source.eTag) ? source.eTag : null;
    return { source, expected: { ...kept, writtenETag: reply.CopyObjectResult?.ETag, contentETag: sameBytesETag } };
  }

  const copied = await multipartCopy({
    s3,
    source: from,
    state: source,
    destination: to,
    overwrite: options.overwrite,
    partSize: settings.partSizeBytes,
    concurrency: settings.partConcurrency,
    signal,
    book: options.book,
    logger: options.logger,
    onBytes: options.onBytes,
  });
  const contentETag = source.opaqueETag ? null : multipartETag(copied.partETags);
  return { source, expected: { ...kept, writtenETag: copied.writtenETag, contentETag } };
}
