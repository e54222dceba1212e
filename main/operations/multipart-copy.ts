import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Logger } from '../shared/logger';
import { partSizeFor } from '../transfers/part-size';
import type { UploadBook } from '../transfers/upload-registry';
import { abortUpload } from './abort-upload';
import { copyFailure, unlessCancelled, writeFailure, type ObjectAddress } from './copy-errors';
import { copySource } from './copy-keys';
import type { ObjectState } from './object-state';

export interface MultipartCopyOptions {
  s3: S3Client;
  source: ObjectAddress;
  /** The source as its HEAD described it: its size, ETag (every part is read under If-Match on it), type and metadata. */
  state: ObjectState;
  destination: ObjectAddress;
  /** May replace an object at the destination; otherwise CompleteMultipartUpload is sent with If-None-Match: *. */
  overwrite: boolean;
  /** Preferred part size; raised so that the object fits in 10,000 parts (part-size.ts). */
  partSize: number;
  /** Parts in flight at once. */
  concurrency: number;
  /** Stops the parts in flight; the upload is then aborted before this returns. */
  signal: AbortSignal;
  book: UploadBook;
  logger: Logger;
  /** Bytes copied, as increments, as each part lands. */
  onBytes: (bytes: number) => void;
}

/**
 * Copies an object larger than one CopyObject may take (5 GiB) part by part:
 * CreateMultipartUpload with the source's Content-Type, encoding, disposition,
 * cache control, user metadata and storage class (a multipart upload does not
 * take them from a source, so they are passed on from the HEAD), then
 * UploadPartCopy for each byte range — each with x-amz-copy-source-if-match
 * on the source's ETag, so that no part comes from a newer version — then
 * CompleteMultipartUpload (with If-None-Match: * unless it may overwrite:
 * parts can be copied under any key, only the completion puts an object
 * there). Its UploadId is in the upload registry from
 * creation until completion or abort; any failure or cancel aborts it (after
 * every part request has settled), so no half-made copy stays behind.
 * Answers the completed object's ETag and the ETags of its parts.
 */
export async function multipartCopy(options: MultipartCopyOptions): Promise<{ writtenETag: string | undefined; partETags: Array<string | undefined> }> {
  const { s3, source, state, destination, signal, book, logger } = options;
  const partSize = partSizeFor(state.size, options.partSize);
  const uploadId = await create(options);
  await book.opened({ uploadId, bucket: destination.bucket, key: destination.key, file: { path: `s3://${source.bucket}/${source.key}`, size: state.size, modifiedMs: 0 } });
  try {
    const parts = await copyParts(options, uploadId, partSize);
    // Not cancellable: once S3 has put the object together, the copy is made, whatever the user clicked meanwhile.
    const done = await s3
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          IfNoneMatch: options.overwrite ? undefined : '*',
        }),
      )
      .catch((error: unknown) => {
        throw writeFailure(error, 'CompleteMultipartUpload', !options.overwrite, source, destination);
      });
    await book.closed(uploadId);
    return { writtenETag: done.ETag, partETags: parts.map((part) => part.ETag) };
  } catch (error) {
    await abortUpload(s3, { bucket: destination.bucket, key: destination.key, uploadId }, book, logger);
    throw unlessCancelled(error, signal, (failure) => copyFailure(failure, source, destination));
  }
}

async function create({ s3, source, state, destination }: MultipartCopyOptions): Promise<string> {
  const { ContentType, ContentEncoding, ContentDisposition, ContentLanguage, CacheControl, StorageClass } = state.head;
  try {
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        ContentType,
        ContentEncoding,
        ContentDisposition,
        ContentLanguage,
        CacheControl,
        Metadata: state.metadata,
        // STANDARD is what a new object gets anyway; naming it would only add a header.
        StorageClass: StorageClass === 'STANDARD' ? undefined : StorageClass,
      }),
    );
    if (!created.UploadId) throw new Error('S3 created a multipart upload without an UploadId.');
    return created.UploadId;
  } catch (error) {
    throw copyFailure(error, source, destination);
  }
}

/** Every part, `concurrency` at a time; the first failure (or a cancel) stops the rest, and all settle before this returns. */
async function copyParts(options: MultipartCopyOptions, uploadId: string, partSize: number): Promise<CompletedPart[]> {
  const { state, concurrency, signal } = options;
  const count = Math.max(1, Math.ceil(state.size / partSize));
  const waiting = Array.from({ length: count }, (_, index) => index + 1);
  const parts: CompletedPart[] = new Array<CompletedPart>(count);
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  let failure: unknown = null;
  const worker = async () => {
    for (let number = waiting.shift(); number !== undefined; number = waiting.shift()) {
      both.throwIfAborted();
      const start = (number - 1) * partSize;
      const end = Math.min(state.size, start + partSize) - 1;
      parts[number - 1] = { PartNumber: number, ETag: await copyPart(options, uploadId, number, `bytes=${start}-${end}`, both) };
      options.onBytes(end - start + 1);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, () =>
      worker().catch((error: unknown) => {
        failure ??= error;
        stop.abort(error);
      }),
    ),
  );
  if (signal.aborted) throw signal.reason;
  if (failure !== null) throw failure;
  return parts;
}

async function copyPart(options: MultipartCopyOptions, uploadId: string, number: number, range: string, signal: AbortSignal): Promise<string | undefined> {
  const { s3, source, state, destination } = options;
  const reply = await s3.send(
    new UploadPartCopyCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      UploadId: uploadId,
      PartNumber: number,
      CopySource: copySource(source.bucket, source.key),
      CopySourceRange: range,
      CopySourceIfMatch: state.eTag,
    }),
    { abortSignal: signal },
  );
  return reply.CopyPartResult?.ETag;
}
