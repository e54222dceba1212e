import { S3Error, s3Errors } from './errors';
import { MAX_SINGLE_PUT, type S3Context } from './context';
import { missingObject } from './existing-object';
import type { ObjectRecord } from './object-store';
import { copySourcePreconditions, preconditionFailed, preconditionStatus } from './preconditions';
import { isReadable } from './restore-state';

/** CopyObject, and UploadPartCopy without a range, copy at most 5 GiB in one request, as S3. */
export const MAX_COPY_SOURCE = MAX_SINGLE_PUT;

export interface CopySourceName {
  bucket: string;
  key: string;
}

/**
 * x-amz-copy-source: URL-encoded `bucket/key`, optionally with a leading
 * slash and `?versionId=`. The query is split off before decoding, so a '?'
 * in a key arrives as %3F. Buckets here are unversioned, so the only version
 * there is to name is S3's "null" one; naming another would silently copy the
 * wrong bytes, so it is refused as not emulated instead.
 */
export function parseCopySource(header: string): CopySourceName {
  const question = header.indexOf('?');
  const encodedPath = question === -1 ? header : header.slice(0, question);
  const versionId = question === -1 ? null : new URLSearchParams(header.slice(question + 1)).get('versionId');
  if (versionId !== null && versionId !== 'null') {
    throw s3Errors.notImplemented('Copying a given object version (versioning)', 'Its buckets are unversioned: leave versionId out, or use "null".');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    throw s3Errors.invalidArgument('x-amz-copy-source is not valid percent-encoded UTF-8.');
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/**
 * The object a copy reads, after the checks S3 makes on it: the caller may
 * read it (s3:GetObject), it exists (NoSuchKey only for a caller who may list
 * it), its x-amz-copy-source-if-* conditions hold (412, never 304), and its
 * bytes are readable (an archived object only while a restored copy exists).
 */
export function readableCopySource(ctx: S3Context): ObjectRecord {
  const name = parseCopySource(String(ctx.req.headers['x-amz-copy-source']));
  if (!ctx.isAllowed({ action: 's3:GetObject', resource: `arn:aws:s3:::${name.bucket}/${name.key}` })) throw s3Errors.accessDenied();
  if (!ctx.objects.bucketExists(name.bucket)) throw s3Errors.noSuchBucket(name.bucket);
  const source = ctx.objects.get(name.bucket, name.key);
  if (!source) throw missingObject(ctx, name.bucket, name.key);
  if (preconditionStatus(copySourcePreconditions(ctx.req.headers), source) !== undefined) throw preconditionFailed();
  if (!isReadable(source, ctx.now)) {
    throw new S3Error(403, 'InvalidObjectState', "Operation is not valid for the source object's storage class", { StorageClass: source.storageClass });
  }
  return source;
}

/** A copy of more than 5 GiB in one request: S3 wants it done part by part (UploadPartCopy with ranges). */
export function checkCopySourceSize(size: number): void {
  if (size > MAX_COPY_SOURCE) {
    throw s3Errors.invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE}`);
  }
}
