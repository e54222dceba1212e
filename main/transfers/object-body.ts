import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { isNetworkError } from '../aws/s3-errors';
import { retryDelayMs, type BackoffOptions } from '../shared/backoff';
import { childAbort } from '../shared/child-abort';
import type { TempFile } from './temp-file';

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

/** The version of an object a download reads: every byte must come from it. */
export interface ObjectVersion {
  etag: string;
  size: number;
}

export interface RangeRequest {
  s3: S3Client;
  bucket: string;
  key: string;
  signal: AbortSignal;
  file: TempFile;
  /** Bytes [start, end) of the object, written at the same offsets; `end` null = up to the end of the object. */
  start: number;
  end: number | null;
  /** The version to read (sent as If-Match); unset for the first request of a download, which learns it. */
  version: ObjectVersion | undefined;
  /** Hears the version as soon as the first answer's headers are in. */
  onVersion?: (version: ObjectVersion) => void;
  onBytes: (bytes: number) => void;
  resume: ResumeSettings;
}

/** The object is not the one the download began with (S3 answered 412 to If-Match, or the range no longer exists). */
export class ObjectChangedError extends Error {
  override name = 'ObjectChangedDuringDownload';
  constructor() {
    super('The object changed on S3 while it was downloading.');
  }
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

/** Bytes gathered into one positional write: a syscall (and a progress event) per 256 KiB, not per 64 KiB socket read; larger batches keep buffers alive long enough to reach the old generation, and GC costs more than the syscalls saved. */
const WRITE_BATCH_BYTES = 256 * 1024;
/** How long bytes short of a batch wait for more before they are written anyway. */
const WRITE_FLUSH_MS = 20;
/** Bytes queued for the disk before the network is read again: bounds memory per stream. */
const WRITE_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Receives one byte range of an object (or the whole of it) into its place
 * in `file`. When the connection drops or stalls after some bytes, it asks
 * again from where it stopped — `Range` with `If-Match` the version's ETag,
 * so a range is never stitched from two versions (S3 answers 412, and this
 * throws ObjectChangedError). Waits with backoff between attempts, gives up
 * after `maxAttempts` in a row without progress, and checks every answer's
 * Content-Range against what was asked.
 */
export async function receiveRange(request: RangeRequest): Promise<void> {
  const { signal, resume } = request;
  const state: RangeState = { position: request.start, end: request.end, version: request.version };
  let fruitless = 0;
  for (;;) {
    const before = state.position;
    try {
      await attempt(request, state);
      return;
    } catch (caught) {
      if (signal.aborted) throw signal.reason ?? caught;
      if (!(caught instanceof AttemptFailed)) throw caught;
      if (!caught.retryable) throw caught.error;
      fruitless = state.position > before ? 0 : fruitless + 1;
      if (fruitless >= resume.maxAttempts) throw caught.error;
      await sleep(retryDelayMs(Math.max(0, fruitless - 1), resume.backoff), undefined, { signal });
    }
  }
}

interface RangeState {
  /** The next byte to receive. */
  position: number;
  end: number | null;
  version: ObjectVersion | undefined;
}

/** One GET from `state.position` on; throws AttemptFailed unless every byte of the range arrived. */
async function attempt(request: RangeRequest, state: RangeState): Promise<void> {
  const { s3, bucket, key, resume } = request;
  const { controller: stop, signal, release } = childAbort(request.signal);
  let body: Readable | undefined;
  const watch = idleWatch(resume, () => {
    const stalled = Object.assign(new Error(`No data arrived for ${Math.round(resume.readIdleTimeoutMs / 1000)} s.`), { name: 'TimeoutError' });
    stop.abort(stalled);
    body?.destroy(stalled);
  });
  const version = state.version;
  const end = state.end ?? version?.size ?? null;
  try {
    const whole = state.position === 0 && end === null;
    // A range that runs to the end of the object is asked open-ended, as S3's own tools do.
    const toEnd = end === null || end === version?.size;
    const range = whole ? undefined : `bytes=${state.position}-${toEnd ? '' : end - 1}`;
    let reply: GetObjectCommandOutput;
    try {
      reply = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range, IfMatch: version?.etag }), { abortSignal: signal });
    } catch (error) {
      const status = httpStatus(error);
      // 412: no longer the version being read; 416: the object is now shorter than the range asked for.
      if ((version && status === 412) || (range && status === 416)) throw new AttemptFailed(new ObjectChangedError(), false);
      throw new AttemptFailed(error, stop.signal.aborted || isNetworkError(error) || (status ?? 0) >= 500);
    }
    watch.touch();
    body = reply.Body as Readable | undefined;
    if (!body || typeof (body as Partial<Readable>).on !== 'function') throw new AttemptFailed(new Error('GetObject answered without a readable body.'), false);
    const answered = answeredVersion(reply, range, state.position, end);
    if (!version) {
      state.version = answered;
      request.onVersion?.(answered);
    } else if (answered.size !== version.size) {
      throw new AttemptFailed(new ObjectChangedError(), false);
    }
    // A first range asked past the end of a shorter object than expected ends where the object does.
    const last = Math.min(end ?? answered.size, answered.size);
    state.end = last;
    await writeBody(body, request.file, state, signal, () => watch.touch(), request.onBytes);
    if (state.position !== last) throw new AttemptFailed(interrupted(), state.position < last);
  } catch (error) {
    body?.destroy();
    if (error instanceof AttemptFailed || request.signal.aborted) throw error;
    if (isWriteError(error)) throw error;
    // The body broke off (a dropped connection, a stall): resumable, since the version is known.
    throw new AttemptFailed(stop.signal.aborted ? stop.signal.reason : Object.assign(interrupted(), { cause: error }), state.version !== undefined);
  } finally {
    watch.stop();
    release();
  }
}

