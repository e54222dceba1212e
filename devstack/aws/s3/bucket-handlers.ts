import { s3Errors } from './errors';
import { sendEmpty, sendXml, type S3Context } from './context';
import { decodePosition } from './object-store';
import { readSmallBody } from './small-body';
import { element, escapeXml, parseXml, xmlDocument } from './xml';

const OWNER = '<Owner><ID>s3desk-local</ID><DisplayName>s3desk-local</DisplayName></Owner>';

export function listBuckets(ctx: S3Context): void {
  const buckets = ctx.objects
    .listBuckets()
    .map((b) => `<Bucket>${element('Name', b.name)}${element('CreationDate', new Date(b.createdAt).toISOString())}<BucketRegion>${ctx.region}</BucketRegion></Bucket>`)
    .join('');
  sendXml(ctx.res, 200, xmlDocument('ListAllMyBucketsResult', `${OWNER}<Buckets>${buckets}</Buckets>`));
}

export function headBucket(ctx: S3Context): void {
  if (!ctx.objects.bucketExists(ctx.route.bucket)) throw s3Errors.noSuchBucket(ctx.route.bucket);
  sendEmpty(ctx.res, 200, { 'x-amz-bucket-region': ctx.region });
}

export function getBucketLocation(ctx: S3Context): void {
  if (!ctx.objects.bucketExists(ctx.route.bucket)) throw s3Errors.noSuchBucket(ctx.route.bucket);
  const location = ctx.region === 'us-east-1' ? '' : ctx.region;
  sendXml(ctx.res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${location}</LocationConstraint>`);
}

/** S3's encoding-type=url: percent-encode everything but unreserved characters and '/'. */
function urlEncodeKey(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/');
}

export function listObjectsV2(ctx: S3Context): void {
  const { query, bucket } = ctx.route;
  if (!ctx.objects.bucketExists(bucket)) throw s3Errors.noSuchBucket(bucket);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const startAfter = query.get('start-after') ?? '';
  const encodingType = query.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request');
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === undefined ? 1000 : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range');
  const continuationToken = query.get('continuation-token');
  const position = continuationToken === undefined ? {} : decodePosition(continuationToken);
  if (position === undefined) throw s3Errors.invalidArgument('The continuation token provided is incorrect');

  // A continuation token supersedes StartAfter, as in S3.
  const after = continuationToken === undefined ? startAfter : (position.after ?? '');
  const result = ctx.objects.list(bucket, { prefix, delimiter, maxKeys: Math.min(maxKeys, 1000), after, from: position.from });
  const enc = encodingType === 'url' ? urlEncodeKey : (s: string) => s;
  const isoDate = isoDates();
  let contents = '';
  for (const o of result.objects) {
    const checksum = o.checksumAlgorithm ? element('ChecksumAlgorithm', o.checksumAlgorithm.toUpperCase()) : '';
    contents +=
      `<Contents><Key>${escapeXml(enc(o.key))}</Key><LastModified>${isoDate(o.lastModified)}</LastModified>` +
      `<ETag>${escapeEtag(o.etag)}</ETag>${checksum}<Size>${o.size}</Size><StorageClass>${escapeXml(o.storageClass)}</StorageClass></Contents>`;
  }
  const prefixes = result.commonPrefixes.map((p) => `<CommonPrefixes>${element('Prefix', enc(p))}</CommonPrefixes>`).join('');
  const body =
    element('Name', bucket) +
    element('Prefix', enc(prefix)) +
    (delimiter ? element('Delimiter', enc(delimiter)) : '') +
    element('MaxKeys', Math.min(maxKeys, 1000)) +
    element('KeyCount', result.objects.length + result.commonPrefixes.length) +
    element('IsTruncated', result.isTruncated) +
    (encodingType ? element('EncodingType', encodingType) : '') +
    (continuationToken !== undefined ? element('ContinuationToken', continuationToken) : '') +
    (result.next !== undefined ? element('NextContinuationToken', result.next) : '') +
    (startAfter ? element('StartAfter', enc(startAfter)) : '') +
    contents +
    prefixes;
  sendXml(ctx.res, 200, xmlDocument('ListBucketResult', body));
}

export async function deleteObjects(ctx: S3Context): Promise<void> {
  const { bucket } = ctx.route;
  if (!ctx.objects.bucketExists(bucket)) throw s3Errors.noSuchBucket(bucket);
  const text = await readSmallBody(ctx);
  const parsed = safeParse(text) as { Delete?: { Quiet?: string; Object?: Array<Record<string, unknown>> } } | undefined;
  const entries = parsed?.Delete?.Object;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 1000 || entries.some((e) => typeof e?.Key !== 'string')) {
    throw s3Errors.malformedXml();
  }
  // A condition on a key (S3's conditional batch delete) must not be dropped silently, deleting what it protects.
  if (entries.some((e) => e.ETag !== undefined || e.LastModifiedTime !== undefined || e.Size !== undefined)) {
    throw s3Errors.notImplemented('A conditional DeleteObjects (ETag, LastModifiedTime or Size on an Object)', 'Use DeleteObject with If-Match, one key at a time.');
  }
  const quiet = parsed?.Delete?.Quiet === 'true';
  let deleted = '';
  let errors = '';
  for (const entry of entries) {
    const key = entry.Key as string;
    const allowed = ctx.isAllowed({ action: 's3:DeleteObject', resource: `arn:aws:s3:::${bucket}/${key}` });
    if (!allowed) {
      errors += `<Error>${element('Key', key)}<Code>AccessDenied</Code><Message>Access Denied</Message></Error>`;
      continue;
    }
    ctx.objects.delete(bucket, key);
    if (!quiet) deleted += `<Deleted>${element('Key', key)}</Deleted>`;
  }
  sendXml(ctx.res, 200, xmlDocument('DeleteResult', deleted + errors));
}

export function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    return parseXml(text);
  } catch {
    return undefined;
  }
}

/** Dates as S3 writes them. A listing formats thousands a page, and objects written together share a time. */
function isoDates(): (time: number) => string {
  const formatted = new Map<number, string>();
  return (time) => {
    let text = formatted.get(time);
    if (text === undefined) {
      text = new Date(time).toISOString();
      formatted.set(time, text);
    }
    return text;
  };
}

const PLAIN_ETAG = /^"[0-9A-Za-z-]*"$/;

/** An ETag is a quoted hex digest: its two quotes are all there is to escape. */
function escapeEtag(etag: string): string {
  return PLAIN_ETAG.test(etag) ? `&quot;${etag.slice(1, -1)}&quot;` : escapeXml(etag);
}
