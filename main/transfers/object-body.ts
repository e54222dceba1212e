import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { isNetworkError } from '../aws/s3-errors';
import { retryDelayMs, type BackoffOptions } from '../shared/backoff';

/** How a download rides out a connection that drops or stalls. */
export interface ResumeSettings {
  /** Failed attempts in a row that brought no new byte, after which the file fails (one that brought bytes starts the count again). */
  maxAttempts: number;
  /** The wait before each new attempt (main/shared/backoff.ts). */
  backoff: BackoffOptions;
  /** No byte for this long → the attempt is abandoned and the download resumes where it was. */
  readIdleTimeoutMs: number;
  /** Wall-clock ms. A computer waking from sleep has a dead socket and a clock that jumped: the stall is noticed at once. */
  now: () => number;
}

export const DEFAULT_RESUME: ResumeSettings = {
  maxAttempts: 5,
  backoff: { baseMs: 1_000, maxMs: 30_000 },
  readIdleTimeoutMs: 60_000,
  now: Date.now,
};

export interface ReceiveOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  signal: AbortSignal;
  /** Where the bytes go, in order; it is ended once every byte is in. Its errors end the download (they are not retried). */
  out: Writable;
  onBytes: (bytes: number) => void;
  resume: ResumeSettings;
}

/** What a failed attempt leaves to go on with. */
class AttemptFailed extends Error {
  override name = 'AttemptFailed';
  constructor(
    readonly error: unknown,
    /** Worth another attempt: the connection broke, stalled or the service was briefly unwell. */
    readonly retryable: boolean,
  ) {
    super('One attempt at the download failed.');
  }
}

const interrupted = () => Object.assign(new Error('The download ended early.'), { name: 'IncompleteDownload' });

/**
 * Receives one object's bytes into `out`. When the connection drops or
 * stalls after some bytes, it asks again from where it stopped — `Range:
 * bytes=N-` with `If-Match` the first answer's ETag, so an object replaced
 * meanwhile is never stitched from two versions (S3 answers 412: the
 * download fails as "changed", and a retry starts it afresh). Waits with
 * backoff between attempts, gives up after `maxAttempts` in a row without
 * progress, and checks the final size against the object's.
 */
export async function receiveObject(options: ReceiveOptions): Promise<void> {
  const { signal, out, resume } = options;
  let writeError: Error | null = null;
  out.on('error', (error) => (writeError ??= error));
  const progress: Progress = { received: 0, etag: undefined, size: undefined };
  let fruitless = 0;
  for (;;) {
    const before = progress.received;
    try {
      await attempt(options, progress, () => writeError);
      break;
    } catch (caught) {
      if (writeError) throw writeError;
      if (signal.aborted) throw signal.reason ?? caught;
      if (!(caught instanceof AttemptFailed)) throw caught;
      if (!caught.retryable) throw caught.error;
      fruitless = progress.received > before ? 0 : fruitless + 1;
      if (fruitless >= resume.maxAttempts) throw caught.error;
      await sleep(retryDelayMs(Math.max(0, fruitless - 1), resume.backoff), undefined, { signal });
    }
  }
  if (writeError) throw writeError;
  out.end();
  await new Promise<void>((resolve, reject) => {
    if (out.writableFinished) return resolve();
    out.once('finish', resolve);
    out.once('error', reject);
  });
}

interface Progress {
  received: number;
  /** The ETag of the first answer: every later range must come from that very version. */
  etag: string | undefined;
  size: number | undefined;
}

