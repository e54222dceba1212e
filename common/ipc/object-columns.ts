import type { ObjectEntry } from './browse';

/**
 * A listing page's objects as columns: the i-th entry of each array
 * describes one object. A big folder is a thousand pages of a thousand
 * objects, and Electron's IPC (a structured clone) copies a few arrays of
 * strings and numbers about four times faster than as many small objects,
 * each with its property names.
 */
export interface ObjectColumns {
  /** The folder listed: every object's key is this prefix followed by its name. */
  prefix: string;
  names: string[];
  sizes: number[];
  /** ISO 8601 */
  lastModified: string[];
  /** Each object's storage class, as its index in `storageClasses` (a page holds a handful of distinct ones). */
  storageClassOf: number[];
  storageClasses: string[];
}

export function objectCount(columns: ObjectColumns): number {
  return columns.names.length;
}

/** One object of the page, as an entry. */
export function objectEntryAt(columns: ObjectColumns, index: number): ObjectEntry {
  const name = columns.names[index]!;
  return {
    key: columns.prefix + name,
    name,
    size: columns.sizes[index]!,
    lastModified: columns.lastModified[index]!,
    storageClass: columns.storageClasses[columns.storageClassOf[index]!]!,
  };
}

export function objectEntries(columns: ObjectColumns): ObjectEntry[] {
  return columns.names.map((_, index) => objectEntryAt(columns, index));
}

/** Collects a page's objects, one at a time, into columns. */
export class ObjectColumnsBuilder {
  private readonly columns: ObjectColumns;
  private readonly classIndex = new Map<string, number>();

  constructor(prefix: string) {
    this.columns = { prefix, names: [], sizes: [], lastModified: [], storageClassOf: [], storageClasses: [] };
  }

  /** Adds an object of the folder; `name` is its key without the folder's prefix. */
  add(name: string, size: number, lastModified: string, storageClass: string): void {
    const { columns } = this;
    let classIndex = this.classIndex.get(storageClass);
    if (classIndex === undefined) {
      classIndex = columns.storageClasses.push(storageClass) - 1;
      this.classIndex.set(storageClass, classIndex);
    }
    columns.names.push(name);
    columns.sizes.push(size);
    columns.lastModified.push(lastModified);
    columns.storageClassOf.push(classIndex);
  }

  build(): ObjectColumns {
    return this.columns;
  }
}

/** Entries of the folder `prefix` as columns (every key must start with the prefix). */
export function toObjectColumns(prefix: string, entries: readonly ObjectEntry[]): ObjectColumns {
  const builder = new ObjectColumnsBuilder(prefix);
  for (const entry of entries) {
    if (!entry.key.startsWith(prefix)) throw new Error(`The key ${entry.key} is not inside the folder ${prefix}.`);
    builder.add(entry.key.slice(prefix.length), entry.size, entry.lastModified, entry.storageClass);
  }
  return builder.build();
}
