import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { S3Error, s3Errors } from './errors';
import { sendXml, type S3Context } from './context';
import { checkCopySourceSize, readableCopySource } from './copy-source';
import { quotedMd5, storageClassOf, storedContentEncoding, userMetadata, validateKey } from './object-metadata';
import type { ObjectRecord } from './object-store';
import { checkWriteCondition, readWriteCondition, requireReadForIfMatch } from './write-conditions';
import { element, xmlDocument } from './xml';

const COPY_TO_ITSELF =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

/**
 * CopyObject: a new object with the source's bytes (the blob is shared, not
 * duplicated). Its user metadata, Content-Type and Content-Encoding are the
 * source's (COPY, the default) or the request's (REPLACE); its storage class
 * is the request's, STANDARD when none is given, as for any new object in S3.
 * If-None-Match: * and If-Match: <etag> are conditions on the destination
 * (see write-conditions.ts); x-amz-copy-source-if-* are on the source.
 */
export async function copyObject(ctx: S3Context): Promise<void> {
  const { req, route } = ctx;
  validateKey(route.key);
  const replace = metadataDirective(req.headers) === 'REPLACE';
  const condition = readWriteCondition(req.headers);
  requireReadForIfMatch(ctx, route.bucket, route.key, condition?.header === 'If-Match');
  const source = readableCopySource(ctx);
  if (!ctx.objects.bucketExists(route.bucket)) throw s3Errors.noSuchBucket(route.bucket);
  checkCopySourceSize(source.size);
  // The destination's If-None-Match / If-Match: judged before a copy onto itself is refused, as S3 does.
  checkWriteCondition(ctx, route.bucket, route.key, condition);
  const storageClass = storageClassOf(req.headers);
  if (source.bucket === route.bucket && source.key === route.key && !changesTheObject(req.headers, replace, storageClass, source)) {
    throw s3Errors.invalidRequest(COPY_TO_ITSELF);
  }
  const requestedChecksum = req.headers['x-amz-checksum-algorithm'];
  if (typeof requestedChecksum === 'string' && requestedChecksum.toLowerCase() !== source.checksumAlgorithm) {
    throw s3Errors.notImplemented("A copy with a checksum algorithm other than its source's", "Leave x-amz-checksum-algorithm out to keep the source's checksum.");
  }
  const etag = await singlePartEtag(ctx, source);
  // Reading a multipart source's bytes takes a while; if it was replaced meanwhile, its blob may be gone.
  if (ctx.objects.get(source.bucket, source.key)?.blob !== source.blob) {
    throw new S3Error(409, 'OperationAborted', 'A conflicting conditional operation is currently in progress against this resource. Try again.');
  }
  checkWriteCondition(ctx, route.bucket, route.key, condition);
  const copy = ctx.objects.point(source.blob, {
    bucket: route.bucket,
    key: route.key,
    size: source.size,
    etag,
    lastModified: ctx.now,
    contentType: replace ? (req.headers['content-type'] ?? 'binary/octet-stream') : source.contentType,
    contentEncoding: replace ? storedContentEncoding(req.headers) : source.contentEncoding,
    storageClass,
    metadata: replace ? userMetadata(req.headers) : source.metadata,
    checksumAlgorithm: source.checksumAlgorithm,
    checksumValue: source.checksumValue,
  });
  const checksum = copy.checksumAlgorithm && copy.checksumValue ? element(`Checksum${copy.checksumAlgorithm.toUpperCase()}`, copy.checksumValue) : '';
  sendXml(
    ctx.res,
    200,
    xmlDocument('CopyObjectResult', element('ETag', copy.etag) + element('LastModified', new Date(copy.lastModified).toISOString()) + checksum),
  );
}

function metadataDirective(headers: IncomingHttpHeaders): 'COPY' | 'REPLACE' {
  const value = headers['x-amz-metadata-directive'];
  if (value === undefined || value === 'COPY') return 'COPY';
  if (value === 'REPLACE') return 'REPLACE';
  throw s3Errors.invalidArgument('Unknown metadata directive.');
}

/**
 * What makes a copy of an object onto itself legal in S3: new metadata, an
 * explicitly different storage class, a website redirect, or encryption
 * settings (the last two are accepted here but not stored).
 */
function changesTheObject(headers: IncomingHttpHeaders, replace: boolean, storageClass: string, source: ObjectRecord): boolean {
  return (
    replace ||
    (headers['x-amz-storage-class'] !== undefined && storageClass !== source.storageClass) ||
    headers['x-amz-website-redirect-location'] !== undefined ||
    Object.keys(headers).some((name) => name.startsWith('x-amz-server-side-encryption'))
  );
}

/**
 * CopyObject writes its object in one piece, so a copy of a multipart object
 * gets the MD5 of its bytes as its ETag (not the source's "…-N"), as in S3.
 * Only then are the bytes read.
 */
async function singlePartEtag(ctx: S3Context, source: ObjectRecord): Promise<string> {
  if (!source.etag.includes('-')) return source.etag;
  const md5 = createHash('md5');
  await pipeline(ctx.objects.blobs.read(source.blob), async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) md5.update(chunk);
  });
  return quotedMd5(md5.digest('hex'));
}
