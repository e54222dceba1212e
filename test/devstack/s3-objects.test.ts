import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomBytes } from 'node:crypto';
import { REGION, startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { rejectionOf } from './rejection';

const s3Rejection = async (promise: Promise<unknown>): Promise<string> => (await rejectionOf(promise)).name;

describe('S3 objects', () => {
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  it.each([
    'with spaces and  double  spaces.txt',
    'unicode/日本語/naïve café 🎉.txt',
    'plus+sign.txt',
    'percent%20literal%.txt',
    'hash#fragment.txt',
    '../escape/../../etc/passwd',
    'double//slash',
    'question?mark&amp=1.txt',
  ])('stores and lists the key %j exactly as given', async (name) => {
    const key = `${home}weird/${name}`;
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: name }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }));
    expect(await got.Body!.transformToString()).toBe(name);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${home}weird/` }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(key);
  });

  it('serves byte ranges, and 416 InvalidRange past the end', async () => {
    const key = `${home}range.txt`;
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: '0123456789' }));
    const middle = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key, Range: 'bytes=2-5' }));
    expect(await middle.Body!.transformToString()).toBe('2345');
    expect(middle.ContentRange).toBe('bytes 2-5/10');
    const suffix = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key, Range: 'bytes=-3' }));
    expect(await suffix.Body!.transformToString()).toBe('789');
    expect(await s3Rejection(s3.send(new GetObjectCommand({ Bucket: 'private', Key: key, Range: 'bytes=10-' })))).toBe('InvalidRange');
  });

  it('returns metadata, ETag and content type on HEAD', async () => {
    const key = `${home}meta.json`;
    const body = '{"a":1}';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: body, ContentType: 'application/json', Metadata: { owner: 'demo' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'private', Key: key }));
    expect(head).toMatchObject({ ContentType: 'application/json', ContentLength: body.length, ETag: put.ETag, Metadata: { owner: 'demo' } });
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
  });

  it('rejects a body whose flexible checksum does not match: BadDigest', async () => {
    const wrong = Buffer.alloc(4).toString('base64');
    const name = await s3Rejection(s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}bad.txt`, Body: 'data', ChecksumCRC32: wrong })));
    expect(name).toBe('BadDigest');
    expect(await s3Rejection(s3.send(new HeadObjectCommand({ Bucket: 'private', Key: `${home}bad.txt` })))).toBe('NotFound');
  });

  it('uploads a multi-part object with lib-storage and reads it back', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const upload = new Upload({ client: s3, params: { Bucket: 'private', Key: `${home}big.bin`, Body: data }, partSize: 5 * 1024 * 1024, queueSize: 2 });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-3"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: `${home}big.bin` }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.length).toBe(data.length);
    expect(bytes.equals(data)).toBe(true);
  });

  it('refuses to complete with a non-final part under 5 MiB: EntityTooSmall', async () => {
    const key = `${home}small-parts.bin`;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'private', Key: key }));
    const parts = [];
    for (const PartNumber of [1, 2]) {
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber, Body: Buffer.alloc(1024) }));
      parts.push({ PartNumber, ETag });
    }
    const name = await s3Rejection(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId, MultipartUpload: { Parts: parts } })),
    );
    expect(name).toBe('EntityTooSmall');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId }));
  });

  it('aborting a multipart upload leaves no upload behind', async () => {
    const key = `${home}aborted.bin`;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'private', Key: key }));
    await s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024) }));
    const before = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'private', Prefix: home }));
    expect(before.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId }));
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'private', Prefix: home }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(await s3Rejection(s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 2, Body: 'x' })))).toBe('NoSuchUpload');
  });

  it('copies and deletes objects, one at a time and in batches', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}copy/source.txt`, Body: 'copy me' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}copy/target.txt`, CopySource: `private/${encodeURIComponent(`${home}copy/source.txt`)}` }));
    const copied = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: `${home}copy/target.txt` }));
    expect(await copied.Body!.transformToString()).toBe('copy me');

    await s3.send(new DeleteObjectCommand({ Bucket: 'private', Key: `${home}copy/source.txt` }));
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'private', Delete: { Objects: [{ Key: `${home}copy/target.txt` }, { Key: 'someone-else/file.txt' }] } }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual([`${home}copy/target.txt`]);
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([['someone-else/file.txt', 'AccessDenied']]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${home}copy/` }));
    expect(left.KeyCount).toBe(0);
  });

  it('does not reveal whether a bucket outside the policy exists: AccessDenied', async () => {
    expect(await s3Rejection(s3.send(new PutObjectCommand({ Bucket: 'nowhere', Key: `${home}x`, Body: 'x' })))).toBe('AccessDenied');
  });

  describe('listing', () => {
    beforeAll(() => {
      const now = Date.now();
      const blob = 'shared-blob';
      const keys = [];
      for (let i = 0; i < 2500; i++) keys.push(`${home}list/file-${String(i).padStart(5, '0')}.txt`);
      for (let i = 0; i < 30; i++) keys.push(`${home}list/sub-${String(i).padStart(2, '0')}/inner.txt`);
      fx.emulator.objects.pointMany(
        blob,
        keys.map((key) => ({ bucket: 'private', key, size: 1, etag: '"x"', lastModified: now, contentType: 'text/plain', contentEncoding: null, storageClass: 'STANDARD', metadata: {}, checksumAlgorithm: null, checksumValue: null })),
      );
    });

    it('pages 1,000 entries at a time with continuation tokens, folders rolled up', async () => {
      const seen: string[] = [];
      const folders: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${home}list/`, Delimiter: '/', ContinuationToken: token }));
        pages++;
        expect(page.KeyCount).toBeLessThanOrEqual(1000);
        seen.push(...(page.Contents ?? []).map((o) => o.Key!));
        folders.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
        token = page.NextContinuationToken;
        expect(page.IsTruncated).toBe(token !== undefined);
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(2500);
      expect(folders).toHaveLength(30);
      expect(new Set(seen).size).toBe(2500);
      expect([...seen].sort()).toEqual(seen);
    });

    it('honours start-after and max-keys', async () => {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'private', Prefix: `${home}list/`, StartAfter: `${home}list/file-00997.txt`, MaxKeys: 3 }),
      );
      expect(page.Contents?.map((o) => o.Key!.slice(home.length))).toEqual(['list/file-00998.txt', 'list/file-00999.txt', 'list/file-01000.txt']);
      expect(page.IsTruncated).toBe(true);
    });

    it('rejects a continuation token it did not issue', async () => {
      expect(await s3Rejection(s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${home}list/`, ContinuationToken: 'bogus' })))).toBe('InvalidArgument');
    });
  });

  describe('injected faults', () => {
    const once = () => new S3Client({ region: REGION, endpoint: fx.emulator.endpoint, forcePathStyle: true, credentials: s3.config.credentials, maxAttempts: 1 });

    it('answers 503 SlowDown and 500 InternalError when told to', async () => {
      fx.emulator.controls.faults.add({ operation: 'ListObjectsV2', kind: 'throttle', count: 1 });
      fx.emulator.controls.faults.add({ operation: 'GetObject', kind: 'error', count: 1 });
      expect(await s3Rejection(once().send(new ListObjectsV2Command({ Bucket: 'private', Prefix: home })))).toBe('SlowDown');
      expect(await s3Rejection(once().send(new GetObjectCommand({ Bucket: 'private', Key: `${home}range.txt` })))).toBe('InternalError');
      await expect(once().send(new ListObjectsV2Command({ Bucket: 'private', Prefix: home }))).resolves.toBeDefined();
    });

    it('lets the SDK retry through a dropped connection', async () => {
      fx.emulator.controls.faults.add({ operation: 'HeadObject', kind: 'drop', count: 1 });
      await expect(s3.send(new HeadObjectCommand({ Bucket: 'private', Key: `${home}range.txt` }))).resolves.toMatchObject({ ContentLength: 10 });
      expect(fx.emulator.controls.faults.list()).toEqual([]);
    });

    describe('a GetObject body cut short after some bytes', () => {
      const bytes = randomBytes(256 * 1024);
      const key = () => `${home}cut/body.bin`;
      beforeAll(async () => {
        await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key(), Body: bytes }));
      });
      /** Reads a body until it ends or breaks; answers what arrived and how it ended. */
      const drain = async (body: AsyncIterable<Uint8Array>) => {
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of body) chunks.push(Buffer.from(chunk));
          return { received: Buffer.concat(chunks), broke: false };
        } catch {
          return { received: Buffer.concat(chunks), broke: true };
        }
      };

      it('drop: the headers promise the whole object, exactly afterBytes of it arrive, then the connection closes', async () => {
        fx.emulator.controls.faults.add({ operation: 'GetObject', kind: 'drop', afterBytes: 100_000, count: 1 });
        const reply = await once().send(new GetObjectCommand({ Bucket: 'private', Key: key() }));
        expect(reply.ContentLength).toBe(bytes.length);
        const { received, broke } = await drain(reply.Body as AsyncIterable<Uint8Array>);
        expect(broke).toBe(true);
        expect(received.equals(bytes.subarray(0, 100_000))).toBe(true);
        // The rule was used up: the next GET is whole.
        const again = await once().send(new GetObjectCommand({ Bucket: 'private', Key: key() }));
        expect(Buffer.from(await again.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      });

      it('drop counts the bytes of a ranged answer from its own start', async () => {
        fx.emulator.controls.faults.add({ operation: 'GetObject', kind: 'drop', afterBytes: 1000, count: 1 });
        const reply = await once().send(new GetObjectCommand({ Bucket: 'private', Key: key(), Range: 'bytes=5000-' }));
        expect(reply.ContentRange).toBe(`bytes 5000-${bytes.length - 1}/${bytes.length}`);
        const { received, broke } = await drain(reply.Body as AsyncIterable<Uint8Array>);
        expect(broke).toBe(true);
        expect(received.equals(bytes.subarray(5000, 6000))).toBe(true);
      });

      it('hang: afterBytes arrive, then nothing more until the client gives up', async () => {
        fx.emulator.controls.faults.add({ operation: 'GetObject', kind: 'hang', afterBytes: 50_000, count: 1 });
        const reply = await once().send(new GetObjectCommand({ Bucket: 'private', Key: key() }));
        const body = reply.Body as NodeJS.ReadableStream & { destroy(): void };
        const received: Buffer[] = [];
        body.on('data', (chunk: Buffer) => received.push(chunk));
        await expect.poll(() => Buffer.concat(received).length).toBe(50_000);
        // Still open, still silent: a stalled socket, which only the client's own timeout can end.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(Buffer.concat(received).equals(bytes.subarray(0, 50_000))).toBe(true);
        body.destroy();
      });

      it('is refused where it cannot apply, and a hang must say when', () => {
        const add = (rule: object) => () => fx.emulator.controls.faults.add(rule as never);
        expect(add({ operation: 'HeadObject', kind: 'drop', afterBytes: 10 })).toThrow(/only GetObject/);
        expect(add({ operation: '*', kind: 'hang', afterBytes: 10 })).toThrow(/only GetObject/);
        expect(add({ operation: 'GetObject', kind: 'hang' })).toThrow(/hang faults need afterBytes/);
        expect(add({ operation: 'GetObject', kind: 'error', afterBytes: 10 })).toThrow(/only drop and hang/);
        expect(add({ operation: 'GetObject', kind: 'throttle', latencyMs: 10 })).toThrow(/only latency faults/);
        expect(fx.emulator.controls.faults.list()).toEqual([]);
      });
    });

    it('adds latency', async () => {
      fx.emulator.controls.faults.add({ operation: 'HeadObject', kind: 'latency', latencyMs: 300, count: 1 });
      const started = Date.now();
      await s3.send(new HeadObjectCommand({ Bucket: 'private', Key: `${home}range.txt` }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });
  });
});

describe('aws-chunked bodies, byte by byte', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
  });
  afterAll(() => fx.close());

  /** Sends a hand-built aws-chunked PUT, signed by the SDK's own signer via a presigned-style client call. */
  async function putChunked(body: string, trailerHeader: string): Promise<{ status: number; text: string }> {
    const { identityId, s3 } = await fx.signIn();
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Hash } = await import('@smithy/hash-node');
    const credentials = await s3.config.credentials();
    const signer = new SignatureV4({ service: 's3', region: REGION, credentials, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
    const url = new URL(`${fx.emulator.endpoint}/private/${encodeURIComponent(identityId)}/chunked.txt`);
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '5',
        'x-amz-trailer': trailerHeader,
      },
    });
    const response = await fetch(url, { method: 'PUT', headers: signed.headers as Record<string, string>, body });
    return { status: response.status, text: await response.text() };
  }

  it('stores the decoded bytes when the trailing checksum matches', async () => {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((await import('node:zlib')).crc32('hello'));
    const result = await putChunked(`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${crc.toString('base64')}\r\n\r\n`, 'x-amz-checksum-crc32');
    expect(result.status).toBe(200);
  });

  it('rejects a body that announces a trailer and does not send it', async () => {
    const result = await putChunked('5\r\nhello\r\n0\r\n\r\n', 'x-amz-checksum-crc32');
    expect(result.status).toBe(400);
    expect(result.text).toContain('did not carry it');
  });

  it('rejects a chunk longer than its declared size', async () => {
    const result = await putChunked('5\r\nhello world\r\n0\r\n\r\n', 'x-amz-checksum-crc32');
    expect(result.status).toBe(400);
    expect(result.text).toContain('IncompleteBody');
  });
});
