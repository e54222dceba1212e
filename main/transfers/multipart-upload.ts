import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorName } from '../aws/s3-errors';
import { describeError, type Logger } from '../shared/logger';
import { isSuspended } from './suspended';
import { unsignedPayload } from './unsigned-payload';
import type { PendingUpload, UploadBook } from './upload-registry';

/** The multipart upload a file goes into: enough to continue it in a later run (with ListParts). */
export interface UploadCheckpoint {
  uploadId: string;
  partSize: number;
  /** The local file as it was when the upload began: a file changed since starts over. */
  file: { size: number; modifiedMs: number };
}

export interface MultipartUploadOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  file: PendingUpload['file'];
  partSize: number;
  /** Parts in flight at once. */
  concurrency: number;
  signal: AbortSignal;
  book: UploadBook;
  logger: Logger;
  /** Reads the bytes of one part from the file into `into` (which is exactly the part's length). */
  readPart: (offset: number, into: Buffer) => Promise<void>;
  /** Bytes of the file on S3 so far (not an increment). */
  onProgress: (loaded: number) => void;
  onCheckpoint?: (checkpoint: UploadCheckpoint) => void;
}

/**
 * One multipart upload, written by hand rather than with lib-storage's
 * Upload because lib-storage can neither continue an existing UploadId nor
 * say which parts are on S3. Parts are read from the file at their offsets
 * (no stream to assemble them from) and sent `concurrency` at a time.
 *
 * Every UploadId is written in the upload registry before a part is sent.
 * Cancelled, it stops the parts in flight, waits for every request to
 * settle, then aborts the upload (awaited, so nothing is left behind when
 * it returns). Suspended (the app quits), it leaves the upload open to be
 * continued: then only the parts ListParts does not show are sent again.
 */
export class MultipartUpload {
  private readonly parts = new Map<number, CompletedPart>();
  private loaded = 0;
  /** Part buffers no request holds any more: a 1 GiB upload reuses `concurrency` of them instead of allocating 128. */
  private readonly spare: Buffer[] = [];

  constructor(private readonly options: MultipartUploadOptions) {}

  async run(continueFrom?: UploadCheckpoint): Promise<void> {
    const { options } = this;
    let uploadId = continueFrom ? await this.adopt(continueFrom) : null;
    uploadId ??= await this.create();
    try {
      await this.sendMissingParts(uploadId);
      await this.complete(uploadId);
    } catch (error) {
      if (!isSuspended(options.signal)) await this.abort(uploadId);
      throw error;
    }
  }

  /** Takes over an earlier run's upload when it is still there and the file unchanged; null to start afresh. */
  private async adopt(checkpoint: UploadCheckpoint): Promise<string | null> {
    const { file } = this.options;
    if (checkpoint.file.size !== file.size || checkpoint.file.modifiedMs !== file.modifiedMs || checkpoint.partSize !== this.options.partSize) {
      this.options.logger.info('A file changed since its upload was interrupted: it is uploaded again from the start.');
      await this.abort(checkpoint.uploadId);
      return null;
    }
    this.options.book.resumed(checkpoint.uploadId);
    try {
      for (const part of await this.listParts(checkpoint.uploadId)) {
        // A part of another size than planned (or past the end) is sent again: the upload must end as planned.
        if (part.PartNumber && part.ETag && part.Size === this.partLength(part.PartNumber)) {
          const { Size: _size, LastModified: _modified, ...completed } = part;
          this.parts.set(part.PartNumber, completed);
        }
      }
    } catch (error) {
      if (errorName(error) !== 'NoSuchUpload') throw error;
      // Gone (aborted, or expired by a lifecycle rule): a new upload from the start.
      await this.options.book.closed(checkpoint.uploadId);
      return null;
    }
    this.loaded = [...this.parts.keys()].reduce((sum, number) => sum + this.partLength(number), 0);
    this.options.onProgress(this.loaded);
    return checkpoint.uploadId;
  }

