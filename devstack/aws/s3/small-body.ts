import { Writable } from 'node:stream';
import { S3Error } from './errors';
import { receivePayload } from './payload';
import type { S3Context } from './context';

/** Reads a small XML request body (DeleteObjects, CompleteMultipartUpload), checking its digests. */
export async function readSmallBody(ctx: S3Context, limit = 2 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      total += chunk.length;
      if (total > limit) return callback(new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.'));
      chunks.push(chunk);
      callback();
    },
  });
  await receivePayload(ctx.req, ctx.payloadHash, sink);
  return Buffer.concat(chunks).toString('utf8');
}
