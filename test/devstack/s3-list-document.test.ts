import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../devstack/aws/blob-store';
import { openAwsDatabase, type AwsDatabase } from '../../devstack/aws/database';
import { listObjectsV2 } from '../../devstack/aws/s3/bucket-handlers';
import type { S3Context } from '../../devstack/aws/s3/context';
import { ObjectStore, type NewObject } from '../../devstack/aws/s3/object-store';
import { parseXml } from '../../devstack/aws/s3/xml';

const BUCKET = 'listing-bucket';
const JANUARY = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function object(key: string, extra: Partial<NewObject> = {}): NewObject {
  return {
    bucket: BUCKET,
    key,
    size: 7,
    etag: '"5d41402abc4b2a76b9719d911017c592"',
    lastModified: JANUARY,
    contentType: 'text/plain',
    contentEncoding: null,
    storageClass: 'STANDARD',
    metadata: {},
    checksumAlgorithm: null,
    checksumValue: null,
    ...extra,
  };
}

/** ListObjectsV2 straight through its handler: the document it sends, as text. */
function listDocument(objects: ObjectStore, query: Record<string, string>): string {
  let sent = '';
  const res = {
    writeHead: () => undefined,
    end: (body: Buffer) => {
      sent = body.toString('utf8');
    },
  };
  const ctx = { route: { bucket: BUCKET, query: new Map(Object.entries(query)) }, objects, res } as unknown as S3Context;
  listObjectsV2(ctx);
  return sent;
}

/** The same document, read back (entities decoded). */
function list(objects: ObjectStore, query: Record<string, string>): Record<string, unknown> {
  return (parseXml(listDocument(objects, query)) as { ListBucketResult: Record<string, unknown> }).ListBucketResult;
}

function contentsOf(result: Record<string, unknown>): Array<Record<string, string>> {
  const contents = result.Contents;
  return (Array.isArray(contents) ? contents : [contents]) as Array<Record<string, string>>;
}

describe("the emulator's ListObjectsV2 document", () => {
  let dir: string;
  let db: AwsDatabase;
  let objects: ObjectStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's3-list-document-'));
    db = openAwsDatabase(dir);
    objects = new ObjectStore(db, new BlobStore(join(dir, 'blobs')));
    objects.createBucket(BUCKET, JANUARY);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every column of every row, escaped where XML needs it and nowhere else', () => {
    objects.pointMany('blob', [
      object('a & <b> "c" \'d\'\r.txt'),
      object('plain.txt', { lastModified: JANUARY + 1000, size: 12345678901 }),
      object('multipart.bin', { etag: '"9b2cf535f27731c974343645a3985328-3"', storageClass: 'GLACIER' }),
      object('odd-etag.bin', { etag: '"a&b"' }),
    ]);
    objects.point('blob', object('checked.txt', { checksumAlgorithm: 'crc32c', checksumValue: 'AAAAAA==' }));

    const rows = contentsOf(list(objects, {}));

    expect(rows.map((row) => row.Key)).toEqual(['a & <b> "c" \'d\'\r.txt', 'checked.txt', 'multipart.bin', 'odd-etag.bin', 'plain.txt']);
    expect(rows.map((row) => row.ETag)).toEqual([
      '"5d41402abc4b2a76b9719d911017c592"',
      '"5d41402abc4b2a76b9719d911017c592"',
      '"9b2cf535f27731c974343645a3985328-3"',
      '"a&b"',
      '"5d41402abc4b2a76b9719d911017c592"',
    ]);
    expect(rows.map((row) => row.LastModified)).toEqual([
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T03:04:05.678Z',
      '2026-01-02T03:04:06.678Z',
    ]);
    expect(rows.map((row) => row.Size)).toEqual(['7', '7', '7', '7', '12345678901']);
    expect(rows.map((row) => row.StorageClass)).toEqual(['STANDARD', 'STANDARD', 'GLACIER', 'STANDARD', 'STANDARD']);
    expect(rows[1]!.ChecksumAlgorithm).toBe('CRC32C');
    expect(rows.filter((row) => 'ChecksumAlgorithm' in row)).toHaveLength(1);

    const document = listDocument(objects, {});
    expect(document).toContain('<Key>a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;&#13;.txt</Key>');
    expect(document).toContain('<ETag>&quot;a&amp;b&quot;</ETag>');
    expect(document).toContain('<Size>12345678901</Size>');
  });

  it('rolls keys under the delimiter into common prefixes, after a prefix, with or without url encoding', () => {
    objects.pointMany('blob', [object('docs/a.txt'), object('docs/sub/b.txt'), object('docs/sub/c.txt'), object('docs/z z.txt'), object('other.txt')]);

    const plain = list(objects, { prefix: 'docs/', delimiter: '/' });
    expect(contentsOf(plain).map((row) => row.Key)).toEqual(['docs/a.txt', 'docs/z z.txt']);
    expect(plain.CommonPrefixes).toEqual({ Prefix: 'docs/sub/' });
    expect(plain.KeyCount).toBe('3');

    const encoded = list(objects, { prefix: 'docs/', delimiter: '/', 'encoding-type': 'url' });
    expect(contentsOf(encoded).map((row) => row.Key)).toEqual(['docs/a.txt', 'docs/z%20z.txt']);
  });
});
