import type { ListingEntry } from './entries';

/**
 * Sorting, filtering and finding in a folder's entries. Folders always come
 * before files, whatever the order; pure functions, so they are tested alone.
 */

export type SortColumn = 'name' | 'size' | 'modified' | 'class';
export type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  column: SortColumn;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortOrder = { column: 'name', direction: 'asc' };

/** Names as people sort them: "file 9" before "file 10", case folded, accents considered. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function byName(a: ListingEntry, b: ListingEntry): number {
  const order = collator.compare(a.name, b.name);
  if (order !== 0) return order;
  // Equal to the collator ("a.txt", "A.txt"): fall back to the exact key, so the order is total.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function fileValue(entry: ListingEntry, column: SortColumn): number | string {
  if (entry.kind !== 'file') return 0;
  switch (column) {
    case 'size':
      return entry.object.size;
    case 'modified':
      // Always ISO 8601 in UTC (main writes toISOString()), so text order is time order.
      return entry.object.lastModified;
    case 'class':
      return entry.object.storageClass;
    default:
      return 0;
  }
}

/** The order of two entries of the same kind (folders among folders, files among files). */
export function entryComparator(sort: SortOrder): (a: ListingEntry, b: ListingEntry) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.column === 'name') return (a, b) => sign * byName(a, b);
  const column = sort.column;
  return (a, b) => {
    // Folders have no size, date or class: among themselves they keep name order.
    if (a.kind === 'folder' || b.kind === 'folder') return byName(a, b);
    const x = fileValue(a, column);
    const y = fileValue(b, column);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return order !== 0 ? sign * order : byName(a, b);
  };
}

/**
 * `sorted` plus `batch`, in order. Listings arrive mostly in order already
 * (S3 lists keys in order), so a batch that goes after everything is appended
 * without comparing the rest; otherwise one linear merge.
 */
export function mergeSorted<T>(sorted: T[], batch: T[], compare: (a: T, b: T) => number): T[] {
  if (batch.length === 0) return sorted;
  const incoming = [...batch].sort(compare);
  const last = sorted[sorted.length - 1];
  const firstIncoming = incoming[0] as T;
  if (last === undefined || compare(last, firstIncoming) <= 0) return sorted.concat(incoming);
  // Everything before the first incoming entry's place is copied without comparing it.
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as T, firstIncoming) <= 0) low = middle + 1;
    else high = middle;
  }
  const merged = new Array<T>(sorted.length + incoming.length);
  for (let copy = 0; copy < low; copy++) merged[copy] = sorted[copy] as T;
  let i = low;
  let j = 0;
  let k = low;
  while (i < sorted.length && j < incoming.length) {
    const a = sorted[i] as T;
    const b = incoming[j] as T;
    if (compare(b, a) < 0) {
      merged[k++] = b;
      j++;
    } else {
      merged[k++] = a;
      i++;
    }
  }
  while (i < sorted.length) merged[k++] = sorted[i++] as T;
  while (j < incoming.length) merged[k++] = incoming[j++] as T;
  return merged;
}

/** What a listing holds at one moment: arrays that only grow until `generation` changes. */
export interface ListingSource {
  /** Changes when the entries are replaced (a new listing, a refresh); within one, entries are only appended. */
  generation: number;
  folders: readonly ListingEntry[];
  files: readonly ListingEntry[];
}

/**
 * Keeps a sorted copy of a growing listing: appended entries are merged in
 * (cheap while pages stream in); a new generation or another order sorts
 * everything once.
 */
export class SortedListing {
  private generation = -1;
  private sort: SortOrder | null = null;
  private folderCount = 0;
  private fileCount = 0;
  private folders: ListingEntry[] = [];
  private files: ListingEntry[] = [];
  private result: ListingEntry[] = [];

  update(source: ListingSource, sort: SortOrder): ListingEntry[] {
    const compare = entryComparator(sort);
    const same = this.generation === source.generation && this.sort !== null && sameSort(this.sort, sort);
    if (same && this.folderCount === source.folders.length && this.fileCount === source.files.length) return this.result;
    if (same && this.folderCount <= source.folders.length && this.fileCount <= source.files.length) {
      this.folders = mergeSorted(this.folders, source.folders.slice(this.folderCount), compare);
      this.files = mergeSorted(this.files, source.files.slice(this.fileCount), compare);
    } else {
      this.folders = [...source.folders].sort(compare);
      this.files = [...source.files].sort(compare);
    }
    this.generation = source.generation;
    this.sort = sort;
    this.folderCount = source.folders.length;
    this.fileCount = source.files.length;
    this.result = this.folders.length === 0 ? this.files : this.files.length === 0 ? this.folders : this.folders.concat(this.files);
    return this.result;
  }
}

function sameSort(a: SortOrder, b: SortOrder): boolean {
  return a.column === b.column && a.direction === b.direction;
}

/** Entries whose name contains `query`, ignoring case; all of them for an empty query. */
export function filterEntries(entries: ListingEntry[], query: string): ListingEntry[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return entries;
  return entries.filter((entry) => entry.search.includes(needle));
}

/**
 * Type-to-find: the index of the next entry whose name starts with `typed`,
 * searching from `from` and wrapping around; -1 when none does. Typing one
 * letter again and again ("sss") steps through the names starting with it.
 */
export function findByTyping(entries: readonly ListingEntry[], typed: string, focusIndex: number): number {
  if (entries.length === 0 || typed === '') return -1;
  const text = typed.toLowerCase();
  const repeated = [...text].every((char) => char === text[0]);
  // A new search (or a repeated letter) looks past the focused row; a longer search may stay on it.
  const needle = repeated ? (text[0] as string) : text;
  const start = repeated || focusIndex < 0 ? focusIndex + 1 : focusIndex;
  for (let step = 0; step < entries.length; step++) {
    const index = (((start + step) % entries.length) + entries.length) % entries.length;
    if ((entries[index] as ListingEntry).search.startsWith(needle)) return index;
  }
  return -1;
}

/** The ids from index a to index b, inclusive, in either direction. */
export function idsBetween(entries: readonly ListingEntry[], a: number, b: number): string[] {
  const from = Math.max(0, Math.min(a, b));
  const to = Math.min(entries.length - 1, Math.max(a, b));
  const ids: string[] = [];
  for (let index = from; index <= to; index++) ids.push((entries[index] as ListingEntry).id);
  return ids;
}
