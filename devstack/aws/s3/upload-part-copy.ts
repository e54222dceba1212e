import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createChecksum, isChecksumAlgorithm } from './checksums';
import { S3Error, s3Errors } from './errors';
import { sendXml, type S3Context } from './context';
import { checkCopySourceSize, MAX_COPY_SOURCE, readableCopySource } from './copy-source';
import { openUpload, partNumberOf } from './multipart-handlers';
import { quotedMd5 } from './object-metadata';
import type { ObjectRecord } from './object-store';
import { element, xmlDocument } from './xml';

export interface CopyRange {
  start: number;
  end: number;
}

/**
 * x-amz-copy-source-range: exactly `bytes=first-last`, both offsets given and
 * inclusive, inside the source. Unlike a GET's Range, nothing is ignored or
 * clamped: S3 answers InvalidArgument for anything else.
 */
export function parseCopySourceRange(header: string | undefined, sourceSize: number): CopyRange | undefined {
  if (header === undefined) return undefined;
  const argument = { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m || Number(m[1]) > Number(m[2])) {
    throw new S3Error(
      400,
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      argument,
    );
  }
  const range = { start: Number(m[1]), end: Number(m[2]) };
  if (range.end >= sourceSize) {
    throw new S3Error(400, 'InvalidArgument', `Range specified is not valid for source object of size: ${sourceSize}`, argument);
  }
  return range;
}

/**
 * UploadPartCopy: a part made of (a range of) an existing object's bytes.
 * It is stored like an uploaded part (its own blob, ETag the MD5 of its
 * bytes, the upload's checksum computed), so CompleteMultipartUpload takes
 * it like any other.
 */
export async function uploadPartCopy(ctx: S3Context): Promise<void> {
  const upload = openUpload(ctx);
  const partNumber = partNumberOf(ctx);
  const source = readableCopySource(ctx);
  const header = ctx.req.headers['x-amz-copy-source-range'];
  const range = parseCopySourceRange(typeof header === 'string' ? header : undefined, source.size);
  if (!range) checkCopySourceSize(source.size);
  else if (range.end - range.start + 1 > MAX_COPY_SOURCE) {
    throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  }

  const algorithm = upload.checksumAlgorithm !== null && isChecksumAlgorithm(upload.checksumAlgorithm) ? upload.checksumAlgorithm : undefined;
  const pending = ctx.objects.blobs.create();
  try {
    const copied = await copyBytes(ctx, source, range, pending.stream, algorithm);
    // The upload may have been aborted or completed while the bytes were copied.
    if (!ctx.uploads.get(upload.uploadId)) throw s3Errors.noSuchUpload(upload.uploadId);
    pending.commit();
    ctx.uploads.putPart(upload.uploadId, {
      partNumber,
      blob: pending.id,
      size: copied.size,
      etag: copied.etag,
      checksumValue: copied.checksum ?? null,
      lastModified: ctx.now,
    });
    const checksum = algorithm && copied.checksum ? element(`Checksum${algorithm.toUpperCase()}`, copied.checksum) : '';
    sendXml(
      ctx.res,
      200,
      xmlDocument('CopyPartResult', element('ETag', copied.etag) + element('LastModified', new Date(ctx.now).toISOString()) + checksum),
    );
  } catch (error) {
    pending.discard();
    throw error;
  }
}

async function copyBytes(
  ctx: S3Context,
  source: ObjectRecord,
  range: CopyRange | undefined,
  sink: NodeJS.WritableStream,
  algorithm: Parameters<typeof createChecksum>[0] | undefined,
): Promise<{ size: number; etag: string; checksum: string | undefined }> {
  const md5 = createHash('md5');
  const checksum = algorithm ? createChecksum(algorithm) : undefined;
  let size = 0;
  const digests = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      md5.update(chunk);
      checksum?.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(ctx.objects.blobs.read(source.blob, range), digests, sink);
  return { size, etag: quotedMd5(md5.digest('hex')), checksum: checksum ? await checksum.digestBase64() : undefined };
}
