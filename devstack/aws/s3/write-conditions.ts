import type { IncomingHttpHeaders } from 'node:http';
import { s3Errors } from './errors';
import type { S3Context } from './context';
import { missingObject } from './existing-object';
import { preconditionFailed } from './preconditions';

/**
 * The condition a write (PutObject, CopyObject, CompleteMultipartUpload) puts
 * on the object it would replace, as in S3's general-purpose buckets:
 * `If-None-Match: *` (no object has the key) or `If-Match: <etag>` (the
 * current object has that ETag).
 */
export type WriteCondition = { header: 'If-None-Match' } | { header: 'If-Match'; etag: string };

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A write's condition, refused the way S3 refuses what it does not accept:
 * If-None-Match other than `*`, If-Match `*`, or both headers at once are
 * `501 NotImplemented` naming the header.
 */
export function readWriteCondition(headers: IncomingHttpHeaders): WriteCondition | undefined {
  const ifMatch = headerValue(headers, 'if-match');
  const ifNoneMatch = headerValue(headers, 'if-none-match');
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw s3Errors.headerNotImplemented('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw s3Errors.headerNotImplemented('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
    return { header: 'If-None-Match' };
  }
  if (ifMatch !== undefined) {
    if (ifMatch.trim() === '*') throw s3Errors.headerNotImplemented('If-Match', "We don't accept the provided value of If-Match header for this API");
    return { header: 'If-Match', etag: ifMatch };
  }
  return undefined;
}

/**
 * If-Match reads the current object's ETag, so besides the operation's own
 * permission S3 wants s3:GetObject on the key (AccessDenied otherwise). Part
 * of the policy checks, so it comes before any condition is judged.
 */
export function requireReadForIfMatch(ctx: S3Context, bucket: string, key: string, hasIfMatch: boolean): void {
  if (!hasIfMatch) return;
  if (!ctx.isAllowed({ action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${key}` })) throw s3Errors.accessDenied();
}

/**
 * Judges a write's condition against the key as it is now: If-None-Match
 * fails (412) on any object; If-Match on a missing key is NoSuchKey (404,
 * AccessDenied for a caller who may not list it) and on another ETag 412.
 * Callers judge it again right before they commit, with no await between,
 * so two conditional writes cannot both pass.
 */
export function checkWriteCondition(ctx: S3Context, bucket: string, key: string, condition: WriteCondition | undefined): void {
  if (!condition) return;
  const current = ctx.objects.get(bucket, key);
  if (condition.header === 'If-None-Match') {
    if (current) throw preconditionFailed('If-None-Match');
    return;
  }
  if (!current) throw missingObject(ctx, bucket, key);
  if (!sameEtag(condition.etag, current.etag)) throw preconditionFailed('If-Match');
}

/**
 * DeleteObject's condition in a general-purpose bucket: If-Match, an ETag or
 * `*` (any object). `x-amz-if-match-last-modified-time` and
 * `x-amz-if-match-size` are directory-bucket features that S3 refuses on a
 * general-purpose bucket with `501 NotImplemented` naming the header.
 */
export function readDeleteCondition(headers: IncomingHttpHeaders): string | undefined {
  for (const header of ['x-amz-if-match-last-modified-time', 'x-amz-if-match-size']) {
    if (headers[header] !== undefined) throw s3Errors.headerNotImplemented(header);
  }
  return headerValue(headers, 'if-match');
}

/** A conditional delete: NoSuchKey (404) when there is no object, 412 when its ETag is another. */
export function checkDeleteCondition(ctx: S3Context, bucket: string, key: string, ifMatch: string): void {
  const current = ctx.objects.get(bucket, key);
  if (!current) throw missingObject(ctx, bucket, key);
  if (ifMatch.trim() !== '*' && !sameEtag(ifMatch, current.etag)) throw preconditionFailed('If-Match');
}

/** ETags compare with or without their quotes: S3 takes `If-Match: 0cc1…` as it takes `"0cc1…"`. */
export function sameEtag(given: string, etag: string): boolean {
  return unquote(given.trim()) === unquote(etag);
}

function unquote(tag: string): string {
  return tag.length >= 2 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag;
}
