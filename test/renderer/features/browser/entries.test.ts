import { describe, expect, it } from 'vitest';
import { toObjectColumns, type ObjectEntry } from '../../../../common/ipc';
import { fileEntry, fileEntryAt, fileRowId } from '../../../../renderer/src/features/browser/entries';

const object = (key: string, name: string, storageClass = 'STANDARD'): ObjectEntry => ({ key, name, size: 42, lastModified: '2026-01-02T03:04:05.000Z', storageClass });

describe("a file's row", () => {
  it("made from a listing page's columns: its key is the folder's prefix and its name, and it is its own object entry", () => {
    const columns = toObjectColumns('photos/2026/', [object('photos/2026/a.jpg', 'a.jpg'), object('photos/2026/b.jpg', 'b.jpg', 'GLACIER')]);
    const row = fileEntryAt(columns, 1);

    expect(row.kind).toBe('file');
    expect(row.name).toBe('b.jpg');
    expect(row.id).toBe(fileRowId('photos/2026/b.jpg'));
    expect(row.search).toBe('b.jpg');
    expect(row.archived).toBe(true);
    const { key, name, size, lastModified, storageClass } = row.object;
    expect({ key, name, size, lastModified, storageClass }).toEqual({ key: 'photos/2026/b.jpg', name: 'b.jpg', size: 42, lastModified: '2026-01-02T03:04:05.000Z', storageClass: 'GLACIER' });
  });

  it('made from an object entry, keeps its key even when the key does not end in the name', () => {
    expect(fileEntry(object('docs/Report.PDF', 'Report.PDF')).object.key).toBe('docs/Report.PDF');
    expect(fileEntry(object('docs/odd', 'shown name')).object.key).toBe('docs/odd');
    expect(fileEntry(object('docs/odd', 'shown name')).name).toBe('shown name');
  });
});
