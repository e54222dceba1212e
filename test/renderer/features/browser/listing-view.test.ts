import { describe, expect, it } from 'vitest';
import { fileEntry, folderEntry, type ListingEntry } from '../../../../renderer/src/features/browser/entries';
import { ListingCache } from '../../../../renderer/src/features/browser/listingCache';
import {
  entryComparator,
  filterEntries,
  findByTyping,
  idsBetween,
  mergeSorted,
  SortedListing,
  type SortOrder,
} from '../../../../renderer/src/features/browser/listingView';
import { file, folder } from '../../helpers/fake-api';

const names = (entries: readonly ListingEntry[]) => entries.map((entry) => entry.name);
const files = (...specs: Array<[string, number?, string?, string?]>) =>
  specs.map(([key, size = 1, modified = '2025-01-01T00:00:00.000Z', storageClass = 'STANDARD']) =>
    fileEntry(file(key, size, modified, storageClass)),
  );

describe('sorting', () => {
  it('sorts names as people do: numbers by value, case ignored', () => {
    const entries = files(['file10.txt'], ['File2.txt'], ['file1.txt'], ['apple.txt']);
    expect(names([...entries].sort(entryComparator({ column: 'name', direction: 'asc' })))).toEqual([
      'apple.txt',
      'file1.txt',
      'File2.txt',
      'file10.txt',
    ]);
    expect(names([...entries].sort(entryComparator({ column: 'name', direction: 'desc' })))).toEqual([
      'file10.txt',
      'File2.txt',
      'file1.txt',
      'apple.txt',
    ]);
  });

  it('sorts by size, date and storage class, ties by name', () => {
    const entries = files(
      ['b.bin', 300, '2025-03-01T00:00:00.000Z', 'STANDARD'],
      ['a.bin', 300, '2024-01-01T00:00:00.000Z', 'GLACIER'],
      ['c.bin', 5, '2025-06-01T00:00:00.000Z', 'DEEP_ARCHIVE'],
    );
    const by = (sort: SortOrder) => names([...entries].sort(entryComparator(sort)));
    expect(by({ column: 'size', direction: 'asc' })).toEqual(['c.bin', 'a.bin', 'b.bin']);
    expect(by({ column: 'size', direction: 'desc' })).toEqual(['a.bin', 'b.bin', 'c.bin']);
    expect(by({ column: 'modified', direction: 'desc' })).toEqual(['c.bin', 'b.bin', 'a.bin']);
    expect(by({ column: 'class', direction: 'asc' })).toEqual(['c.bin', 'a.bin', 'b.bin']);
  });

  it('keeps folders first, in name order, whatever the files are sorted by', () => {
    const sorted = new SortedListing().update(
      {
        generation: 1,
        folders: [folderEntry(folder('zeta/')), folderEntry(folder('alpha/'))],
        files: files(['small', 1], ['big', 1000]),
      },
      { column: 'size', direction: 'desc' },
    );
    expect(names(sorted)).toEqual(['alpha', 'zeta', 'big', 'small']);
  });

  it('merges appended pages into the sorted order, and re-sorts when the order changes', () => {
    const source = { generation: 1, folders: [] as ListingEntry[], files: files(['b'], ['d']) };
    const sorted = new SortedListing();
    const byName: SortOrder = { column: 'name', direction: 'asc' };
    expect(names(sorted.update(source, byName))).toEqual(['b', 'd']);

    source.files.push(...files(['e'], ['a'], ['c']));
    expect(names(sorted.update(source, byName))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names(sorted.update(source, { column: 'name', direction: 'desc' }))).toEqual(['e', 'd', 'c', 'b', 'a']);

    // A new generation (a refresh) starts over.
    expect(names(sorted.update({ generation: 2, folders: [], files: files(['x']) }, byName))).toEqual(['x']);
  });

  it('appends without comparing everything again when the page goes after what is there', () => {
    let comparisons = 0;
    const compare = (a: number, b: number) => {
      comparisons += 1;
      return a - b;
    };
    const big = Array.from({ length: 10_000 }, (_, index) => index);
    expect(mergeSorted(big, [10_001, 10_000], compare).slice(-3)).toEqual([9_999, 10_000, 10_001]);
    expect(comparisons).toBeLessThan(5);
    expect(mergeSorted([1, 3, 5], [4, 2, 6], (a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(mergeSorted([1, 3, 5], [0, 0], (a, b) => a - b)).toEqual([0, 0, 1, 3, 5]);
    expect(mergeSorted([1, 3, 3, 5], [3, 4], (a, b) => a - b)).toEqual([1, 3, 3, 3, 4, 5]);

    // An entry that goes near the end is placed after a binary search, not a comparison with every entry.
    comparisons = 0;
    expect(mergeSorted(big, [9_998.5], compare).slice(-3)).toEqual([9_998, 9_998.5, 9_999]);
    expect(comparisons).toBeLessThan(40);
  });
});

describe('filtering and finding', () => {
  const entries = [folderEntry(folder('Reports/')), ...files(['annual-report.pdf'], ['notes.md'], ['README'])];

  it('filters by a case-insensitive substring of the name', () => {
    expect(names(filterEntries(entries, 'REPORT'))).toEqual(['Reports', 'annual-report.pdf']);
    expect(names(filterEntries(entries, '  '))).toEqual(names(entries));
    expect(filterEntries(entries, 'zzz')).toEqual([]);
  });

  it('type-to-find jumps to the next name starting with what was typed, wrapping around', () => {
    expect(findByTyping(entries, 'n', -1)).toBe(2);
    expect(findByTyping(entries, 'r', 0)).toBe(3);
    expect(findByTyping(entries, 'r', 3)).toBe(0);
    // Typing more letters may stay on the current row.
    expect(findByTyping(entries, 're', 0)).toBe(0);
    expect(findByTyping(entries, 'rea', 0)).toBe(3);
    expect(findByTyping(entries, 'q', 0)).toBe(-1);
  });

  it('selects ranges in either direction', () => {
    expect(idsBetween(entries, 2, 0)).toEqual([entries[0]?.id, entries[1]?.id, entries[2]?.id]);
    expect(idsBetween(entries, 3, 3)).toEqual([entries[3]?.id]);
  });
});

describe('listing cache', () => {
  const listing = (count: number, listedAt = 1) => ({ folders: [], files: files(...Array.from({ length: count }, (_, i): [string] => [`f${i}`])), listedAt });

  it('keeps listings by bucket and prefix', () => {
    const cache = new ListingCache();
    cache.put('b', 'a/', listing(2, 42));
    expect(cache.get('b', 'a/')?.listedAt).toBe(42);
    expect(cache.get('b', 'x/')).toBeUndefined();
    expect(cache.get('other', 'a/')).toBeUndefined();
  });

  it('forgets a folder, and with withinToo the folders inside it', () => {
    const cache = new ListingCache();
    for (const prefix of ['a/', 'a/b/', 'ab/', 'c/']) cache.put('b', prefix, listing(1));
    cache.invalidate('b', 'a/');
    expect(cache.has('b', 'a/')).toBe(false);
    expect(cache.has('b', 'a/b/')).toBe(true);
    cache.invalidate('b', 'a/', true);
    expect(cache.has('b', 'a/b/')).toBe(false);
    expect(cache.has('b', 'ab/')).toBe(true);
    expect(cache.has('b', 'c/')).toBe(true);
  });

  it('lets the least recently used listings go when holding too many entries', () => {
    const cache = new ListingCache(10);
    cache.put('b', 'one/', listing(4));
    cache.put('b', 'two/', listing(4));
    cache.get('b', 'one/');
    cache.put('b', 'three/', listing(4));
    expect(cache.has('b', 'one/')).toBe(true);
    expect(cache.has('b', 'two/')).toBe(false);
    expect(cache.has('b', 'three/')).toBe(true);
    cache.put('b', 'huge/', listing(11));
    expect(cache.has('b', 'huge/')).toBe(false);
  });
});