/**
 * The version an answer carries, checked against what was asked: a ranged
 * answer must say it starts where asked (a server that ignored the Range
 * would have the file start over in its middle).
 */
function answeredVersion(reply: GetObjectCommandOutput, range: string | undefined, position: number, end: number | null): ObjectVersion {
  const etag = reply.ETag ?? '';
  if (range === undefined) return { etag, size: reply.ContentLength ?? 0 };
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(reply.ContentRange ?? '');
  const total = Number(match?.[3]);
  if (!match || Number(match[1]) !== position || (end !== null && Number(match[2]) !== Math.min(end, total) - 1)) {
    throw new AttemptFailed(Object.assign(new Error('S3 answered with other bytes than those asked for.'), { name: 'IncompleteDownload' }), false);
  }
  return { etag, size: Number(match[3]) };
}

/** Errors of the local file (a full disk): they end the download instead of being retried. */
const writeErrors = new WeakSet<object>();
const isWriteError = (error: unknown): boolean => typeof error === 'object' && error !== null && writeErrors.has(error);

/**
 * Copies `body` to the file from `state.position` on, in positional writevs
 * of everything queued once WRITE_BATCH_BYTES have gathered (or WRITE_FLUSH_MS
 * have passed; chunks that arrive during a write go in the next), so the
 * disk does not wait on the network nor the other way round; at most
 * WRITE_BACKLOG_BYTES wait in memory, beyond which the body is paused.
 * `state.position` only moves past bytes that are on disk, and `onWritten`
 * only counts those, so a resumed attempt starts exactly where the count says.
 *
 * The body is read in flowing mode ('data' events), not with `for await`:
 * the async iterator reads in paused mode, and each read() joins every chunk
 * buffered since the last into one new buffer — a copy of the bytes that
 * arrived while this process was busy, and a large allocation, per read.
 */
async function writeBody(
  body: Readable,
  file: TempFile,
  state: RangeState,
  signal: AbortSignal,
  onChunk: () => void,
  onWritten: (bytes: number) => void,
): Promise<void> {
  const abort = () => body.destroy(signal.reason as Error);
  signal.addEventListener('abort', abort, { once: true });
  let queued: Buffer[] = [];
  let queuedBytes = 0;
  let writing: Promise<void> | null = null;
  let failed: unknown = null;
  let stopReading: () => void = () => {};
  const drain = async () => {
    while (queuedBytes > 0) {
      const batch = queued;
      const bytes = queuedBytes;
      const at = state.position;
      queued = [];
      queuedBytes = 0;
      await file.writev(batch, at);
      state.position = at + bytes;
      onWritten(bytes);
      if (body.isPaused() && failed === null && queuedBytes < WRITE_BACKLOG_BYTES) body.resume();
    }
  };
  // Bytes that stay below a batch (a slow link, a stall) are written after a moment all the same.
  let flushTimer: NodeJS.Timeout | null = null;
  const kick = (force = false) => {
    if (writing || failed !== null) return;
    if (!force && queuedBytes < WRITE_BATCH_BYTES) {
      flushTimer ??= setTimeout(() => {
        flushTimer = null;
        kick(true);
      }, WRITE_FLUSH_MS);
      return;
    }
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    writing = drain()
      .catch((error: unknown) => {
        failed = error;
        // The file cannot take more: stop reading; the caller closes the connection.
        body.pause();
        stopReading();
      })
      .finally(() => {
        writing = null;
      });
  };
  const onData = (chunk: Buffer) => {
    if (failed !== null) return;
    onChunk();
    queued.push(chunk);
    queuedBytes += chunk.length;
    kick();
    if (queuedBytes >= WRITE_BACKLOG_BYTES && writing) body.pause();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      stopReading = resolve;
      // Settles on the body's end, its error, or its premature close (a dropped connection, a destroy on abort or stall).
      finished(body).then(resolve, reject);
      body.on('data', onData);
    });
  } finally {
    body.off('data', onData);
    signal.removeEventListener('abort', abort);
    // Whatever arrived is on disk (or failed to get there) before anyone resumes from state.position.
    while (writing) await writing;
    kick(true);
    while (writing) await writing;
    if (flushTimer) clearTimeout(flushTimer);
  }
  if (failed !== null) {
    if (typeof failed === 'object') writeErrors.add(failed);
    throw failed;
  }
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
