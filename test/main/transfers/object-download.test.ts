import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { DEFAULT_RESUME } from '../../../main/transfers/object-body';
import { chunksOf, downloadObject, type DownloadCheckpoint, type RangedSettings } from '../../../main/transfers/object-download';
import { openTempFile } from '../../../main/transfers/temp-file';

/** A GET as the fake S3 saw it. */
interface SeenGet {
  range: string | undefined;
  ifMatch: string | undefined;
}

/**
 * An S3 that serves one object from memory as S3 does: a Range is answered
 * 206 with its Content-Range (clipped at the end), If-Match on another
 * ETag is 412, a range past the end 416. `replaceAfter` swaps the object
 * for `next` once that many GETs have been answered.
 */
function fakeS3(object: Buffer, options: { replaceAfter?: number; next?: Buffer; slowWhole?: boolean } = {}) {
  let current = { bytes: object, etag: '"v1"' };
  const seen: SeenGet[] = [];
  const send = async (command: { input: { Range?: string; IfMatch?: string } }) => {
    const { Range: range, IfMatch: ifMatch } = command.input;
    seen.push({ range, ifMatch });
    if (options.replaceAfter !== undefined && seen.length > options.replaceAfter && options.next) current = { bytes: options.next, etag: '"v2"' };
    if (ifMatch !== undefined && ifMatch !== current.etag) throw Object.assign(new Error('PreconditionFailed'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    const size = current.bytes.length;
    if (range === undefined) return { Body: options.slowWhole ? trickle(current.bytes) : Readable.from([current.bytes]), ContentLength: size, ETag: current.etag };
    const [, from, to] = /^bytes=(\d+)-(\d*)$/.exec(range)!;
    const start = Number(from);
    if (start >= size) throw Object.assign(new Error('InvalidRange'), { name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });
    const end = Math.min(to === '' ? size - 1 : Number(to), size - 1);
    const slice = current.bytes.subarray(start, end + 1);
    // Several chunks, as a socket delivers them.
    const pieces = [slice.subarray(0, Math.floor(slice.length / 3)), slice.subarray(Math.floor(slice.length / 3))];
    return { Body: Readable.from(pieces), ContentLength: slice.length, ContentRange: `bytes ${start}-${end}/${size}`, ETag: current.etag };
  };
  return { s3: { send } as unknown as S3Client, seen };
}

/** A body that arrives 2 KiB every 5 ms (at most 400 KiB/s, slower on a busy machine): a connection something caps. */
function trickle(bytes: Buffer): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += 2048) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield bytes.subarray(at, at + 2048);
      }
    })(),
  );
}

const KIB = 1024;
/** Ranges whatever the speed (an in-memory S3 is faster than any link). */
const RANGED: RangedSettings = { threshold: 64 * KIB, chunkSize: 16 * KIB, streams: 3, fastStream: Infinity };

async function fetchInto(s3: S3Client, expectedSize: number, extra: { checkpoint?: DownloadCheckpoint; path?: string; ranged?: RangedSettings } = {}) {
  const path = extra.path ?? join(mkdtempSync(join(tmpdir(), 's3desk-ranges-')), 'object.part');
  const file = await openTempFile(path, extra.checkpoint ? 'reopen' : 'create');
  let bytes = 0;
  const checkpoints: DownloadCheckpoint[] = [];
  try {
    const version = await downloadObject({
      s3,
      bucket: 'b',
      key: 'k',
      signal: new AbortController().signal,
      file,
      expectedSize,
      resume: { ...DEFAULT_RESUME, backoff: { baseMs: 1 } },
      ranged: extra.ranged ?? RANGED,
      onBytes: (n) => (bytes += n),
      checkpoint: extra.checkpoint,
      onCheckpoint: (reached) => checkpoints.push(reached),
    });
    return { version, bytes, checkpoints, contents: () => readFileSync(path), path };
  } finally {
    await file.close();
  }
}

