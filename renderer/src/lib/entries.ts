import type { FolderEntry, ObjectEntry } from '../../../common/ipc-contract';

/** One row of a folder listing: folders first, then files, each in S3's order. */
export type ListingEntry =
  | { kind: 'folder'; id: string; name: string; folder: FolderEntry }
  | { kind: 'file'; id: string; name: string; object: ObjectEntry };

export function folderRowId(prefix: string): string {
  return `folder:${prefix}`;
}

export function listingEntries(folders: FolderEntry[], objects: ObjectEntry[]): ListingEntry[] {
  return [
    ...folders.map((folder): ListingEntry => ({ kind: 'folder', id: folderRowId(folder.prefix), name: folder.name, folder })),
    ...objects.map((object): ListingEntry => ({ kind: 'file', id: `file:${object.key}`, name: object.name, object })),
  ];
}