/** One GET from `progress.received` on, appended to `out`; throws AttemptFailed unless every byte arrived. */
async function attempt(options: ReceiveOptions, progress: Progress, writeError: () => Error | null): Promise<void> {
  const { s3, bucket, key, out, resume } = options;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let body: Readable | undefined;
  const watch = idleWatch(resume, () => {
    const stalled = Object.assign(new Error(`No data arrived for ${Math.round(resume.readIdleTimeoutMs / 1000)} s.`), { name: 'TimeoutError' });
    stop.abort(stalled);
    body?.destroy(stalled);
  });
  try {
    const resuming = progress.received > 0;
    let reply: GetObjectCommandOutput;
    try {
      reply = await s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(resuming ? { Range: `bytes=${progress.received}-`, IfMatch: progress.etag } : {}),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (resuming && httpStatus(error) === 412) throw new AttemptFailed(objectChanged(), false);
      throw new AttemptFailed(error, stop.signal.aborted || isNetworkError(error) || (httpStatus(error) ?? 0) >= 500);
    }
    watch.touch();
    body = reply.Body as Readable | undefined;
    if (!body || typeof (body as Partial<Readable>).on !== 'function') throw new AttemptFailed(new Error('GetObject answered without a readable body.'), false);
    if (resuming) {
      // A server that ignored the Range would have the file start over in its middle.
      if (!reply.ContentRange?.startsWith(`bytes ${progress.received}-`) || !reply.ContentRange.endsWith(`/${progress.size}`)) {
        throw new AttemptFailed(interrupted(), false);
      }
    } else {
      progress.etag = reply.ETag;
      progress.size = reply.ContentLength;
    }
    await append(body, out, signal, (chunk) => {
      watch.touch();
      progress.received += chunk;
      options.onBytes(chunk);
    });
    if (progress.size !== undefined && progress.received !== progress.size) {
      throw new AttemptFailed(interrupted(), progress.received < progress.size && canResume(progress));
    }
  } catch (error) {
    body?.destroy();
    if (error instanceof AttemptFailed || writeError() || options.signal.aborted) throw error;
    // The body broke off (a dropped connection, a stall): resumable if we know which version we were reading.
    throw new AttemptFailed(stop.signal.aborted ? stop.signal.reason : interruptedBy(error), canResume(progress));
  } finally {
    watch.stop();
  }
}

/** Without an ETag and a size, a resumed range could not be checked against the first answer. */
const canResume = (progress: Progress) => progress.etag !== undefined && progress.size !== undefined;

function interruptedBy(cause: unknown): Error {
  return Object.assign(interrupted(), { cause });
}

/** The object was replaced between two attempts; the part already received is of the old version. */
function objectChanged(): Error {
  return Object.assign(new Error('The object changed on S3 while it was downloading.'), { name: 'ObjectChangedDuringDownload' });
}

/** Copies `body` into `out` (without ending it), honouring back-pressure; throws when either breaks. */
async function append(body: Readable, out: Writable, signal: AbortSignal, onChunk: (bytes: number) => void): Promise<void> {
  const abort = () => body.destroy(signal.reason as Error);
  signal.addEventListener('abort', abort, { once: true });
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      onChunk(chunk.length);
      if (!out.write(chunk)) await drained(out);
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const closed = () => done(new Error('The file being written was closed.'));
    out.on('drain', done);
    out.on('error', done);
    out.on('close', closed);
  });
}

/**
 * Calls `onIdle` once no byte has come for `readIdleTimeoutMs`, by the
 * monotonic clock or the wall clock, whichever notices first: the monotonic
 * one stops while the computer sleeps, the wall clock jumps when it wakes.
 */
function idleWatch(resume: ResumeSettings, onIdle: () => void): { touch(): void; stop(): void } {
  const limit = resume.readIdleTimeoutMs;
  let lastTick = performance.now();
  let lastWall = resume.now();
  const timer = setInterval(
    () => {
      if (performance.now() - lastTick < limit && resume.now() - lastWall < limit) return;
      clearInterval(timer);
      onIdle();
    },
    Math.max(1, Math.min(limit, 1_000)),
  );
  timer.unref();
  return {
    touch() {
      lastTick = performance.now();
      lastWall = resume.now();
    },
    stop: () => clearInterval(timer),
  };
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
