import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { S3Error, s3Errors } from './errors';
import { MAX_SINGLE_PUT, MIN_PART_SIZE, sendEmpty, sendXml, type S3Context } from './context';
import { isChecksumAlgorithm } from './checksums';
import { quotedMd5, storageClassOf, userMetadata, validateKey } from './object-metadata';
import type { UploadRecord } from './multipart-store';
import { receivePayload } from './payload';
import { readSmallBody } from './small-body';
import { safeParse } from './bucket-handlers';
import { checkWriteCondition, readWriteCondition, requireReadForIfMatch } from './write-conditions';
import { element, xmlDocument } from './xml';

export function createMultipartUpload(ctx: S3Context): void {
  const { route, req } = ctx;
  validateKey(route.key);
  if (!ctx.objects.bucketExists(route.bucket)) throw s3Errors.noSuchBucket(route.bucket);
  const algorithmHeader = req.headers['x-amz-checksum-algorithm'];
  const algorithm = typeof algorithmHeader === 'string' ? algorithmHeader.toLowerCase() : null;
  if (algorithm !== null && !isChecksumAlgorithm(algorithm)) throw s3Errors.invalidRequest('Checksum algorithm provided is unsupported.');
  const upload = ctx.uploads.create({
    bucket: route.bucket,
    key: route.key,
    initiated: ctx.now,
    initiator: ctx.caller.identityId,
    contentType: req.headers['content-type'] ?? 'binary/octet-stream',
    metadata: userMetadata(req.headers),
    storageClass: storageClassOf(req.headers),
    checksumAlgorithm: algorithm,
  });
  if (algorithm) ctx.res.setHeader('x-amz-checksum-algorithm', algorithm.toUpperCase());
  sendXml(
    ctx.res,
    200,
    xmlDocument('InitiateMultipartUploadResult', element('Bucket', route.bucket) + element('Key', route.key) + element('UploadId', upload.uploadId)),
  );
}

/** The upload a request's uploadId names, on the request's bucket and key. */
export function openUpload(ctx: S3Context): UploadRecord {
  const uploadId = ctx.route.query.get('uploadId') ?? '';
  const upload = ctx.uploads.get(uploadId);
  if (!upload || upload.bucket !== ctx.route.bucket || upload.key !== ctx.route.key) throw s3Errors.noSuchUpload(uploadId);
  return upload;
}

export function partNumberOf(ctx: S3Context): number {
  const partNumber = Number(ctx.route.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive');
  }
  return partNumber;
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  const upload = openUpload(ctx);
  const partNumber = partNumberOf(ctx);
  const declared = Number(ctx.req.headers['x-amz-decoded-content-length'] ?? ctx.req.headers['content-length'] ?? 0);
  if (declared > MAX_SINGLE_PUT) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  const pending = ctx.objects.blobs.create();
  try {
    const payload = await receivePayload(ctx.req, ctx.payloadHash, pending.stream);
    // The upload may have been aborted or completed while this part streamed in.
    if (!ctx.uploads.get(upload.uploadId)) throw s3Errors.noSuchUpload(upload.uploadId);
    pending.commit();
    const etag = quotedMd5(payload.md5Hex);
    ctx.uploads.putPart(upload.uploadId, {
      partNumber,
      blob: pending.id,
      size: payload.size,
      etag,
      checksumValue: payload.checksum?.value ?? null,
      lastModified: ctx.now,
    });
    const headers: Record<string, string> = { etag };
    if (payload.checksum) headers[`x-amz-checksum-${payload.checksum.algorithm}`] = payload.checksum.value;
    sendEmpty(ctx.res, 200, headers);
  } catch (error) {
    pending.discard();
    throw error;
  }
}

interface RequestedPart {
  PartNumber?: string;
  ETag?: string;
  [checksum: string]: string | undefined;
}

/**
 * CompleteMultipartUpload: the parts, in order, become the key's object. Its
 * If-None-Match: * or If-Match: <etag> is judged against the key as it is at
 * completion (see write-conditions.ts); the upload stays open when it fails.
 */
