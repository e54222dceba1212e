import { setMaxListeners } from 'node:events';
import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectChangedError, receiveRange, type ObjectVersion, type ResumeSettings } from './object-body';
import type { TempFile } from './temp-file';
import { MOSTLY_WAITING_BELOW, startCpuShare } from '../shared/cpu-share';

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
 * ranges would pay off. 120 MiB/s sits well above what one connection to S3
 * over the internet carries (tens of MB/s; the WAN profile's 64 MiB/s) and
 * well below one connection on loopback or a LAN (several hundred).
 */
export const DEFAULT_RANGED: RangedSettings = { threshold: 16 * MIB, chunkSize: 8 * MIB, streams: 8, fastStream: 120 * MIB };

/**
 * How the single stream is judged: from WARM_UP bytes on (a fresh
 * connection's slow start and a cold process's first reads would make any
 * link look slow), over at least JUDGE_AFTER_MS, then with every write,
 * averaged since that moment so one pause weighs less and less.
 */
const WARM_UP = 1 * MIB;
const JUDGE_AFTER_MS = 50;

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
 * Asks for the whole object as one stream; its answer fixes the version
 * (ETag and size) and it checkpoints range by range as it passes them. Where
 * that stream turns out slower than `fastStream` while this process mostly
 * waits (a link that caps each connection: the internet), it is stopped and
 * what it has not brought is fetched as parallel ranges; where it is fast
 * (loopback, a LAN) ranges would only add work, so it runs to the end, as a
 * plain GET would. `fastStream: Infinity` asks for ranges from the start.
 */
async function inRanges(options: ObjectDownload): Promise<ObjectVersion> {
  if (options.ranged.fastStream === Number.POSITIVE_INFINITY) return rangesFromTheStart(options);
  const { chunkSize } = options.ranged;
  const done: number[] = [];
  let version: ObjectVersion | undefined;
  const onChunkDone = (index: number) => {
    done.push(index);
    options.onCheckpoint?.({ ...version!, chunkSize, done: [...done].sort((a, b) => a - b) });
  };
  const stopped = await streamUnlessSlow(options, (answered) => (version = answered), onChunkDone);
  if (stopped.length > 0) await fetchChunks(options, version!, stopped, options.ranged.streams, new AbortController(), [], onChunkDone);
  return version!;
}

/** The first range alone (it learns the version), then the rest as parallel ranges. */
async function rangesFromTheStart(options: ObjectDownload): Promise<ObjectVersion> {
  const { chunkSize } = options.ranged;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let learned: (version: ObjectVersion) => void = () => {};
  const versionKnown = new Promise<ObjectVersion>((resolve) => (learned = resolve));
  const first = receiveRange({ ...rangeBase(options), signal, start: 0, end: chunkSize, version: undefined, onVersion: learned });
  const firstFailed = first.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => Promise.reject(error),
  );
  // The version comes with the first answer's headers; a first range that fails before them ends the download.
  const version = await Promise.race([versionKnown, firstFailed]);
  const done: number[] = [];
  const onChunkDone = (index: number) => {
    done.push(index);
    options.onCheckpoint?.({ ...version, chunkSize, done: [...done].sort((a, b) => a - b) });
  };
  const firstDone = first.then(() => onChunkDone(0));
  const rest = chunksOf(version.size, chunkSize)
    .filter((index) => index !== 0)
    .map((index) => ({ index, from: index * chunkSize }));
  await fetchChunks(options, version, rest, options.ranged.streams - 1, stop, [firstDone], onChunkDone);
  return version;
}

/** The stream was found too slow and stopped, so that ranges take over. */
class TooSlow extends Error {
  override name = 'TooSlow';
}

/**
 * The whole object as one GET, each range reported done as the stream
 * passes its end. If the stream is slower than `fastStream` while the process
 * mostly waits (cpu-share.ts), it is stopped; what it had not brought — the rest of
 * the range it was in, and every range after — is returned for parallel
 * ranges. An empty list: the stream brought everything.
 */
