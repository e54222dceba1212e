import { ListObjectsV2Command, type _Object, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { ObjectColumnsBuilder, type FolderEntry, type ObjectColumns } from '../../common/ipc';

export const DELIMITER = '/';
export const PAGE_SIZE = 1000;

/** Where a folder page is listed: a bucket and a folder prefix ('' or ending in '/'). */
export interface FolderRef {
  bucket: string;
  prefix: string;
}

/** One folder page as the window shows it. */
export interface FolderPage {
  folders: FolderEntry[];
  objects: ObjectColumns;
  /** Present when more entries follow. */
  nextContinuationToken: string | null;
}

/** The one ListObjectsV2 request for a page of a folder: with the delimiter, so sub-folders roll up. */
export function folderPageCommand(folder: FolderRef, continuationToken?: string): ListObjectsV2Command {
  return new ListObjectsV2Command({
    Bucket: folder.bucket,
    Prefix: folder.prefix === '' ? undefined : folder.prefix,
    Delimiter: DELIMITER,
    MaxKeys: PAGE_SIZE,
    ContinuationToken: continuationToken,
  });
}

/** ListObjectsV2 reply → the contract's entries: folders by display name, objects without the folder marker. */
export function toFolderPage(folder: FolderRef, reply: ListObjectsV2CommandOutput): FolderPage {
  const { prefix } = folder;
  const folders = (reply.CommonPrefixes ?? [])
    .map((common) => common.Prefix)
    .filter((name): name is string => typeof name === 'string' && name.length > prefix.length)
    .map((name) => ({ prefix: name, name: name.slice(prefix.length, -DELIMITER.length) }));
  const objects = new ObjectColumnsBuilder(prefix);
  for (const object of reply.Contents ?? []) {
    // The folder's own marker object ("photos/" inside "photos/") is not an entry.
    if (typeof object.Key !== 'string' || object.Key === prefix) continue;
    objects.add(object.Key.slice(prefix.length), object.Size ?? 0, lastModifiedOf(object), object.StorageClass ?? 'STANDARD');
  }
  return {
    folders,
    objects: objects.build(),
    nextContinuationToken: reply.IsTruncated && reply.NextContinuationToken ? reply.NextContinuationToken : null,
  };
}

/** What toISOString writes: S3's own form of a date, which is then passed on as it is. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** An object's date in ISO 8601 (UTC, milliseconds), without a Date made and printed per key where S3 wrote it so already. */
function lastModifiedOf(object: _Object & { lastModifiedText?: string }): string {
  const text = object.lastModifiedText;
  if (text !== undefined && ISO_UTC.test(text)) return text;
  return (object.LastModified ?? new Date(0)).toISOString();
}