export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  const upload = openUpload(ctx);
  const condition = readWriteCondition(ctx.req.headers);
  requireReadForIfMatch(ctx, upload.bucket, upload.key, condition?.header === 'If-Match');
  const parsed = safeParse(await readSmallBody(ctx)) as { CompleteMultipartUpload?: { Part?: RequestedPart[] } } | undefined;
  const requested = parsed?.CompleteMultipartUpload?.Part;
  if (!Array.isArray(requested) || requested.length === 0) throw s3Errors.malformedXml();
  const stored = new Map(ctx.uploads.parts(upload.uploadId).map((p) => [p.partNumber, p]));
  const chosen = requested.map((part, index) => {
    const number = Number(part.PartNumber);
    if (index > 0 && number <= Number(requested[index - 1]!.PartNumber)) {
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
    }
    const match = stored.get(number);
    const etag = (part.ETag ?? '').trim();
    const normalised = etag.startsWith('"') ? etag : `"${etag}"`;
    const checksumName = upload.checksumAlgorithm ? `Checksum${upload.checksumAlgorithm.toUpperCase()}` : undefined;
    const claimedChecksum = checksumName ? part[checksumName] : undefined;
    if (!match || match.etag !== normalised || (claimedChecksum !== undefined && claimedChecksum !== match.checksumValue)) {
      throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', {
        UploadId: upload.uploadId,
        PartNumber: String(number),
      });
    }
    return match;
  });
  chosen.forEach((part, index) => {
    if (index < chosen.length - 1 && part.size < MIN_PART_SIZE) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        MinSizeAllowed: String(MIN_PART_SIZE),
        ProposedSize: String(part.size),
        PartNumber: String(part.partNumber),
      });
    }
  });
  // Before the parts are joined (no point joining them for nothing), and again right before the commit.
  checkWriteCondition(ctx, upload.bucket, upload.key, condition);

  const pending = ctx.objects.blobs.create();
  try {
    for (const part of chosen) {
      await pipeline(ctx.objects.blobs.read(part.blob), pending.stream, { end: false });
    }
    await new Promise<void>((resolve, reject) => pending.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    pending.discard();
    throw error;
  }
  const combined = createHash('md5');
  for (const part of chosen) combined.update(Buffer.from(part.etag.slice(1, -1), 'hex'));
  const etag = `"${combined.digest('hex')}-${chosen.length}"`;
  try {
    checkWriteCondition(ctx, upload.bucket, upload.key, condition);
  } catch (error) {
    pending.discard();
    throw error;
  }
  ctx.objects.commit(pending, {
    bucket: upload.bucket,
    key: upload.key,
    size: chosen.reduce((sum, p) => sum + p.size, 0),
    etag,
    lastModified: ctx.now,
    contentType: upload.contentType,
    contentEncoding: null,
    storageClass: upload.storageClass,
    metadata: upload.metadata,
    checksumAlgorithm: null,
    checksumValue: null,
  });
  ctx.uploads.remove(upload.uploadId);
  const location = `http://${ctx.req.headers.host ?? 'localhost'}/${encodeURIComponent(upload.bucket)}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  sendXml(
    ctx.res,
    200,
    xmlDocument('CompleteMultipartUploadResult', element('Location', location) + element('Bucket', upload.bucket) + element('Key', upload.key) + element('ETag', etag)),
  );
}

export function abortMultipartUpload(ctx: S3Context): void {
  const upload = openUpload(ctx);
  ctx.uploads.remove(upload.uploadId);
  sendEmpty(ctx.res, 204);
}

export function listMultipartUploads(ctx: S3Context): void {
  const { bucket, query } = ctx.route;
  if (!ctx.objects.bucketExists(bucket)) throw s3Errors.noSuchBucket(bucket);
  const prefix = query.get('prefix') ?? '';
  const maxUploads = Math.min(Number(query.get('max-uploads') ?? 1000) || 1000, 1000);
  const all = ctx.uploads.list(bucket, prefix);
  const page = all.slice(0, maxUploads);
  const owner = (id: string) => `<ID>${id}</ID><DisplayName>${id}</DisplayName>`;
  const uploads = page
    .map(
      (u) =>
        '<Upload>' +
        element('Key', u.key) +
        element('UploadId', u.uploadId) +
        `<Initiator>${owner(u.initiator)}</Initiator><Owner>${owner(u.initiator)}</Owner>` +
        element('StorageClass', u.storageClass) +
        element('Initiated', new Date(u.initiated).toISOString()) +
        '</Upload>',
    )
    .join('');
  const last = page.at(-1);
  const truncated = all.length > page.length;
  sendXml(
    ctx.res,
    200,
    xmlDocument(
      'ListMultipartUploadsResult',
      element('Bucket', bucket) +
        '<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>' +
        (truncated && last ? element('NextKeyMarker', last.key) + element('NextUploadIdMarker', last.uploadId) : '') +
        element('Prefix', prefix) +
        element('MaxUploads', maxUploads) +
        element('IsTruncated', truncated) +
        uploads,
    ),
  );
}

export function listParts(ctx: S3Context): void {
  const upload = openUpload(ctx);
  const parts = ctx.uploads
    .parts(upload.uploadId)
    .map(
      (p) =>
        '<Part>' +
        element('PartNumber', p.partNumber) +
        element('LastModified', new Date(p.lastModified).toISOString()) +
        element('ETag', p.etag) +
        element('Size', p.size) +
        (upload.checksumAlgorithm && p.checksumValue ? element(`Checksum${upload.checksumAlgorithm.toUpperCase()}`, p.checksumValue) : '') +
        '</Part>',
    )
    .join('');
  sendXml(
    ctx.res,
    200,
    xmlDocument(
      'ListPartsResult',
      element('Bucket', upload.bucket) + element('Key', upload.key) + element('UploadId', upload.uploadId) + element('StorageClass', upload.storageClass) + element('IsTruncated', false) + parts,
    ),
  );
}
