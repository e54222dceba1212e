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
}

/**
 * 8 MiB ranges, 8 at a time, from 16 MiB up. On a link with tens of
 * milliseconds of latency and a per-connection limit, one stream leaves most
 * of the link unused; eight keep it busy while holding at most 8 × 4 MiB of
 * writes in memory (object-body.ts). Below 16 MiB one GET is done before
 * ranges would pay off.
 */
export const DEFAULT_RANGED: RangedSettings = { threshold: 16 * MIB, chunkSize: 8 * MIB, streams: 8 };

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

/** Asks for the first range alone, learns the version from its answer, then fetches the rest alongside it. */
async function inRanges(options: ObjectDownload): Promise<ObjectVersion> {
  const { chunkSize } = options.ranged;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let learned: (version: ObjectVersion) => void = () => {};
  const known = new Promise<ObjectVersion>((resolve) => (learned = resolve));
  const done: number[] = [];
  const first = receiveRange({ ...rangeBase(options), signal, start: 0, end: chunkSize, version: undefined, onVersion: (version) => learned(version) });
  const firstSettled = first.then(
    () => null,
    (error: unknown) => error,
  );
  const version = await Promise.race([known, firstSettled.then((error) => (error ? Promise.reject(error) : known))]);
  const rest = chunksOf(version.size, chunkSize).filter((index) => index !== 0);
  const checkpoint = (): DownloadCheckpoint => ({ etag: version.etag, size: version.size, chunkSize, done: [...done].sort((a, b) => a - b) });
  const firstDone = first.then(() => {
    done.push(0);
    options.onCheckpoint?.(checkpoint());
  });
  await fetchChunks(options, version, rest, options.ranged.streams - 1, stop, [firstDone], (index) => {
    done.push(index);
    options.onCheckpoint?.(checkpoint());
  });
  return version;
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
