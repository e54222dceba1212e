import { pipeline } from 'node:stream/promises';
import type { BodyCut } from '../faults';
import { S3Error, s3Errors } from './errors';
import { MAX_SINGLE_PUT, sendEmpty, type S3Context } from './context';
import { existingObject } from './existing-object';
import { objectHeaders, quotedMd5, storageClassOf, storedContentEncoding, userMetadata, validateKey } from './object-metadata';
import type { ObjectRecord } from './object-store';
import { receivePayload } from './payload';
import { preconditionFailed, preconditionStatus, readPreconditions } from './preconditions';
import { archivedObjectError, isReadable, restoreHeader } from './restore-state';
import { checkDeleteCondition, checkWriteCondition, readDeleteCondition, readWriteCondition, requireReadForIfMatch } from './write-conditions';

type ByteRange = { start: number; end: number };

/** A single "bytes=" range; S3 ignores what it cannot parse and answers 416 for what it cannot satisfy. */
function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw invalidRange(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

function invalidRange(size: number): S3Error {
  return new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { ActualObjectSize: String(size) });
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-cache-control': 'cache-control',
  'response-expires': 'expires',
};

export async function getObject(ctx: S3Context, headOnly: boolean): Promise<void> {
  const object = existingObject(ctx);
  const status = preconditionStatus(readPreconditions(ctx.req.headers), object);
  if (status === 412) throw preconditionFailed();
  const headers = objectHeaders(object);
  if (status === 304) return sendEmpty(ctx.res, 304, { etag: object.etag, 'last-modified': headers['last-modified']! });
  // An archived object's bytes are readable only while a restored copy exists; its metadata (HEAD) always is.
  if (!headOnly && !isReadable(object, ctx.now)) throw archivedObjectError(object);
  const restore = restoreHeader(object, ctx.now);
  if (restore) headers['x-amz-restore'] = restore;
  for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = ctx.route.query.get(param);
    if (value !== undefined) headers[header] = value;
  }
  const range = parseRange(ctx.req.headers.range, object.size);
  if (!range && object.checksumAlgorithm && object.checksumValue && ctx.req.headers['x-amz-checksum-mode'] === 'ENABLED') {
    headers[`x-amz-checksum-${object.checksumAlgorithm}`] = object.checksumValue;
    headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
    headers['content-length'] = range.end - range.start + 1;
  } else {
    headers['content-length'] = object.size;
  }
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (headOnly || object.size === 0) {
    ctx.res.end();
    return;
  }
  const whole = range ?? { start: 0, end: object.size - 1 };
  if (ctx.cutBody) return sendCutBody(ctx, object, whole, ctx.cutBody);
  await pipeline(ctx.objects.blobs.read(object.blob, range), ctx.res);
}

/**
 * An injected fault: sends the first `afterBytes` bytes of the body, then
 * closes the connection once they are on their way (drop: the client sees a
 * body shorter than its Content-Length), or sends nothing more and waits
 * for the client to give up (hang: a stalled socket).
 */
async function sendCutBody(ctx: S3Context, object: ObjectRecord, range: ByteRange, cut: BodyCut): Promise<void> {
  const end = Math.min(range.end, range.start + cut.afterBytes - 1);
  if (end >= range.start) await pipeline(ctx.objects.blobs.read(object.blob, { start: range.start, end }), ctx.res, { end: false });
  if (cut.how === 'drop') {
    ctx.res.socket?.end();
    return;
  }
  if (!ctx.res.destroyed) await new Promise((resolve) => ctx.res.once('close', resolve));
}

export async function putObject(ctx: S3Context): Promise<void> {
  const { req, route } = ctx;
  validateKey(route.key);
  if (!ctx.objects.bucketExists(route.bucket)) throw s3Errors.noSuchBucket(route.bucket);
  const declared = Number(req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'] ?? 0);
  if (declared > MAX_SINGLE_PUT) {
    throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  }
  const condition = readWriteCondition(req.headers);
  requireReadForIfMatch(ctx, route.bucket, route.key, condition?.header === 'If-Match');
  const metadata = userMetadata(req.headers);
  const storageClass = storageClassOf(req.headers);
  const pending = ctx.objects.blobs.create();
  try {
    const payload = await receivePayload(req, ctx.payloadHash, pending.stream);
    // Judged once the bytes are in, against the key as it is then, and committed with no await in between.
    checkWriteCondition(ctx, route.bucket, route.key, condition);
    const object = ctx.objects.commit(pending, {
      bucket: route.bucket,
      key: route.key,
      size: payload.size,
      etag: quotedMd5(payload.md5Hex),
      lastModified: ctx.now,
      contentType: req.headers['content-type'] ?? 'binary/octet-stream',
      contentEncoding: storedContentEncoding(req.headers),
      storageClass,
      metadata,
      checksumAlgorithm: payload.checksum?.algorithm ?? null,
      checksumValue: payload.checksum?.value ?? null,
    });
    const headers: Record<string, string> = { etag: object.etag };
    if (payload.checksum) headers[`x-amz-checksum-${payload.checksum.algorithm}`] = payload.checksum.value;
    sendEmpty(ctx.res, 200, headers);
  } catch (error) {
    pending.discard();
    throw error;
  }
}

/**
 * DeleteObject: 204 whether or not the key held an object, unless it carries
 * If-Match (an ETag, or * for any object): then only the object it names is
 * deleted; another ETag is 412, no object at all NoSuchKey (404).
 */
export function deleteObject(ctx: S3Context): void {
  const { bucket, key } = ctx.route;
  if (!ctx.objects.bucketExists(bucket)) throw s3Errors.noSuchBucket(bucket);
  const ifMatch = readDeleteCondition(ctx.req.headers);
  if (ifMatch !== undefined) {
    requireReadForIfMatch(ctx, bucket, key, true);
    checkDeleteCondition(ctx, bucket, key, ifMatch);
  }
  ctx.objects.delete(bucket, key);
  sendEmpty(ctx.res, 204);
}
