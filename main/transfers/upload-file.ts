import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { describeError, silentLogger, type Logger } from '../shared/logger';
import { errorName } from '../aws/s3-errors';
import { contentTypeFor } from '../shared/content-type';
import { isLocalFileError, localFileError } from './local-errors';
import { partSizeFor } from './part-size';
import type { PendingUpload, UploadBook } from './upload-registry';

export interface UploadFileOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Absolute local path. */
  path: string;
  /** For error sentences. */
  name: string;
  partSize: number;
  /** Parts in flight for this file. */
  queueSize: number;
  signal: AbortSignal;
  /** Bytes of this file uploaded so far (not an increment). */
  onProgress: (loaded: number) => void;
  /** Where the UploadIds this file creates are written down until completed or aborted (upload-registry.ts). */
  book: UploadBook;
  logger?: Logger;
}

/**
 * Uploads one local file with lib-storage's Upload: one PUT when it fits in a
 * part, else a multipart upload whose parts are buffers, so the ExpiredToken
 * retry middleware can send a part again with new credentials.
 *
 * Cancelling leaves no multipart upload behind. lib-storage's abort() only
 * flips its AbortController: done() rejects at once, but the parts already
 * sent carry no abort signal and run on, and its AbortMultipartUpload is sent
 * later in the background, unawaited and with its failure swallowed (and
 * not at all if it lost the CreateMultipartUpload race) — even after this
 * function has returned, when one of its part loops was still reading the
 * file. So lib-storage is told to leave that abort alone (leavePartsOnError),
 * and every request goes through UploadRequests below, which aborts the parts in flight, waits
 * for everything to settle, then aborts any upload it saw created and not
 * completed or aborted — and only then is the file reported as stopped.
 *
 * Every UploadId it creates is written in the upload registry before a part
 * is sent and forgotten once completed or aborted, so one left behind by a
 * quit (or a failed abort) is aborted at the next sign-in, without ever
 * listing the bucket's uploads.
 */
export async function uploadFile(options: UploadFileOptions): Promise<void> {
  const { signal } = options;
  let handle: FileHandle;
  try {
    handle = await open(options.path, 'r');
  } catch (error) {
    throw localFileError(error, 'read', options.name);
  }
  let body: Readable | null = null;
  let requests: UploadRequests | null = null;
  try {
    const stats = await handle.stat().catch((error: unknown) => {
      throw localFileError(error, 'read', options.name);
    });
    if (!stats.isFile()) throw localFileError(Object.assign(new Error('not a file'), { code: 'EISDIR' }), 'read', options.name);
    const file = { path: options.path, size: stats.size, modifiedMs: stats.mtimeMs };
    requests = new UploadRequests(options.s3, signal, options.logger ?? silentLogger, options.book, file);
    if (signal.aborted) throw abortError();
    // Read exactly the size seen now: a file growing while it uploads then cannot break the part count.
    body = stats.size > 0 ? handle.createReadStream({ start: 0, end: stats.size - 1, autoClose: false }) : null;
    const upload = new Upload({
      client: requests.client,
      params: {
        Bucket: options.bucket,
        Key: options.key,
        Body: body ?? Buffer.alloc(0),
        ContentLength: stats.size,
        ContentType: contentTypeFor(options.name),
      },
      partSize: partSizeFor(stats.size, options.partSize),
      queueSize: options.queueSize,
      // UploadRequests.cleanUp aborts the multipart upload, awaited; lib-storage's own abort would come unawaited, maybe too late.
      leavePartsOnError: true,
    });
    upload.on('httpUploadProgress', (progress) => options.onProgress(progress.loaded ?? 0));
    const abort = () => void upload.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } catch (error) {
      await requests.cleanUp();
      // Stopped at the very end, after S3 had already put the object together: it is there, so it is done.
      if (signal.aborted && requests.completed) return;
      throw readError(error, options.name);
    } finally {
      signal.removeEventListener('abort', abort);
    }
    options.onProgress(stats.size);
  } finally {
    requests?.release();
    body?.destroy();
    await handle.close().catch(() => undefined);
  }
}

/** A failure reading the file mid-upload arrives from inside lib-storage as the raw fs error (a socket's ECONNRESET is not one). */
function readError(error: unknown, name: string): unknown {
  return isLocalFileError(error) ? localFileError(error, 'read', name) : error;
}

