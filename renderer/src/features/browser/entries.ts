import type { FolderEntry, ObjectColumns, ObjectEntry } from '../../../../common/ipc';
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
  readonly kind: 'file';
  readonly id: string;
  readonly name: string;
  /** The name lower-cased, for filtering and type-to-find. */
  readonly search: string;
  /** In an archive storage class: not readable until restored. */
  readonly archived: boolean;
  readonly object: ObjectEntry;
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

/** Storage class names arrive as one string per object; a folder holds a handful of distinct ones. */
const storageClassNames = new Map<string, string>();

function sharedStorageClass(name: string): string {
  const known = storageClassNames.get(name);
  if (known !== undefined) return known;
  if (storageClassNames.size < 64) storageClassNames.set(name, name);
  return name;
}

/**
 * A file's row is its object entry itself, plus what the table derives from it
 * on demand. A folder can hold hundreds of thousands of files and the page keeps
 * every one: one small object and two strings per file (its name and date; the
 * folder's prefix and the storage class are shared, and the key is the two
 * joined when asked for), instead of a row wrapping an entry with an id, a
 * lower-cased name and a parsed date beside it. A small heap keeps the garbage
 * collector's pauses short enough not to drop frames while scrolling.
 */
class FileRow implements FileListingEntry, ObjectEntry {
  readonly kind = 'file' as const;

  constructor(
    /** The folder's prefix, shared by its rows. */
    private readonly folder: string,
    readonly name: string,
    readonly size: number,
    readonly lastModified: string,
    readonly storageClass: string,
    /** A key that is not the folder's prefix followed by the name (only entries made elsewhere can have one). */
    private readonly ownKey?: string,
  ) {}

  get key(): string {
    return this.ownKey ?? this.folder + this.name;
  }

  get id(): string {
    return fileRowId(this.key);
  }

  get search(): string {
    return this.name.toLowerCase();
  }

  get archived(): boolean {
    return isArchiveClass(this.storageClass);
  }

  get object(): ObjectEntry {
    return this;
  }
}

export function fileEntry(object: ObjectEntry): FileListingEntry {
  const storageClass = sharedStorageClass(object.storageClass);
  if (!object.key.endsWith(object.name)) return new FileRow('', object.name, object.size, object.lastModified, storageClass, object.key);
  return new FileRow(object.key.slice(0, object.key.length - object.name.length), object.name, object.size, object.lastModified, storageClass);
}

/** The `index`-th object of a listing page, as a row. */
export function fileEntryAt(columns: ObjectColumns, index: number): FileListingEntry {
  const storageClass = sharedStorageClass(columns.storageClasses[columns.storageClassOf[index]!]!);
  return new FileRow(columns.prefix, columns.names[index]!, columns.sizes[index]!, columns.lastModified[index]!, storageClass);
}

/** Folders first, then files, each in the order given. */
export function listingEntries(folders: FolderEntry[], objects: ObjectEntry[]): ListingEntry[] {
  return [...folders.map(folderEntry), ...objects.map(fileEntry)];
}
