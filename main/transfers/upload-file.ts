import { open, type FileHandle } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ServiceError } from '../shared/errors';
import { silentLogger, type Logger } from '../shared/logger';
import { contentTypeFor } from '../shared/content-type';
import { localFileError } from './local-errors';
import { MultipartUpload, type UploadCheckpoint } from './multipart-upload';
import { partSizeFor } from './part-size';
import { unsignedPayload } from './unsigned-payload';
import type { UploadBook } from './upload-registry';

export type { UploadCheckpoint } from './multipart-upload';

export interface UploadFileOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Absolute local path. */
  path: string;
  /** For error sentences. */
  name: string;
  /** Preferred part size; files up to it go in one PutObject. */
  partSize: number;
  /** Parts of this file in flight at once. */
  queueSize: number;
  signal: AbortSignal;
  /** Bytes of this file uploaded so far (not an increment). */
  onProgress: (loaded: number) => void;
  /** Where the UploadIds this file creates are written down until completed or aborted (upload-registry.ts). */
  book: UploadBook;
  logger?: Logger;
  /** The multipart upload an earlier run left for this file, to continue (parts already on S3 are not sent again). */
  continueFrom?: UploadCheckpoint;
  /** Hears the multipart upload this file goes into, to continue it after a restart. */
  onCheckpoint?: (checkpoint: UploadCheckpoint) => void;
}

/**
 * Uploads one local file: one PutObject when it fits in a part, else a
 * multipart upload (multipart-upload.ts) whose parts are read from the file
 * at their offsets and sent several at a time. Bodies are buffers, so the
 * ExpiredToken retry middleware can send a request again with new
 * credentials. Exactly the size seen when it starts is read: a file growing
 * meanwhile cannot change the part count, one shrinking fails clearly.
 */
export async function uploadFile(options: UploadFileOptions): Promise<void> {
  const { signal } = options;
  let handle: FileHandle;
  try {
    handle = await open(options.path, 'r');
  } catch (error) {
    throw localFileError(error, 'read', options.name);
  }
  try {
    const stats = await handle.stat().catch((error: unknown) => {
      throw localFileError(error, 'read', options.name);
    });
    if (!stats.isFile()) throw localFileError(Object.assign(new Error('not a file'), { code: 'EISDIR' }), 'read', options.name);
    signal.throwIfAborted();
    const partSize = options.continueFrom?.partSize ?? partSizeFor(stats.size, options.partSize);
    const contentType = contentTypeFor(options.name);
    if (stats.size <= options.partSize && !options.continueFrom) {
      const body = Buffer.allocUnsafe(stats.size);
      await readPart(handle, 0, body, options.name);
      await options.s3.send(
        unsignedPayload(new PutObjectCommand({ Bucket: options.bucket, Key: options.key, Body: body, ContentLength: stats.size, ContentType: contentType })),
        { abortSignal: signal },
      );
    } else {
      const upload = new MultipartUpload({
        s3: options.s3,
        bucket: options.bucket,
        key: options.key,
        contentType,
        file: { path: options.path, size: stats.size, modifiedMs: stats.mtimeMs },
        partSize,
        concurrency: options.queueSize,
        signal,
        book: options.book,
        logger: options.logger ?? silentLogger,
        readPart: (offset, into) => readPart(handle, offset, into, options.name),
        onProgress: options.onProgress,
        onCheckpoint: options.onCheckpoint,
      });
      await upload.run(options.continueFrom);
    }
    options.onProgress(stats.size);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Fills `buffer` with the file's bytes from `offset`: all of them, or a clear error when the file got shorter meanwhile. */
async function readPart(handle: FileHandle, offset: number, buffer: Buffer, name: string): Promise<void> {
  const length = buffer.length;
  let filled = 0;
  while (filled < length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled));
    } catch (error) {
      throw localFileError(error, 'read', name);
    }
    if (bytesRead === 0) throw new ServiceError('local_file_error', `“${name}” got shorter while it was uploading. Try again once nothing is changing it.`);
    filled += bytesRead;
  }
}
