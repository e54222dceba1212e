import type { _Object, S3Client } from '@aws-sdk/client-s3';
import { isArchiveClass } from './archive-status';
import { mostlyWaiting } from './range-listing/mostly-waiting';
import { listInRanges } from './range-listing/range-lister';
import { listObjectsPage, s3ListPage } from './range-listing/s3-list-page';

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
 * Every object under a prefix, in key order, without a delimiter: the whole
 * tree at 1000 keys a request, never a HEAD per object. From the folder's
 * start the key space is listed in parallel ranges (range-listing/), so a
 * folder summary, download or delete of a million keys does not wait out a
 * thousand round trips one after another; a listing that resumes after a key
 * (startAfter) goes page by page. A listing cannot tell a restored archive
 * object from one that is not, so every GLACIER / DEEP_ARCHIVE object counts
 * as archived here. Throws the SDK's errors; callers map them with what they
 * were doing.
 */
export async function* listRecursive(
  s3: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
  options: ListRecursiveOptions = {},
): AsyncGenerator<ListedObject> {
  const delimiter = options.shallow ? '/' : undefined;
  if (options.startAfter === undefined) {
    for await (const run of listInRanges({ listPage: s3ListPage(s3, bucket), prefix, delimiter, splitWhen: mostlyWaiting, signal })) {
      for (const object of run.objects) yield listedObject(object.key, object);
    }
    return;
  }
  let continuationToken: string | undefined;
  do {
    const page = await listObjectsPage(
      s3,
      bucket,
      { prefix, delimiter, maxKeys: 1000, continuationToken, startAfter: continuationToken ? undefined : options.startAfter },
      signal,
    );
    for (const object of page.objects) yield listedObject(object.key, object);
    continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (continuationToken);
}

function listedObject(key: string, object: _Object): ListedObject {
  const storageClass = object.StorageClass ?? 'STANDARD';
  return { key, size: object.Size ?? 0, storageClass, archived: isArchiveClass(storageClass) };
}

/** A zero-byte key ending in '/': what consoles create for an empty folder, not a file anyone made. */
export function isFolderMarker(object: { key: string; size: number }): boolean {
  return object.key.endsWith('/') && object.size === 0;
}
