import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * A middleware for the session's own S3 client that makes GetObject bodies
 * arrive slowly (a slow network), or break off after some bytes (a dropped
 * connection) — what the emulator's faults cannot do mid-body.
 */
export interface BodyControl {
  /** Bytes per second for GetObject bodies; null = as fast as they come. */
  bytesPerSecond: number | null;
  /** Break every body off with ECONNRESET after this many bytes; null = never. */
  failAfterBytes: number | null;
  /** Most GetObject requests waiting for their answer at once. */
  maxInFlight: number;
}

export function controlBodies(s3: S3Client): BodyControl {
  const control: BodyControl = { bytesPerSecond: null, failAfterBytes: null, maxInFlight: 0 };
  let inFlight = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'GetObjectCommand') return next(args);
      inFlight += 1;
      control.maxInFlight = Math.max(control.maxInFlight, inFlight);
      let result;
      try {
        result = await next(args);
      } finally {
        inFlight -= 1;
      }
      const output = result.output as { Body?: unknown };
      if (output.Body instanceof Readable && (control.bytesPerSecond !== null || control.failAfterBytes !== null)) {
        output.Body = reshape(output.Body, control.bytesPerSecond, control.failAfterBytes);
      }
      return result;
    },
    { step: 'initialize', name: 'testBodyControl' },
  );
  return control;
}

function reshape(body: Readable, bytesPerSecond: number | null, failAfterBytes: number | null): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  const slice = 64 * 1024;
  let sent = 0;
  out.on('close', () => body.destroy());
  void (async () => {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        for (let offset = 0; offset < chunk.length; offset += slice) {
          if (out.destroyed) return;
          const part = chunk.subarray(offset, offset + slice);
          if (failAfterBytes !== null && sent + part.length > failAfterBytes) {
            out.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
            return;
          }
          sent += part.length;
          if (!out.write(part)) await drainedOrClosed(out);
          if (bytesPerSecond !== null) await sleep((part.length / bytesPerSecond) * 1000);
        }
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
