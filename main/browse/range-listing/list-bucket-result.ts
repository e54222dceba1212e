import type { _Object, ObjectStorageClass } from '@aws-sdk/client-s3';
import { Parser } from 'htmlparser2';
import type { ListedPage } from './range-lister';

/** An object as ListObjectsV2 describes it, with its key always present. */
export type ListedS3Object = _Object & { key: string };

/** What the page needs of ListObjectsV2's reply, read straight from its XML. */
export type ListBucketResult = ListedPage<ListedS3Object>;

/** The reply was not a ListBucketResult: a proxy's page, a truncated body, another service answering. */
export class UnreadableListingError extends Error {
  override readonly name = 'UnreadableListingError';
}

/** Where a text node belongs: a field of the result, of one object, or a common prefix. */
type Field = 'IsTruncated' | 'NextContinuationToken' | 'Key' | 'LastModified' | 'ETag' | 'Size' | 'StorageClass' | 'Prefix';

const RESULT_FIELDS = new Set<string>(['IsTruncated', 'NextContinuationToken']);
const OBJECT_FIELDS = new Set<string>(['Key', 'LastModified', 'ETag', 'Size', 'StorageClass']);

/**
 * Reads a ListObjectsV2 reply (ListBucketResult) with a streaming XML parser.
 * The SDK builds a whole document tree and then walks its schema: about
 * 30 ms of CPU for a page of 1,000 keys, most of the cost of listing a big
 * folder once requests overlap. This reads only the fields the app shows
 * (key, size, date, ETag, storage class, common prefixes, truncation) in a
 * few milliseconds, with entities and CDATA decoded as XML says; anything
 * else in the reply (owners, checksums, restore status) is skipped.
 */
export function parseListBucketResult(xml: string): ListBucketResult {
  const result: ListBucketResult = { objects: [], commonPrefixes: [], isTruncated: false };
  const path: string[] = [];
  let object: Partial<Record<Field, string>> | null = null;
  let field: Field | null = null;
  let text = '';
  let complete = false;

  const parser = new Parser(
    {
      onopentag(name) {
        path.push(name);
        const depth = path.length;
        if (depth === 1 && name !== 'ListBucketResult') throw new UnreadableListingError(`The listing's answer was a <${name}> document, not S3's ListBucketResult.`);
        if (depth === 2 && name === 'Contents') object = {};
        field = leafField(path);
        text = '';
      },
      ontext(chunk) {
        if (field) text += chunk;
      },
      onclosetag(name, isImplied) {
        // The parser closes what is still open at the end of the text: the body was cut short.
        if (isImplied) throw new UnreadableListingError("The listing's answer ended before its ListBucketResult did.");
        const depth = path.length;
        if (field) {
          if (depth === 2) {
            if (field === 'IsTruncated') result.isTruncated = text === 'true';
            else result.nextContinuationToken = text;
          } else if (path[1] === 'Contents' && object) object[field] = text;
          else result.commonPrefixes.push(text);
          field = null;
        } else if (depth === 2 && name === 'Contents' && object) {
          result.objects.push(toListedObject(object));
          object = null;
        }
        path.pop();
        if (path.length === 0) complete = true;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (!complete) throw new UnreadableListingError("The listing's answer held no ListBucketResult.");
  return result;
}

/** The field a text node at this path fills, if the app reads it. */
function leafField(path: string[]): Field | null {
  const name = path.at(-1)!;
  if (path.length === 2) return RESULT_FIELDS.has(name) ? (name as Field) : null;
  if (path.length !== 3) return null;
  if (path[1] === 'Contents') return OBJECT_FIELDS.has(name) ? (name as Field) : null;
  return path[1] === 'CommonPrefixes' && name === 'Prefix' ? 'Prefix' : null;
}

function toListedObject(fields: Partial<Record<Field, string>>): ListedS3Object {
  if (fields.Key === undefined) throw new UnreadableListingError('The listing named an object without its key.');
  const object: ListedS3Object = { key: fields.Key, Key: fields.Key };
  if (fields.Size !== undefined) object.Size = Number(fields.Size);
  if (fields.LastModified !== undefined) object.LastModified = new Date(fields.LastModified);
  if (fields.ETag !== undefined) object.ETag = fields.ETag;
  if (fields.StorageClass !== undefined) object.StorageClass = fields.StorageClass as ObjectStorageClass;
  return object;
}
