import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { isArchiveClass, parseRestore } from './archive-status';
import { listRecursive, type ListedObject } from './list-recursive';
import { errorName } from '../aws/s3-errors';

/** Up to this many keys, one HEAD each (in parallel) is quicker than listing their folder. */
export const HEAD_LIMIT = 20;
const HEAD_CONCURRENCY = 8;

export interface DescribedKeys {
  /** In the order of the keys asked for. */
  found: ListedObject[];
  /** Keys that do not exist (any more). */
  missing: string[];
}

/**
 * Size and storage class of objects selected one by one. A few are HEADed
 * (which also tells a restored archive object from one that is not); more
 * are looked up by listing the folder they share, starting just before the
 * first and stopping after the last, so 5,000 selected files cost a few
 * list pages rather than 5,000 requests. Throws the SDK's errors.
 */
export async function describeKeys(s3: S3Client, bucket: string, keys: readonly string[], signal?: AbortSignal): Promise<DescribedKeys> {
  const unique = [...new Set(keys)];
  const byKey = unique.length <= HEAD_LIMIT ? await headEach(s3, bucket, unique, signal) : await listAround(s3, bucket, unique, signal);
  const found: ListedObject[] = [];
  const missing: string[] = [];
  for (const key of unique) {
    const object = byKey.get(key);
    if (object) found.push(object);
    else missing.push(key);
  }
  return { found, missing };
}

async function headEach(s3: S3Client, bucket: string, keys: string[], signal?: AbortSignal): Promise<Map<string, ListedObject>> {
  const result = new Map<string, ListedObject>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        const reply = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        result.set(key, fromHead(key, reply));
      } catch (error) {
        if (errorName(error) !== 'NotFound' && errorName(error) !== 'NoSuchKey') throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, keys.length) }, worker));
  return result;
}

export function fromHead(key: string, reply: HeadObjectCommandOutput): ListedObject {
  const storageClass = reply.StorageClass ?? 'STANDARD';
  // Intelligent-Tiering's archive tiers need a restore just like the archive classes.
  const needsRestore = isArchiveClass(storageClass) || reply.ArchiveStatus !== undefined;
  const archived = needsRestore && parseRestore(reply.Restore).restoreStatus !== 'restored';
  return { key, size: reply.ContentLength ?? 0, storageClass, archived };
}

async function listAround(s3: S3Client, bucket: string, keys: string[], signal?: AbortSignal): Promise<Map<string, ListedObject>> {
  let first = keys[0]!;
  let last = first;
  for (const key of keys) {
    if (compareUtf8(key, first) < 0) first = key;
    if (compareUtf8(key, last) > 0) last = key;
  }
  const prefix = folderOf(commonPrefix(first, last));
  // Keys selected in one folder are its direct children: a delimiter listing skips sub-folders with one seek each.
  const shallow = keys.every((key) => !key.slice(prefix.length).includes('/'));
  // Any proper prefix of a key sorts before it, so this starts the listing just before the first selected key.
  const firstChars = Array.from(first);
  const startAfter = firstChars.slice(0, -1).join('') || undefined;
  const wanted = new Set(keys);
  const result = new Map<string, ListedObject>();
  for await (const object of listRecursive(s3, bucket, prefix, signal, { startAfter, shallow })) {
    if (wanted.has(object.key)) result.set(object.key, object);
    if (result.size === wanted.size || compareUtf8(object.key, last) >= 0) break;
  }
  return result;
}

/** S3 lists keys in UTF-8 byte order, which differs from JS string order for characters beyond the BMP. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function folderOf(text: string): string {
  const slash = text.lastIndexOf('/');
  return slash === -1 ? '' : text.slice(0, slash + 1);
}