  private async listParts(uploadId: string) {
    const { s3, bucket, key, signal } = this.options;
    const parts = [];
    let marker: string | undefined;
    do {
      const page = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }), { abortSignal: signal });
      parts.push(...(page.Parts ?? []));
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  private async create(): Promise<string> {
    const { s3, bucket, key, contentType, file, partSize } = this.options;
    // Parts carry CRC32 checksums when the SDK adds them (its default): S3 then wants the algorithm named up front.
    const checksums = (await s3.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType, ...(checksums ? { ChecksumAlgorithm: 'CRC32' } : {}) }),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error('S3 created a multipart upload without an UploadId.');
    // Written down before any part is sent (and before a cancel could lose it).
    await this.options.book.opened({ uploadId, bucket, key, file });
    this.options.onCheckpoint?.({ uploadId, partSize, file: { size: file.size, modifiedMs: file.modifiedMs } });
    return uploadId;
  }

  private async sendMissingParts(uploadId: string): Promise<void> {
    const { concurrency, signal } = this.options;
    const missing = this.partNumbers().filter((number) => !this.parts.has(number));
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    let failure: unknown = null;
    const worker = async () => {
      for (let number = missing.shift(); number !== undefined; number = missing.shift()) {
        both.throwIfAborted();
        await this.sendPart(uploadId, number, both);
      }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(concurrency, missing.length)) }, () =>
      worker().catch((error: unknown) => {
        failure ??= error;
        stop.abort(error);
      }),
    );
    // Every part request settles before this returns: none may still be running when the upload is aborted.
    await Promise.all(workers);
    if (signal.aborted) throw signal.reason;
    if (failure !== null) throw failure;
  }

  private async sendPart(uploadId: string, number: number, signal: AbortSignal): Promise<void> {
    const { s3, bucket, key, partSize } = this.options;
    const length = this.partLength(number);
    const buffer = this.spare.pop() ?? Buffer.allocUnsafe(partSize);
    let sent;
    try {
      const body = buffer.subarray(0, length);
      await this.options.readPart((number - 1) * partSize, body);
      signal.throwIfAborted();
      sent = await s3.send(
        unsignedPayload(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body, ContentLength: length })),
        { abortSignal: signal },
      );
    } finally {
      // Settled, whatever its outcome: nothing reads this buffer any more.
      this.spare.push(buffer);
    }
    this.parts.set(number, {
      PartNumber: number,
      ETag: sent.ETag,
      ...(sent.ChecksumCRC32 ? { ChecksumCRC32: sent.ChecksumCRC32 } : {}),
      ...(sent.ChecksumCRC32C ? { ChecksumCRC32C: sent.ChecksumCRC32C } : {}),
      ...(sent.ChecksumSHA1 ? { ChecksumSHA1: sent.ChecksumSHA1 } : {}),
      ...(sent.ChecksumSHA256 ? { ChecksumSHA256: sent.ChecksumSHA256 } : {}),
    });
    this.loaded += length;
    this.options.onProgress(this.loaded);
  }

  private async complete(uploadId: string): Promise<void> {
    const { s3, bucket, key } = this.options;
    const parts = this.partNumbers().map((number) => this.parts.get(number)!);
    // Not cancellable: once S3 has put the object together, the upload is done, whatever the user clicked meanwhile.
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    await this.options.book.closed(uploadId);
  }

  /** Aborts an upload (twice at most, then gives up loudly: the next sign-in tries again from the registry). */
  private async abort(uploadId: string): Promise<void> {
    const { s3, bucket, key } = this.options;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
        await this.options.book.closed(uploadId);
        return;
      } catch (error) {
        if (errorName(error) === 'NoSuchUpload') {
          await this.options.book.closed(uploadId);
          return;
        }
        if (attempt === 2) this.options.logger.warn(`Could not abort an unfinished multipart upload (it is aborted at the next sign-in): ${describeError(error)}`);
      }
    }
    this.options.book.released(uploadId);
  }

  private partNumbers(): number[] {
    return Array.from({ length: Math.max(1, Math.ceil(this.options.file.size / this.options.partSize)) }, (_, index) => index + 1);
  }

  private partLength(number: number): number {
    const { partSize, file } = this.options;
    return Math.max(0, Math.min(partSize, file.size - (number - 1) * partSize));
  }
}
