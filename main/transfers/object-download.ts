import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectChangedError, receiveRange, type ObjectVersion, type ResumeSettings } from './object-body';
import type { TempFile } from './temp-file';

const MIB = 1024 * 1024;

/** When an object is fetched in ranges, and how. */
export interface RangedSettings {
  /** Objects at least this large are fetched as parallel ranges; smaller ones in one GET. */
  threshold: number;
  /** The size of each range (the last one is shorter). */
  chunkSize: number;
  /** Ranges of one object in flight at once. */
  streams: number;
  /**
   * Bytes per second one connection must beat for the download to stay a single stream: where one
   * stream is that fast the link does not cap connections (a LAN, loopback) and parallel ranges
   * would only add work; where it is slower (the internet), ranges in parallel multiply it.
   */
  fastStream: number;
}

/**
 * 8 MiB ranges, 8 at a time, from 16 MiB up. On a link with tens of
 * milliseconds of latency and a per-connection limit, one stream leaves most
 * of the link unused; eight keep it busy while holding at most 8 × 4 MiB of
 * writes in memory (object-body.ts). Below 16 MiB one GET is done before
 * ranges would pay off.
 */
export const DEFAULT_RANGED: RangedSettings = { threshold: 16 * MIB, chunkSize: 8 * MIB, streams: 8, fastStream: 200 * MIB };

/** How much of the first range is timed to judge the connection (after its headers, so the round trip does not count). */
const PROBE_BYTES = 2 * MIB;

/** Where a ranged download stands, enough to continue it in a later run: the version and the ranges on disk. */
export interface DownloadCheckpoint {
  etag: string;
  size: number;
  chunkSize: number;
  /** Indexes of the ranges completely written. */
  done: number[];
}

export interface ObjectDownload {
  s3: S3Client;
  bucket: string;
  key: string;
  signal: AbortSignal;
  file: TempFile;
  /** The size the listing showed, to choose between one GET and ranges. */
  expectedSize: number;
  resume: ResumeSettings;
  ranged: RangedSettings;
  /** Bytes received (negative: taken back when the download starts over). */
  onBytes: (bytes: number) => void;
  /** Continues a download an earlier run left (its temp file reopened as `file`). */
  checkpoint?: DownloadCheckpoint;
  /** Hears where a ranged download stands after every range written. */
  onCheckpoint?: (checkpoint: DownloadCheckpoint) => void;
}

/** An object replaced mid-download starts over, from scratch, at most this many times. */
const MAX_RESTARTS = 2;

/**
 * Fetches one object into `file`: in one GET when small, else as parallel
 * ranges written at their offsets. The first range's answer fixes the
 * version (ETag and size); every other range is asked with If-Match on that
 * ETag and its Content-Range checked, so the file is one version, whole. An
 * object replaced meanwhile starts the download over (never mixed), and a
 * checkpoint from an earlier run continues with only the missing ranges.
 */
export async function downloadObject(options: ObjectDownload): Promise<ObjectVersion> {
  let received = 0;
  const run: ObjectDownload = {
    ...options,
    onBytes: (bytes) => {
      received += bytes;
      options.onBytes(bytes);
    },
  };
  let checkpoint = options.checkpoint;
  let expectedSize: number | null = options.expectedSize;
  for (let restarts = 0; ; restarts++) {
    try {
      if (checkpoint) return await continueRanges(run, checkpoint);
      if (expectedSize === null || expectedSize < options.ranged.threshold) return await wholeObject(run);
      return await inRanges(run);
    } catch (error) {
      if (!(error instanceof ObjectChangedError) || restarts >= MAX_RESTARTS || options.signal.aborted) throw error;
      // Nothing of the old version stays: its bytes are taken back and the file emptied; one GET learns the new one.
      run.onBytes(-received);
      await options.file.truncate(0);
      checkpoint = undefined;
      expectedSize = null;
    }
  }
}

async function wholeObject(options: ObjectDownload): Promise<ObjectVersion> {
  let version: ObjectVersion | undefined;
  await receiveRange({ ...rangeBase(options), start: 0, end: null, version: undefined, onVersion: (answered) => (version = answered) });
  return version!;
}

/**
 * Asks for the first range alone and learns the version from its answer.
 * Then it times the first PROBE_BYTES: a connection faster than
 * `fastStream` fetches the rest as one more stream (ranges would only add
 * work where nothing caps a connection); a slower one, the rest as parallel
 * ranges. Either way progress is checkpointed range by range.
 */