type Send = S3Client['send'];

/**
 * The client handed to lib-storage: the session's own S3Client underneath
 * (same credentials, same ExpiredToken retry), with every request tracked.
 * Part uploads get the cancel signal so they stop at once; creating,
 * completing and aborting the multipart upload do not, so their outcome is
 * always known.
 */
export class UploadRequests {
  readonly client: S3Client;
  /** CompleteMultipartUpload succeeded. */
  completed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Multipart uploads created and not yet completed or aborted, with their bucket and key. */
  private readonly open = new Map<string, { Bucket: string; Key: string }>();

  /** Every multipart upload created, open or not: released from this run's hold when the file is over. */
  private readonly created = new Set<string>();

  constructor(
    private readonly s3: S3Client,
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
    private readonly book: UploadBook,
    private readonly file: PendingUpload['file'],
  ) {
    // Everything but send() (config, middleware) is the real client's, through the prototype.
    const client = Object.create(s3) as S3Client;
    client.send = ((command: { input: object }, sendOptions?: object) => this.send(command, sendOptions)) as Send;
    this.client = client;
  }

  private send(command: { input: object }, sendOptions: object = {}): Promise<unknown> {
    const bookkeeping =
      command instanceof CreateMultipartUploadCommand ||
      command instanceof CompleteMultipartUploadCommand ||
      command instanceof AbortMultipartUploadCommand;
    if (!bookkeeping && this.signal.aborted) return Promise.reject(abortError());
    const sent = (this.s3.send as (command: unknown, options: object) => Promise<unknown>)(
      command,
      bookkeeping ? sendOptions : { ...sendOptions, abortSignal: this.signal },
    );
    const input = command.input as { Bucket?: string; Key?: string; UploadId?: string };
    const uploadId = input.UploadId;
    // The registry is written before lib-storage hears the answer: no part is sent for an upload not written down.
    const tracked = sent.then(
      async (output) => {
        if (command instanceof CreateMultipartUploadCommand) {
          const created = (output as { UploadId?: string }).UploadId;
          if (created) await this.opened(created, input.Bucket ?? '', input.Key ?? '');
        } else if (command instanceof CompleteMultipartUploadCommand && uploadId) {
          this.completed = true;
          await this.closed(uploadId);
        } else if (command instanceof AbortMultipartUploadCommand && uploadId) {
          await this.closed(uploadId);
        }
        return output;
      },
      async (error: unknown) => {
        if (command instanceof AbortMultipartUploadCommand && uploadId && errorName(error) === 'NoSuchUpload') await this.closed(uploadId);
        throw error;
      },
    );
    this.inFlight.add(tracked);
    const forget = () => this.inFlight.delete(tracked);
    tracked.then(forget, forget);
    return tracked;
  }

  /** Lets a later clean-up abort what this file left open (only a failed abort leaves anything). */
  release(): void {
    for (const uploadId of this.created) this.book.released(uploadId);
  }

  private async opened(uploadId: string, Bucket: string, Key: string): Promise<void> {
    this.created.add(uploadId);
    this.open.set(uploadId, { Bucket, Key });
    await this.book.opened({ uploadId, bucket: Bucket, key: Key, file: this.file });
  }

  private async closed(uploadId: string): Promise<void> {
    this.open.delete(uploadId);
    await this.book.closed(uploadId);
  }

  /** Waits for every request to settle, then aborts what is still open (twice at most, then gives up loudly). */
  async cleanUp(): Promise<void> {
    // A request may start from the answer to another (a part after CreateMultipartUpload): wait until none is left.
    do {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.inFlight.size > 0);
    for (const [uploadId, target] of [...this.open]) {
      for (let attempt = 1; attempt <= 2 && this.open.has(uploadId); attempt++) {
        try {
          await this.send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId }));
        } catch (error) {
          if (this.open.has(uploadId) && attempt === 2) {
            this.logger.warn(`Could not abort an unfinished multipart upload (it is aborted at the next sign-in): ${describeError(error)}`);
          }
        }
      }
    }
  }
}

function abortError(): Error {
  return Object.assign(new Error('The upload was cancelled.'), { name: 'AbortError' });
}
