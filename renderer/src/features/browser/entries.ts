import type { FolderEntry, ObjectEntry } from '../../../../common/ipc';
import { isArchiveClass } from './storageClass';

/** One row of a folder listing. */
export type ListingEntry = FolderListingEntry | FileListingEntry;

export interface FolderListingEntry {
  kind: 'folder';
  id: string;
  name: string;
  /** The name lower-cased, for filtering and type-to-find. */
  search: string;
  folder: FolderEntry;
}

export interface FileListingEntry {
  kind: 'file';
  id: string;
  name: string;
  search: string;
  /** lastModified as epoch milliseconds (NaN when unreadable), for sorting. */
  modified: number;
  /** In an archive storage class: not readable until restored. */
  archived: boolean;
  object: ObjectEntry;
}

export function folderRowId(prefix: string): string {
  return `folder:${prefix}`;
}

export function fileRowId(key: string): string {
  return `file:${key}`;
}

export function folderEntry(folder: FolderEntry): FolderListingEntry {
  return { kind: 'folder', id: folderRowId(folder.prefix), name: folder.name, search: folder.name.toLowerCase(), folder };
}

export function fileEntry(object: ObjectEntry): FileListingEntry {
  return {
    kind: 'file',
    id: fileRowId(object.key),
    name: object.name,
    search: object.name.toLowerCase(),
    modified: Date.parse(object.lastModified),
    archived: isArchiveClass(object.storageClass),
    object,
  };
}

/** Folders first, then files, each in the order given. */
export function listingEntries(folders: FolderEntry[], objects: ObjectEntry[]): ListingEntry[] {
  return [...folders.map(folderEntry), ...objects.map(fileEntry)];
}