describe('a download in parallel ranges', () => {
  it('puts every byte in its place, whatever the size: ranges meet at their boundaries and the last one is short', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64 * KIB, max: 200 * KIB }), async (size) => {
        const object = randomBytes(size);
        const { s3, seen } = fakeS3(object);
        const result = await fetchInto(s3, size);
        expect(result.contents().equals(object)).toBe(true);
        expect(result.bytes).toBe(size);
        expect(result.version).toEqual({ etag: '"v1"', size });
        // One GET per range; all but the first (which learns the version) ask If-Match on its ETag.
        expect(seen).toHaveLength(chunksOf(size, RANGED.chunkSize).length);
        expect(seen[0]).toEqual({ range: `bytes=0-${RANGED.chunkSize - 1}`, ifMatch: undefined });
        expect(seen.slice(1).every((get) => get.ifMatch === '"v1"')).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('on a connection faster than fastStream, fetches the object in one GET, range by range checkpointed', async () => {
    const object = randomBytes(100 * KIB);
    const { s3, seen } = fakeS3(object);
    const result = await fetchInto(s3, object.length, { ranged: { ...RANGED, fastStream: 0 } });
    expect(result.contents().equals(object)).toBe(true);
    expect(seen).toEqual([{ range: undefined, ifMatch: undefined }]);
    expect(result.checkpoints.at(-1)!.done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.bytes).toBe(object.length);
  });

  it('stops a GET that turns out slower than fastStream while the process waits, and fetches what it had not brought as parallel ranges', async () => {
    const object = randomBytes(200 * KIB);
    const { s3, seen } = fakeS3(object, { slowWhole: true });
    const result = await fetchInto(s3, object.length, { ranged: { ...RANGED, fastStream: 10 * 1024 * KIB } });
    expect(result.contents().equals(object)).toBe(true);
    expect(result.bytes).toBe(object.length);
    expect(seen[0]).toEqual({ range: undefined, ifMatch: undefined });
    // After the stream stopped, each byte it had not brought is asked for exactly once, with If-Match.
    const after = seen.slice(1).map((get) => {
      expect(get.ifMatch).toBe('"v1"');
      // A range that runs to the end of the object is asked open-ended.
      const [, from, to] = /^bytes=(\d+)-(\d*)$/.exec(get.range!)!;
      return { from: Number(from), to: to === '' ? object.length - 1 : Number(to) };
    });
    after.sort((a, b) => a.from - b.from);
    expect(after.length).toBeGreaterThan(0);
    expect(after.at(-1)!.to).toBe(object.length - 1);
    after.slice(1).forEach((range, i) => expect(range.from).toBe(after[i]!.to + 1));
    expect(result.checkpoints.at(-1)!.done).toEqual(chunksOf(object.length, RANGED.chunkSize));
  });

  it('runs many ranges at once without Node warning of a listener leak on the download’s signal', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const object = randomBytes(32 * 16 * KIB);
      const { s3 } = fakeS3(object);
      const result = await fetchInto(s3, object.length, { ranged: { ...RANGED, streams: 16 } });
      expect(result.contents().equals(object)).toBe(true);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('fetches an object below the threshold in one GET, without a Range', async () => {
    const object = randomBytes(10 * KIB);
    const { s3, seen } = fakeS3(object);
    const result = await fetchInto(s3, object.length);
    expect(result.contents().equals(object)).toBe(true);
    expect(seen).toEqual([{ range: undefined, ifMatch: undefined }]);
  });

  it('starts over when the object is replaced mid-download: the file is the new version whole, never a mix', async () => {
    const first = randomBytes(100 * KIB);
    const second = randomBytes(90 * KIB);
    const { s3, seen } = fakeS3(first, { replaceAfter: 2, next: second });
    const result = await fetchInto(s3, first.length);
    expect(result.contents().equals(second)).toBe(true);
    expect(result.version).toEqual({ etag: '"v2"', size: second.length });
    // The old version's bytes were taken back: what was counted is exactly the new object.
    expect(result.bytes).toBe(second.length);
    // After a 412, the new version is fetched with one plain GET.
    expect(seen.at(-1)).toEqual({ range: undefined, ifMatch: undefined });
  });

  it('an object that shrank below the first range is fetched as it now is', async () => {
    const object = randomBytes(5 * KIB);
    const { s3 } = fakeS3(object);
    const result = await fetchInto(s3, 100 * KIB);
    expect(result.contents().equals(object)).toBe(true);
  });

  it('continues from a checkpoint: only the ranges not on disk are fetched, with If-Match on the version it began with', async () => {
    const object = randomBytes(100 * KIB);
    const path = join(mkdtempSync(join(tmpdir(), 's3desk-ranges-')), 'object.part');
    // An earlier run wrote ranges 0, 2 and 5 (of 7) before it stopped.
    const done = [0, 2, 5];
    const earlier = await openTempFile(path, 'create');
    for (const index of done) {
      const start = index * RANGED.chunkSize;
      await earlier.writev([object.subarray(start, start + RANGED.chunkSize)], start);
    }
    await earlier.close();
    const { s3, seen } = fakeS3(object);
    const checkpoint = { etag: '"v1"', size: object.length, chunkSize: RANGED.chunkSize, done };
    const result = await fetchInto(s3, object.length, { checkpoint, path });
    expect(result.contents().equals(object)).toBe(true);
    const asked = seen.map((get) => Number(/^bytes=(\d+)-/.exec(get.range!)![1]) / RANGED.chunkSize).sort((a, b) => a - b);
    expect(asked).toEqual([1, 3, 4, 6]);
    expect(seen.every((get) => get.ifMatch === '"v1"')).toBe(true);
    expect(result.checkpoints.at(-1)!.done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.bytes).toBe(object.length);
  });

  it('a checkpoint of a version S3 no longer has starts over from scratch', async () => {
    const object = randomBytes(80 * KIB);
    const path = join(mkdtempSync(join(tmpdir(), 's3desk-ranges-')), 'object.part');
    const stale = await openTempFile(path, 'create');
    await stale.writev([Buffer.alloc(100 * KIB, 7)], 0);
    await stale.close();
    const { s3 } = fakeS3(object);
    const result = await fetchInto(s3, object.length, { checkpoint: { etag: '"v0"', size: 100 * KIB, chunkSize: RANGED.chunkSize, done: [0, 1] }, path });
    expect(result.contents().equals(object)).toBe(true);
  });
});
