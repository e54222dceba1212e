import type { ListingEntry } from './entries';

/** A complete listing of one folder, as it was when listed. */
export interface CachedListing {
  folders: ListingEntry[];
  files: ListingEntry[];
  /** When the listing finished (epoch ms). */
  listedAt: number;
}

/**
 * Folder listings by bucket and prefix, so going back shows a folder at once
 * (with its age) instead of listing it again. Bounded by the number of entries
 * held; the folders used longest ago go first.
 */
export class ListingCache {
  private readonly entries = new Map<string, CachedListing>();
  private held = 0;

  constructor(private readonly maxEntries = 1_000_000) {}

  private static key(bucket: string, prefix: string): string {
    return `${bucket}\n${prefix}`;
  }

  get(bucket: string, prefix: string): CachedListing | undefined {
    const key = ListingCache.key(bucket, prefix);
    const found = this.entries.get(key);
    if (found) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  put(bucket: string, prefix: string, listing: CachedListing): void {
    const key = ListingCache.key(bucket, prefix);
    this.remove(key);
    const size = listing.folders.length + listing.files.length;
    if (size > this.maxEntries) return;
    this.entries.set(key, listing);
    this.held += size;
    for (const oldest of this.entries.keys()) {
      if (this.held <= this.maxEntries) break;
      this.remove(oldest);
    }
  }

  /** Forgets `prefix` in `bucket`, and with `withinToo` every folder inside it. */
  invalidate(bucket: string, prefix: string, withinToo = false): void {
    for (const key of [...this.entries.keys()]) {
      const cut = key.indexOf('\n');
      if (key.slice(0, cut) !== bucket) continue;
      const cachedPrefix = key.slice(cut + 1);
      if (cachedPrefix === prefix || (withinToo && cachedPrefix.startsWith(prefix))) this.remove(key);
    }
  }

  has(bucket: string, prefix: string): boolean {
    return this.entries.has(ListingCache.key(bucket, prefix));
  }

  private remove(key: string): void {
    const found = this.entries.get(key);
    if (!found) return;
    this.entries.delete(key);
    this.held -= found.folders.length + found.files.length;
  }
}
