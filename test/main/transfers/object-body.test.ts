import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_RESUME, receiveRange } from '../../../main/transfers/object-body';
import type { TempFile } from '../../../main/transfers/temp-file';

const KIB = 1024;
const MIB = 1024 * KIB;

/** An S3 whose one GET answers `object` in 64 KiB chunks, as fast as they are read; `onPull` hears each chunk the body takes. */
function fastS3(object: Buffer, onPull: (bytes: number) => void = () => undefined): S3Client {
  const send = async () => {
    const body = Readable.from(
      (function* () {
        for (let at = 0; at < object.length; at += 64 * KIB) {
          const chunk = object.subarray(at, at + 64 * KIB);
          onPull(chunk.length);
          yield chunk;
        }
      })(),
    );
    return { Body: body, ContentLength: object.length, ETag: '"v1"' };
  };
  return { send } as unknown as S3Client;
}

/** A file in memory whose every write takes a few turns of the event loop: a disk slower than the network. */
function slowFile(size: number, fail?: Error) {
  const bytes = Buffer.alloc(size);
  let written = 0;
  const file: TempFile = {
    async writev(buffers, position) {
      for (let i = 0; i < 3; i++) await nextMacrotask();
      if (fail) throw fail;
      Buffer.concat(buffers).copy(bytes, position);
      written += buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    },
    truncate: async () => undefined,
    close: async () => undefined,
  };
  return { file, bytes, written: () => written };
}

function receive(s3: S3Client, file: TempFile) {
  return receiveRange({
    s3,
    bucket: 'b',
    key: 'k',
    signal: new AbortController().signal,
    file,
    start: 0,
    end: null,
    version: undefined,
    onBytes: () => undefined,
    resume: { ...DEFAULT_RESUME, maxAttempts: 1 },
  });
}

describe('receiving a body onto a disk slower than the network', () => {
  it('pauses the body while the backlog is full, so memory stays bounded, and still writes every byte in its place', async () => {
    const size = 32 * MIB;
    const object = randomBytes(size);
    const disk = slowFile(size);
    let pulled = 0;
    let mostAhead = 0;
    const s3 = fastS3(object, (bytes) => {
      pulled += bytes;
      mostAhead = Math.max(mostAhead, pulled - disk.written());
    });
    await receive(s3, disk.file);

    expect(disk.bytes.equals(object)).toBe(true);
    // Unpaused, all 32 MiB would be read while the first write waits. The bound: one batch being written, at most
    // the 4 MiB backlog waiting (plus the chunk that crossed it), and the 16 chunks a paused stream buffers ahead.
    expect(mostAhead).toBeGreaterThan(0);
    expect(mostAhead).toBeLessThanOrEqual(8 * MIB + 18 * 64 * KIB);
  });

  it('stops reading when the disk refuses a write, and answers that error (a full disk is not retried)', async () => {
    const size = 8 * MIB;
    const s3 = fastS3(randomBytes(size));
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const disk = slowFile(size, full);
    await expect(receive(s3, disk.file)).rejects.toBe(full);
  });
});