async function inRanges(options: ObjectDownload): Promise<ObjectVersion> {
  const { chunkSize } = options.ranged;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let decide: (version: ObjectVersion, fast: boolean) => void = () => {};
  const decided = new Promise<{ version: ObjectVersion; fast: boolean }>((resolve) => (decide = (version, fast) => resolve({ version, fast })));
  let version: ObjectVersion | undefined;
  let answeredAt = 0;
  let probed = 0;
  const done: number[] = [];
  const first = receiveRange({
    ...rangeBase(options),
    signal,
    start: 0,
    end: chunkSize,
    version: undefined,
    onVersion: (answered) => {
      version = answered;
      answeredAt = performance.now();
    },
    onBytes: (bytes) => {
      options.onBytes(bytes);
      probed += bytes;
      if (version && probed >= Math.min(PROBE_BYTES, version.size)) {
        const seconds = Math.max((performance.now() - answeredAt) / 1000, 1e-6);
        decide(version, probed / seconds >= options.ranged.fastStream);
      }
    },
  });
  const firstSettled = first.then(
    () => null,
    (error: unknown) => error,
  );
  // The first range may end (or fail) before the probe has its bytes: then it is judged on what it brought.
  void firstSettled.then((error) => error === null && version && decide(version, probed / Math.max((performance.now() - answeredAt) / 1000, 1e-6) >= options.ranged.fastStream));
  const { fast } = await Promise.race([decided, firstSettled.then((error) => (error ? Promise.reject(error) : decided))]);
  const known = version!;
  const checkpoint = (): DownloadCheckpoint => ({ etag: known.etag, size: known.size, chunkSize, done: [...done].sort((a, b) => a - b) });
  const onChunkDone = (index: number) => {
    done.push(index);
    options.onCheckpoint?.(checkpoint());
  };
  const firstDone = first.then(() => onChunkDone(0));
  if (fast) {
    await inOneStream(options, known, 1, stop, firstDone, onChunkDone);
  } else {
    const rest = chunksOf(known.size, chunkSize).filter((index) => index !== 0);
    await fetchChunks(options, known, rest, options.ranged.streams - 1, stop, [firstDone], onChunkDone);
  }
  return known;
}

/**
 * The ranges from `fromChunk` on as one sequential GET beside the first
 * range, each reported done as the stream passes its end (a restart then
 * continues from the last whole range).
 */
async function inOneStream(
  options: ObjectDownload,
  version: ObjectVersion,
  fromChunk: number,
  stop: AbortController,
  firstDone: Promise<void>,
  onChunkDone: (index: number) => void,
): Promise<void> {
  const { chunkSize } = options.ranged;
  const start = fromChunk * chunkSize;
  let next = fromChunk;
  let written = 0;
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const rest =
    start >= version.size
      ? Promise.resolve()
      : receiveRange({
          ...rangeBase(options),
          signal,
          start,
          end: version.size,
          version,
          onBytes: (bytes) => {
            options.onBytes(bytes);
            written += bytes;
            // Sequential writes: every range below start + written is whole on disk.
            while (next * chunkSize < version.size && start + written >= Math.min((next + 1) * chunkSize, version.size)) onChunkDone(next++);
          },
        });
  // The first failure stops the other stream; both have settled before anything is thrown.
  const stopOnFailure = (error: unknown) => {
    stop.abort(error);
    throw error;
  };
  const settled = await Promise.allSettled([firstDone.catch(stopOnFailure), rest.catch(stopOnFailure)]);
  if (options.signal.aborted) throw options.signal.reason;
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((failure) => failure instanceof ObjectChangedError) ?? failures[0];
}

/** A download an earlier run left: only the ranges not yet on disk, all with If-Match on the version it began with. */
async function continueRanges(options: ObjectDownload, checkpoint: DownloadCheckpoint): Promise<ObjectVersion> {
  const version = { etag: checkpoint.etag, size: checkpoint.size };
  const done = new Set(checkpoint.done);
  const missing = chunksOf(version.size, checkpoint.chunkSize).filter((index) => !done.has(index));
  const have = [...done].reduce((sum, index) => sum + chunkLength(index, checkpoint.chunkSize, version.size), 0);
  options.onBytes(have);
  await fetchChunks({ ...options, ranged: { ...options.ranged, chunkSize: checkpoint.chunkSize } }, version, missing, options.ranged.streams, new AbortController(), [], (index) => {
    done.add(index);
    options.onCheckpoint?.({ ...version, chunkSize: checkpoint.chunkSize, done: [...done].sort((a, b) => a - b) });
  });
  return version;
}

/**
 * Fetches `chunks` with `streams` workers (plus whatever already runs in
 * `running`); the first failure stops the others, and it is thrown once
 * every request has settled, so nothing writes into the file afterwards.
 */
async function fetchChunks(
  options: ObjectDownload,
  version: ObjectVersion,
  chunks: number[],
  streams: number,
  stop: AbortController,
  running: Array<Promise<void>>,
  onChunkDone: (index: number) => void,
): Promise<void> {
  const { chunkSize } = options.ranged;
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const queue = [...chunks];
  let failure: unknown = null;
  const fail = (error: unknown) => {
    // An object that changed explains every other failure, and decides the restart.
    if (failure === null || error instanceof ObjectChangedError) failure = error;
    stop.abort(error);
  };
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined && !signal.aborted; index = queue.shift()) {
      const start = index * chunkSize;
      await receiveRange({ ...rangeBase(options), signal, start, end: Math.min(start + chunkSize, version.size), version });
      onChunkDone(index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(streams, queue.length)) }, () => worker().catch(fail));
  // The ranges already running free a stream when they end: it takes from the same queue.
  const joined = running.map((run) => run.then(worker).catch(fail));
  await Promise.all([...workers, ...joined]);
  if (options.signal.aborted) throw options.signal.reason;
  if (failure !== null) throw failure;
}

function rangeBase(options: ObjectDownload) {
  const { s3, bucket, key, signal, file, resume, onBytes } = options;
  return { s3, bucket, key, signal, file, resume, onBytes };
}

/** The indexes of the ranges of an object of `size` bytes. */
export function chunksOf(size: number, chunkSize: number): number[] {
  return Array.from({ length: Math.ceil(size / chunkSize) }, (_, index) => index);
}

function chunkLength(index: number, chunkSize: number, size: number): number {
  return Math.max(0, Math.min(chunkSize, size - index * chunkSize));
}
