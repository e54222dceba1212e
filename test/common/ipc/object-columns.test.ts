import { describe, expect, it } from 'vitest';
import { objectCount, objectEntries, objectEntryAt, toObjectColumns, type ObjectEntry } from '../../../common/ipc';

const entry = (key: string, storageClass = 'STANDARD', size = 1): ObjectEntry => ({
  key,
  name: key.slice(key.lastIndexOf('/', key.length - 2) + 1),
  size,
  lastModified: '2026-11-29T18:23:55.206Z',
  storageClass,
});

describe("a listing page's objects as columns", () => {
  it('hold every object of the page, in order, and give each back as it was', () => {
    const entries = [entry('photos/a.jpg', 'STANDARD', 10), entry('photos/b.jpg', 'GLACIER', 2 ** 40), entry('photos/c 😀.jpg', 'STANDARD', 0)];
    const columns = toObjectColumns('photos/', entries);

    expect(objectCount(columns)).toBe(3);
    expect(objectEntries(columns)).toEqual(entries);
    expect(objectEntryAt(columns, 1)).toEqual(entries[1]);
  });

  it('name each storage class once, however many objects are in it', () => {
    const columns = toObjectColumns('', [entry('a', 'STANDARD'), entry('b', 'GLACIER'), entry('c', 'STANDARD'), entry('d', 'GLACIER')]);

    expect(columns.storageClasses).toEqual(['STANDARD', 'GLACIER']);
    expect(columns.storageClassOf).toEqual([0, 1, 0, 1]);
  });

  it('survive a structured clone, as Electron sends them', () => {
    const columns = toObjectColumns('docs/', [entry('docs/x.txt'), entry('docs/y.txt', 'DEEP_ARCHIVE')]);

    expect(objectEntries(structuredClone(columns))).toEqual(objectEntries(columns));
  });

  it('refuse an object outside the folder listed', () => {
    expect(() => toObjectColumns('photos/', [entry('videos/a.mp4')])).toThrow(/not inside the folder photos\//);
  });

  it('an empty page is empty', () => {
    expect(objectEntries(toObjectColumns('x/', []))).toEqual([]);
  });
});
