import { S3Error, s3Errors } from './errors';
import type { S3Context } from './context';
import type { ObjectRecord } from './object-store';

/**
 * A read of a missing key: NoSuchKey only for callers who may list the
 * bucket at that key, AccessDenied otherwise, so that a caller learns nothing
 * about keys it could not list. S3 does the same.
 */
export function missingObject(ctx: S3Context, bucket: string, key: string): S3Error {
  const mayList = ctx.isAllowed({ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': key } });
  return mayList ? s3Errors.noSuchKey(key) : s3Errors.accessDenied();
}

/** The object a request names (bucket and key from its path), or S3's error for its absence. */
export function existingObject(ctx: S3Context): ObjectRecord {
  const { bucket, key } = ctx.route;
  if (!ctx.objects.bucketExists(bucket)) throw s3Errors.noSuchBucket(bucket);
  const object = ctx.objects.get(bucket, key);
  if (!object) throw missingObject(ctx, bucket, key);
  return object;
}
