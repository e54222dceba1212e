import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { element, xmlDocument } from '../../../devstack/aws/s3/xml';
import { parseListBucketResult, UnreadableListingError } from '../../../main/browse/range-listing/list-bucket-result';

interface Listed {
  key: string;
  size: number;
  lastModified: string;
  etag: string;
  storageClass: string;
}

/** A ListBucketResult as S3 writes one (the emulator's own serialiser), with the parts the app skips. */
function listBucketResult(objects: Listed[], commonPrefixes: string[], next?: string): string {
  const contents = objects
    .map(
      (object) =>
        '<Contents>' +
        element('Key', object.key) +
        element('LastModified', object.lastModified) +
        element('ETag', object.etag) +
        element('ChecksumAlgorithm', 'CRC32') +
        element('ChecksumType', 'FULL_OBJECT') +
        element('Size', object.size) +
        '<Owner><ID>owner-id</ID><DisplayName>someone</DisplayName></Owner>' +
        element('StorageClass', object.storageClass) +
        '<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>' +
        '</Contents>',
    )
    .join('');
  const prefixes = commonPrefixes.map((prefix) => `<CommonPrefixes>${element('Prefix', prefix)}</CommonPrefixes>`).join('');
  return xmlDocument(
    'ListBucketResult',
    element('Name', 'desk-private') +
      element('Prefix', 'photos/') +
      element('KeyCount', objects.length + commonPrefixes.length) +
      element('MaxKeys', 1000) +
      element('Delimiter', '/') +
      element('IsTruncated', next !== undefined) +
      (next !== undefined ? element('NextContinuationToken', next) : '') +
      contents +
      prefixes,
  );
}

/** The SDK's own reading of a reply: the same bytes through S3Client with a handler that answers them. */
async function sdkReading(xml: string) {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'TEST-KEY-ID', secretAccessKey: 'test-secret' },
    requestHandler: { handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(xml)]) } }) },
  });
  try {
    const reply = await s3.send(new ListObjectsV2Command({ Bucket: 'desk-private' }));
    return {
      objects: (reply.Contents ?? []).map((object) => ({ Key: object.Key, Size: object.Size, LastModified: object.LastModified, ETag: object.ETag, StorageClass: object.StorageClass })),
      commonPrefixes: (reply.CommonPrefixes ?? []).map((common) => common.Prefix),
      isTruncated: reply.IsTruncated === true,
      nextContinuationToken: reply.NextContinuationToken,
    };
  } finally {
    s3.destroy();
  }
}

const ourReading = (xml: string) => {
  const page = parseListBucketResult(xml);
  return {
    objects: page.objects.map((object) => ({ Key: object.Key, Size: object.Size, LastModified: object.LastModified, ETag: object.ETag, StorageClass: object.StorageClass })),
    commonPrefixes: page.commonPrefixes,
    isTruncated: page.isTruncated,
    nextContinuationToken: page.nextContinuationToken,
  };
};

const photo = (key: string, size = 43): Listed => ({ key, size, lastModified: '2026-11-29T18:23:55.206Z', etag: '"5a432bf1ff7ece73ab73765f0ff22acd"', storageClass: 'STANDARD' });

/** Characters XML 1.0 can carry (escaped or not), from every plane; whitespace-only keys are kept for their own test. */
const xmlChar = fc.oneof(
  fc.constantFrom(...[...'&<>"\'\r\n\t ;#/%+=?']),
  fc.integer({ min: 0x20, max: 0xd7ff }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0xe000, max: 0xfffd }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);