async function streamUnlessSlow(
  options: ObjectDownload,
  onVersion: (version: ObjectVersion) => void,
  onChunkDone: (index: number) => void,
): Promise<ChunkWork[]> {
  const { chunkSize, fastStream } = options.ranged;
  const warmUp = Math.min(WARM_UP, chunkSize / 4);
  const tooSlow = new AbortController();
  let size = Number.POSITIVE_INFINITY;
  let next = 0;
  let written = 0;
  let since: { at: number; written: number; cpuShare: () => number } | null = null;
  const stream = receiveRange({
    ...rangeBase(options),
    signal: AbortSignal.any([options.signal, tooSlow.signal]),
    start: 0,
    end: null,
    version: undefined,
    onVersion: (answered) => {
      size = answered.size;
      onVersion(answered);
    },
    onBytes: (bytes) => {
      options.onBytes(bytes);
      written += bytes;
      // Sequential writes: every range below `written` is whole on disk.
      while (next * chunkSize < size && written >= Math.min((next + 1) * chunkSize, size)) onChunkDone(next++);
      if (tooSlow.signal.aborted || written < warmUp) return;
      const now = performance.now();
      since ??= { at: now, written, cpuShare: startCpuShare() };
      const seconds = (now - since.at) / 1000;
      const rate = (written - since.written) / seconds;
      if (seconds * 1000 < JUDGE_AFTER_MS || rate >= fastStream) return;
      // Slow because this process works flat out (a CPU-bound fast link, a slow computer) is no reason for more streams: they
      // would cost more CPU. Split only while it mostly waited since the judging began (cpu-share.ts): the network holds it back.
      if (since.cpuShare() < MOSTLY_WAITING_BELOW) tooSlow.abort(new TooSlow());
    },
  });
  const outcome = await stream.then(
    () => null,
    (error: unknown) => error,
  );
  if (outcome === null) return [];
  if (!(outcome instanceof TooSlow) || options.signal.aborted) throw outcome;
  // Bytes on disk end at `written`; the range they end in is fetched from there.
  return chunksOf(size, chunkSize)
    .filter((index) => index >= next)
    .map((index) => ({ index, from: index === next ? written : index * chunkSize }));
}

/** A download an earlier run left: only the ranges not yet on disk, all with If-Match on the version it began with. */
async function continueRanges(options: ObjectDownload, checkpoint: DownloadCheckpoint): Promise<ObjectVersion> {
  const version = { etag: checkpoint.etag, size: checkpoint.size };
  const done = new Set(checkpoint.done);
  const missing = chunksOf(version.size, checkpoint.chunkSize).filter((index) => !done.has(index));
  const have = [...done].reduce((sum, index) => sum + chunkLength(index, checkpoint.chunkSize, version.size), 0);
  options.onBytes(have);
  const work = missing.map((index) => ({ index, from: index * checkpoint.chunkSize }));
  await fetchChunks({ ...options, ranged: { ...options.ranged, chunkSize: checkpoint.chunkSize } }, version, work, options.ranged.streams, new AbortController(), [], (index) => {
    done.add(index);
    options.onCheckpoint?.({ ...version, chunkSize: checkpoint.chunkSize, done: [...done].sort((a, b) => a - b) });
  });
  return version;
}

/** One range to fetch: range `index`, from byte `from` (its start, or where an earlier stream stopped in it). */
interface ChunkWork {
  index: number;
  from: number;
}

/**
 * Fetches `chunks` with `streams` workers (plus whatever already runs in
 * `running`); the first failure stops the others, and it is thrown once
 * every request has settled, so nothing writes into the file afterwards.
 */
async function fetchChunks(
  options: ObjectDownload,
  version: ObjectVersion,
  chunks: ChunkWork[],
  streams: number,
  stop: AbortController,
  running: Array<Promise<void>>,
  onChunkDone: (index: number) => void,
): Promise<void> {
  const { chunkSize } = options.ranged;
  const signal = AbortSignal.any([options.signal, stop.signal]);
  // Each range in flight listens to this signal (child-abort.ts): as many listeners as streams, which may exceed Node's warning limit of 10.
  setMaxListeners(streams + running.length + 1, signal);
  const queue = [...chunks];
  let failure: unknown = null;
  const fail = (error: unknown) => {
    // An object that changed explains every other failure, and decides the restart.
    if (failure === null || error instanceof ObjectChangedError) failure = error;
    stop.abort(error);
  };
  const worker = async () => {
    for (let work = queue.shift(); work !== undefined && !signal.aborted; work = queue.shift()) {
      const end = Math.min((work.index + 1) * chunkSize, version.size);
      await receiveRange({ ...rangeBase(options), signal, start: work.from, end, version });
      onChunkDone(work.index);
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
