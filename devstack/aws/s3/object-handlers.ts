import { pipeline } from 'node:stream/promises';
import type { BodyCut } from '../faults';
import { S3Error, s3Errors } from './errors';
import { ARCHIVE_STORAGE_CLASSES, MAX_SINGLE_PUT, sendEmpty, sendXml, type S3Context } from './context';
import { objectHeaders, quotedMd5, storageClassOf, storedContentEncoding, userMetadata, validateKey } from './object-metadata';
import type { ObjectRecord } from './object-store';
import { receivePayload } from './payload';
import { element, xmlDocument } from './xml';

/** GetObject/HeadObject on a missing key: NoSuchKey only for callers who may list the bucket, as S3 does. */
function missingObject(ctx: S3Context): S3Error {
  const mayList = ctx.isAllowed({
    action: 's3:ListBucket',
    resource: `arn:aws:s3:::${ctx.route.bucket}`,
    context: { 's3:prefix': ctx.route.key },
  });
  return mayList ? s3Errors.noSuchKey(ctx.route.key) : s3Errors.accessDenied();
}

function existingObject(ctx: S3Context): ObjectRecord {
  if (!ctx.objects.bucketExists(ctx.route.bucket)) throw s3Errors.noSuchBucket(ctx.route.bucket);
  const object = ctx.objects.get(ctx.route.bucket, ctx.route.key);
  if (!object) throw missingObject(ctx);
  return object;
}

/** Evaluates If-Match / If-None-Match / If-(Un)Modified-Since; returns a status to answer with, if any. */
function preconditionStatus(ctx: S3Context, object: ObjectRecord): 304 | 412 | undefined {
  const h = ctx.req.headers;
  const matches = (list: string) => list.split(',').some((tag) => tag.trim() === '*' || tag.trim() === object.etag);
  const modifiedSeconds = Math.floor(object.lastModified / 1000);
  const ifMatch = h['if-match'];
  const ifNoneMatch = h['if-none-match'];
  const ifUnmodified = h['if-unmodified-since'] ? Date.parse(h['if-unmodified-since']) : Number.NaN;
  const ifModified = h['if-modified-since'] ? Date.parse(h['if-modified-since']) : Number.NaN;
  if (ifMatch !== undefined && !matches(ifMatch)) return 412;
  if (ifMatch === undefined && !Number.isNaN(ifUnmodified) && modifiedSeconds > ifUnmodified / 1000) return 412;
  if (ifNoneMatch !== undefined && matches(ifNoneMatch)) return 304;
  if (ifNoneMatch === undefined && !Number.isNaN(ifModified) && modifiedSeconds <= ifModified / 1000) return 304;
  return undefined;
}

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
  const status = preconditionStatus(ctx, object);
  if (status === 412) throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  const headers = objectHeaders(object);
  if (status === 304) return sendEmpty(ctx.res, 304, { etag: object.etag, 'last-modified': headers['last-modified']! });
  if (!headOnly && ARCHIVE_STORAGE_CLASSES.has(object.storageClass)) {
    throw new S3Error(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", {
      StorageClass: object.storageClass,
    });
  }
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
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw s3Errors.notImplemented('If-None-Match other than "*" on PUT');
  const metadata = userMetadata(req.headers);
  const storageClass = storageClassOf(req.headers);
  const pending = ctx.objects.blobs.create();
  try {
    const payload = await receivePayload(req, ctx.payloadHash, pending.stream);
    if (ifNoneMatch !== undefined && ctx.objects.get(route.bucket, route.key)) {
      throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
    }
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

export function copyObject(ctx: S3Context): void {
  const { req, route } = ctx;
  validateKey(route.key);
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  const sourceAllowed = ctx.isAllowed({ action: 's3:GetObject', resource: `arn:aws:s3:::${source.bucket}/${source.key}` });
  if (!sourceAllowed) throw s3Errors.accessDenied();
  if (!ctx.objects.bucketExists(source.bucket)) throw s3Errors.noSuchBucket(source.bucket);
  if (!ctx.objects.bucketExists(route.bucket)) throw s3Errors.noSuchBucket(route.bucket);
  const original = ctx.objects.get(source.bucket, source.key);
  if (!original) throw s3Errors.noSuchKey(source.key);
  if (ARCHIVE_STORAGE_CLASSES.has(original.storageClass)) {
    throw new S3Error(403, 'InvalidObjectState', "The source object's storage class does not allow copying before a restore");
  }
  const replace = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  const sameObject = source.bucket === route.bucket && source.key === route.key;
  if (sameObject && !replace && req.headers['x-amz-storage-class'] === undefined) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const copy = ctx.objects.point(original.blob, {
    ...original,
    bucket: route.bucket,
    key: route.key,
    lastModified: ctx.now,
    contentType: replace ? (req.headers['content-type'] ?? 'binary/octet-stream') : original.contentType,
    metadata: replace ? userMetadata(req.headers) : original.metadata,
    storageClass: req.headers['x-amz-storage-class'] !== undefined ? storageClassOf(req.headers) : original.storageClass,
  });
  sendXml(
    ctx.res,
    200,
    xmlDocument('CopyObjectResult', element('ETag', copy.etag) + element('LastModified', new Date(copy.lastModified).toISOString())),
  );
}

function parseCopySource(header: string): { bucket: string; key: string } {
  const withoutVersion = header.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion);
  } catch {
    throw s3Errors.invalidArgument('x-amz-copy-source is not valid percent-encoded UTF-8.');
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

export function deleteObject(ctx: S3Context): void {
  if (!ctx.objects.bucketExists(ctx.route.bucket)) throw s3Errors.noSuchBucket(ctx.route.bucket);
  ctx.objects.delete(ctx.route.bucket, ctx.route.key);
  sendEmpty(ctx.res, 204);
}