const key = fc.string({ unit: xmlChar, minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== '');

describe('reading a ListObjectsV2 reply', () => {
  it('reads every object, common prefix and the continuation, skipping what the app does not show', () => {
    const xml = listBucketResult([photo('photos/a.jpg', 10), photo('photos/b.jpg', 0)], ['photos/2024/', 'photos/2025/'], 'token-1');
    const page = parseListBucketResult(xml);
    expect(page.objects.map((object) => [object.key, object.Size, object.StorageClass])).toEqual([
      ['photos/a.jpg', 10, 'STANDARD'],
      ['photos/b.jpg', 0, 'STANDARD'],
    ]);
    expect(page.objects[0]!.LastModified).toEqual(new Date('2026-11-29T18:23:55.206Z'));
    expect(page.objects[0]!.ETag).toBe('"5a432bf1ff7ece73ab73765f0ff22acd"');
    expect(page.commonPrefixes).toEqual(['photos/2024/', 'photos/2025/']);
    expect(page.isTruncated).toBe(true);
    expect(page.nextContinuationToken).toBe('token-1');
  });

  it('reads the last page: not truncated, no continuation', () => {
    const page = parseListBucketResult(listBucketResult([photo('x')], []));
    expect(page.isTruncated).toBe(false);
    expect(page.nextContinuationToken).toBeUndefined();
    expect(page.objects.map((object) => object.key)).toEqual(['x']);
  });

  it('decodes entities, character references and CDATA as XML does, and keeps keys that are only spaces', () => {
    const xml = xmlDocument(
      'ListBucketResult',
      '<IsTruncated>false</IsTruncated>' +
        '<Contents><Key>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#13;&#10; &#x1F600;</Key></Contents>' +
        '<Contents><Key><![CDATA[raw <tag> & more]]></Key></Contents>' +
        '<Contents><Key>   </Key></Contents>',
    );
    expect(parseListBucketResult(xml).objects.map((object) => object.key)).toEqual(['a & b <c> "d" \'e\' \r\n 😀', 'raw <tag> & more', '   ']);
  });

  it('reads what the SDK reads, for any keys and prefixes XML can carry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key, size: fc.nat(), storageClass: fc.constantFrom('STANDARD', 'GLACIER', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING') }), { maxLength: 12 }),
        fc.array(key, { maxLength: 6 }),
        fc.option(fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim() !== ''), { nil: undefined }),
        async (objects, prefixes, next) => {
          const xml = listBucketResult(
            objects.map((object) => ({ ...photo(object.key, object.size), storageClass: object.storageClass })),
            prefixes,
            next,
          );
          const expected = await sdkReading(xml);
          expect(ourReading(xml)).toEqual(expected);
          // The same document in a form S3 does not write (a comment first): read by the XML parser instead of the scan.
          expect(ourReading(xml.replace('<ListBucketResult', '<!-- another form --><ListBucketResult'))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads XML’s other forms too: attributes, comments, CDATA, self-closed and indented elements', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      '  <IsTruncated>false</IsTruncated>',
      '  <!-- a proxy was here -->',
      '  <Contents>',
      '    <Key><![CDATA[a <b> & c]]></Key>',
      '    <Size>7</Size>',
      '    <Owner id="x"><ID>someone</ID></Owner>',
      '  </Contents>',
      '  <Contents><Key>plain</Key><ChecksumType/></Contents>',
      '  <CommonPrefixes><Prefix>sub/</Prefix></CommonPrefixes>',
      '</ListBucketResult>',
    ].join('\n');
    const page = parseListBucketResult(xml);
    expect(page.objects.map((object) => [object.key, object.Size])).toEqual([
      ['a <b> & c', 7],
      ['plain', undefined],
    ]);
    expect(page.commonPrefixes).toEqual(['sub/']);
  });

  it('refuses a reply that is not a ListBucketResult, such as a proxy’s page answered with 200', () => {
    expect(() => parseListBucketResult('<html><body>Sign in to the hotel Wi-Fi</body></html>')).toThrow(UnreadableListingError);
    expect(() => parseListBucketResult('')).toThrow(UnreadableListingError);
    expect(() => parseListBucketResult('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>')).toThrow(/<Error> document/);
    expect(() => parseListBucketResult('<ListBucketResultOfSomethingElse></ListBucketResultOfSomethingElse>')).toThrow(UnreadableListingError);
  });

  it('refuses a reply cut short, rather than showing part of the page as all of it', () => {
    const xml = listBucketResult([photo('a'), photo('b')], []);
    for (const cut of [xml.indexOf('<Key>b'), xml.indexOf('<Key>b') + 3, xml.length - 2]) {
      expect(() => parseListBucketResult(xml.slice(0, cut))).toThrow(/ended before/);
      expect(() => parseListBucketResult(`<!-- another form -->${xml.slice(0, cut)}`)).toThrow(/ended before/);
    }
  });

  it('refuses an object without a key', () => {
    expect(() => parseListBucketResult(xmlDocument('ListBucketResult', '<Contents><Size>1</Size></Contents>'))).toThrow(/without its key/);
  });
});
