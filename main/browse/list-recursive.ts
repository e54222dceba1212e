import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isArchiveClass } from './archive-status';

/** One object as a recursive listing (or a HEAD) describes it. */
export interface ListedObject {
  key: string;
  size: number;
  storageClass: string;
  /** Archived and not restored: GetObject would answer InvalidObjectState. */
  archived: boolean;
}

export interface ListRecursiveOptions {
  /** List only keys after this one (S3's StartAfter). */
  startAfter?: string;
  /** Only direct children of prefix (with '/' as delimiter); sub-folders are skipped, not listed. */
  shallow?: boolean;
}

/**
 * Every object under a prefix, in key order, page by page without a
 * delimiter: the whole tree in one request per 1000 keys, never a HEAD per
 * object. A listing cannot tell a restored archive object from one that is
 * not, so every GLACIER / DEEP_ARCHIVE object counts as archived here.
 * Throws the SDK's errors; callers map them with what they were doing.
 */
export async function* listRecursive(
  s3: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
  options: ListRecursiveOptions = {},
): AsyncGenerator<ListedObject> {
  let continuationToken: string | undefined;
  do {
    const reply = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix === '' ? undefined : prefix,
        Delimiter: options.shallow ? '/' : undefined,
        MaxKeys: 1000,
        ContinuationToken: continuationToken,
        StartAfter: continuationToken ? undefined : options.startAfter,
      }),
      { abortSignal: signal },
    );
    for (const object of reply.Contents ?? []) {
      if (typeof object.Key !== 'string') continue;
      const storageClass = object.StorageClass ?? 'STANDARD';
      yield { key: object.Key, size: object.Size ?? 0, storageClass, archived: isArchiveClass(storageClass) };
    }
    continuationToken = reply.IsTruncated ? reply.NextContinuationToken : undefined;
  } while (continuationToken);
}

/** A zero-byte key ending in '/': what consoles create for an empty folder, not a file anyone made. */
export function isFolderMarker(object: { key: string; size: number }): boolean {
  return object.key.endsWith('/') && object.size === 0;
}
