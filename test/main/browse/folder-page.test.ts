import { describe, expect, it } from 'vitest';
import { objectEntries } from '../../../common/ipc';
import { folderPageCommand, toFolderPage } from '../../../main/browse/folder-page';

describe('toFolderPage', () => {
  it('folders by last segment, objects without the folder marker, ISO dates, token only when truncated', () => {
    const page = toFolderPage(
      { bucket: 'b', prefix: 'home/' },
      {
        $metadata: {},
        CommonPrefixes: [{ Prefix: 'home/docs/' }, { Prefix: 'home/photos 2026/' }],
        Contents: [
          { Key: 'home/', Size: 0, LastModified: new Date('2026-01-01T00:00:00Z') },
          { Key: 'home/a.txt', Size: 3, LastModified: new Date('2026-01-02T03:04:05Z'), StorageClass: 'GLACIER' },
          { Key: 'home/b.txt' },
        ],
        IsTruncated: true,
        NextContinuationToken: 'next',
      },
    );
    expect(page).toEqual({
      folders: [
        { prefix: 'home/docs/', name: 'docs' },
        { prefix: 'home/photos 2026/', name: 'photos 2026' },
      ],
      objects: {
        prefix: 'home/',
        names: ['a.txt', 'b.txt'],
        sizes: [3, 0],
        lastModified: ['2026-01-02T03:04:05.000Z', '1970-01-01T00:00:00.000Z'],
        storageClassOf: [0, 1],
        storageClasses: ['GLACIER', 'STANDARD'],
      },
      nextContinuationToken: 'next',
    });
    expect(objectEntries(page.objects)).toEqual([
      { key: 'home/a.txt', name: 'a.txt', size: 3, lastModified: '2026-01-02T03:04:05.000Z', storageClass: 'GLACIER' },
      { key: 'home/b.txt', name: 'b.txt', size: 0, lastModified: '1970-01-01T00:00:00.000Z', storageClass: 'STANDARD' },
    ]);
    expect(toFolderPage({ bucket: 'b', prefix: '' }, { $metadata: {}, IsTruncated: false, NextContinuationToken: 'stale' }).nextContinuationToken).toBeNull();
  });

  it("passes S3's own date text on as it is, and writes any other form of it in ISO 8601 with milliseconds", () => {
    const listed = (key: string, lastModifiedText: string) => ({ Key: key, lastModifiedText, LastModified: new Date(lastModifiedText) });
    const page = toFolderPage(
      { bucket: 'b', prefix: '' },
      {
        $metadata: {},
        Contents: [listed('s3.txt', '2026-11-29T18:23:55.206Z'), listed('no-millis.txt', '2026-01-02T03:04:05Z'), listed('offset.txt', '2026-01-02T05:04:05.5+02:00')],
      },
    );
    expect(page.objects.lastModified).toEqual(['2026-11-29T18:23:55.206Z', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.500Z']);
  });
});

describe('folderPageCommand', () => {
  it('lists one folder with the delimiter, 1000 keys a page, from a continuation token', () => {
    expect(folderPageCommand({ bucket: 'b', prefix: 'home/' }, 'next').input).toEqual({
      Bucket: 'b',
      Prefix: 'home/',
      Delimiter: '/',
      MaxKeys: 1000,
      ContinuationToken: 'next',
    });
  });

  it('the bucket root is listed without a Prefix', () => {
    expect(folderPageCommand({ bucket: 'b', prefix: '' }).input.Prefix).toBeUndefined();
  });
});
