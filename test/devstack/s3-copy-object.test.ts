import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GIB } from '../../devstack/aws/s3/context';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { md5Etag, putDirect } from './direct-objects';
import { rejectionOf } from './rejection';

const COPY_TO_ITSELF =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

describe('CopyObject', () => {
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  /** x-amz-copy-source for a key in the private bucket, URL-encoded as S3 wants it. */
  const from = (key: string) => `private/${encodeURIComponent(key)}`;
  const put = (key: string, body: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: body, ...extra }));
  const head = (key: string) => s3.send(new HeadObjectCommand({ Bucket: 'private', Key: key }));
  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }))).Body!.transformToString();

  beforeAll(async () => {
    fx = await startEmulatorFixture();
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  describe('metadata directives', () => {
    it('COPY (the default) keeps the source’s user metadata, Content-Type and Content-Encoding; the ETag is the source’s', async () => {
      const source = `${home}directive/source.json`;
      const put1 = await put(source, '{"a":1}', { ContentType: 'application/json', ContentEncoding: 'identity', Metadata: { owner: 'alice', project: 'x' } });
      for (const MetadataDirective of [undefined, 'COPY'] as const) {
        const target = `${home}directive/copy-${MetadataDirective ?? 'default'}.json`;
        const copied = await s3.send(
          new CopyObjectCommand({ Bucket: 'private', Key: target, CopySource: from(source), MetadataDirective, ContentType: 'text/plain', Metadata: { ignored: 'yes' } }),
        );
        expect(copied.CopyObjectResult?.ETag).toBe(put1.ETag);
        expect(copied.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
        expect(await head(target)).toMatchObject({
          ContentType: 'application/json',
          ContentEncoding: 'identity',
          Metadata: { owner: 'alice', project: 'x' },
          ETag: put1.ETag,
        });
        expect(await read(target)).toBe('{"a":1}');
      }
    });

    it('REPLACE takes the request’s metadata and Content-Type instead', async () => {
      const source = `${home}directive/replace-source.txt`;
      await put(source, 'hello', { ContentType: 'text/plain', Metadata: { owner: 'alice' } });
      const target = `${home}directive/replaced.md`;
      await s3.send(
        new CopyObjectCommand({ Bucket: 'private', Key: target, CopySource: from(source), MetadataDirective: 'REPLACE', ContentType: 'text/markdown', Metadata: { reviewed: 'true' } }),
      );
      const replaced = await head(target);
      expect(replaced).toMatchObject({ ContentType: 'text/markdown', Metadata: { reviewed: 'true' } });
      expect(replaced.Metadata).not.toHaveProperty('owner');
      expect(await read(target)).toBe('hello');
    });

    it('refuses a directive that is neither COPY nor REPLACE: InvalidArgument', async () => {
      const source = `${home}directive/odd.txt`;
      await put(source, 'x');
      const copy = new CopyObjectCommand({ Bucket: 'private', Key: `${home}directive/odd-copy.txt`, CopySource: from(source), MetadataDirective: 'MERGE' as never });
      expect(await rejectionOf(s3.send(copy))).toMatchObject({ name: 'InvalidArgument', status: 400, message: 'Unknown metadata directive.' });
    });
  });

  describe('onto itself', () => {
    it('is illegal without a change (COPY, or the same storage class): InvalidRequest', async () => {
      const key = `${home}self/same.txt`;
      await put(key, 'same', { Metadata: { v: '1' } });
      for (const input of [{}, { MetadataDirective: 'COPY' as const }, { StorageClass: 'STANDARD' as const }]) {
        const rejection = await rejectionOf(s3.send(new CopyObjectCommand({ Bucket: 'private', Key: key, CopySource: from(key), ...input })));
        expect(rejection).toEqual({ name: 'InvalidRequest', status: 400, message: COPY_TO_ITSELF });
      }
    });

    it('is how metadata and storage class change in place: REPLACE, or another storage class', async () => {
      const key = `${home}self/changed.txt`;
      await put(key, 'in place', { Metadata: { v: '1' } });
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: key, CopySource: from(key), MetadataDirective: 'REPLACE', ContentType: 'text/plain', Metadata: { v: '2' } }));
      expect((await head(key)).Metadata).toEqual({ v: '2' });
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: key, CopySource: from(key), StorageClass: 'STANDARD_IA' }));
      expect(await head(key)).toMatchObject({ StorageClass: 'STANDARD_IA', Metadata: { v: '2' } });
      expect(await read(key)).toBe('in place');
    });
  });

  describe('storage class', () => {
    it('is the request’s, STANDARD when none is given (a copy is a new object), whatever the source’s', async () => {
      const source = `${home}class/infrequent.txt`;
      await put(source, 'ia', { StorageClass: 'STANDARD_IA' });
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}class/default.txt`, CopySource: from(source) }));
      expect((await head(`${home}class/default.txt`)).StorageClass).toBeUndefined();
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}class/glacier.txt`, CopySource: from(source), StorageClass: 'GLACIER' }));
      expect((await head(`${home}class/glacier.txt`)).StorageClass).toBe('GLACIER');
      expect(await rejectionOf(s3.send(new GetObjectCommand({ Bucket: 'private', Key: `${home}class/glacier.txt` })))).toMatchObject({
        name: 'InvalidObjectState',
        status: 403,
      });
      const bad = new CopyObjectCommand({ Bucket: 'private', Key: `${home}class/bad.txt`, CopySource: from(source), StorageClass: 'COLD' as never });
      expect(await rejectionOf(s3.send(bad))).toMatchObject({ name: 'InvalidStorageClass', status: 400 });
    });

    it('an archived source that is not restored cannot be copied: InvalidObjectState', async () => {
      for (const storageClass of ['GLACIER', 'DEEP_ARCHIVE']) {
        const key = `${home}class/archived-${storageClass}.tar`;
        await putDirect(fx.emulator, { bucket: 'private', key, body: 'cold', storageClass });
        const rejection = await rejectionOf(s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}class/thawed.tar`, CopySource: from(key) })));
        expect(rejection).toEqual({ name: 'InvalidObjectState', status: 403, message: "Operation is not valid for the source object's storage class" });
      }
    });
  });

  describe('x-amz-copy-source', () => {
    it.each(['with spaces.txt', 'naïve café 🎉.txt', 'a+b=c.txt', '100% done.txt', '#hash.txt', 'question?.txt', '../up.txt'])(
      'names the key %j URL-encoded, with or without a leading slash',
      async (name) => {
        const key = `${home}source/${name}`;
        await put(key, name);
        await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}source-copies/${name}`, CopySource: from(key) }));
        await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}source-copies/slash-${name}`, CopySource: `/${from(key)}` }));
        expect(await read(`${home}source-copies/${name}`)).toBe(name);
        expect(await read(`${home}source-copies/slash-${name}`)).toBe(name);
      },
    );

    it('takes ?versionId=null (the one version of an unversioned object); another version is not emulated', async () => {
      const key = `${home}source/versioned.txt`;
      await put(key, 'v');
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}source/null-version.txt`, CopySource: `${from(key)}?versionId=null` }));
      expect(await read(`${home}source/null-version.txt`)).toBe('v');
      const other = new CopyObjectCommand({ Bucket: 'private', Key: `${home}source/other-version.txt`, CopySource: `${from(key)}?versionId=3HL4kqtJlcpXroDTDmJ` });
      expect(await rejectionOf(s3.send(other))).toMatchObject({ name: 'NotImplemented', status: 501 });
    });

    it('must name a bucket and a key: InvalidArgument', async () => {
      for (const CopySource of ['private', 'private/', '/private', `${encodeURIComponent('%')}E0%A4%A`]) {
        const copy = new CopyObjectCommand({ Bucket: 'private', Key: `${home}source/nothing.txt`, CopySource });
        expect(await rejectionOf(s3.send(copy))).toMatchObject({ name: 'InvalidArgument', status: 400 });
      }
    });

    it('a missing source: NoSuchKey where the caller may list, AccessDenied where it may not even read', async () => {
      const missing = new CopyObjectCommand({ Bucket: 'private', Key: `${home}source/copy.txt`, CopySource: from(`${home}source/missing.txt`) });
      expect(await rejectionOf(s3.send(missing))).toMatchObject({ name: 'NoSuchKey', status: 404 });
      const elsewhere = new CopyObjectCommand({ Bucket: 'private', Key: `${home}source/copy.txt`, CopySource: from('someone-else/missing.txt') });
      expect(await rejectionOf(s3.send(elsewhere))).toMatchObject({ name: 'AccessDenied', status: 403 });
    });
  });

  describe('x-amz-copy-source-if-*', () => {
    it('copies only when the conditions hold, and answers 412 PreconditionFailed (never 304) when not', async () => {
      const source = `${home}conditional/source.txt`;
      const { ETag } = await put(source, 'conditional');
      const target = `${home}conditional/target.txt`;
      const copy = (conditions: Partial<ConstructorParameters<typeof CopyObjectCommand>[0]>) =>
        s3.send(new CopyObjectCommand({ Bucket: 'private', Key: target, CopySource: from(source), ...conditions }));
      const past = new Date(Date.now() - 86_400_000);
      const future = new Date(Date.now() + 86_400_000);

      await copy({ CopySourceIfMatch: ETag });
      await copy({ CopySourceIfNoneMatch: '"something-else"' });
      await copy({ CopySourceIfModifiedSince: past });
      await copy({ CopySourceIfUnmodifiedSince: future });
      // If-Match decides over If-Unmodified-Since, as S3 documents.
      await copy({ CopySourceIfMatch: ETag, CopySourceIfUnmodifiedSince: past });

      for (const failing of [
        { CopySourceIfMatch: '"something-else"' },
        { CopySourceIfNoneMatch: ETag },
        { CopySourceIfModifiedSince: future },
        { CopySourceIfUnmodifiedSince: past },
        { CopySourceIfNoneMatch: ETag, CopySourceIfModifiedSince: past },
      ]) {
        expect(await rejectionOf(copy(failing))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
      }
    });
  });

  describe('size', () => {
    it('copies a source of exactly 5 GiB, and refuses a larger one: InvalidRequest', async () => {
      const atLimit = `${home}size/five-gib.bin`;
      const over = `${home}size/five-gib-and-a-byte.bin`;
      // The store lets an object claim a size its blob does not have; a copy shares the blob and never reads it.
      await putDirect(fx.emulator, { bucket: 'private', key: atLimit, body: 'stand-in', size: 5 * GIB });
      await putDirect(fx.emulator, { bucket: 'private', key: over, body: 'stand-in', size: 5 * GIB + 1 });
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}size/copy.bin`, CopySource: from(atLimit) }));
      expect((await head(`${home}size/copy.bin`)).ContentLength).toBe(5 * GIB);
      expect(await rejectionOf(s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}size/copy.bin`, CopySource: from(over) })))).toEqual({
        name: 'InvalidRequest',
        status: 400,
        message: 'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
      });
    });
  });

  it('gives a copy of a multipart object the MD5 of its bytes as its ETag, as S3 does', async () => {
    const key = `${home}multipart/source.bin`;
    const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('tail')];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'private', Key: key }));
    const etags = [];
    for (const [index, Body] of parts.entries()) {
      etags.push((await s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: index + 1, Body }))).ETag);
    }
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
    );
    expect(completed.ETag).toMatch(/-2"$/);
    const copied = await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}multipart/copy.bin`, CopySource: from(key) }));
    expect(copied.CopyObjectResult?.ETag).toBe(md5Etag(Buffer.concat(parts)));
  });

  describe('the policy', () => {
    it('needs s3:GetObject on the source and s3:PutObject on the destination: AccessDenied otherwise', async () => {
      const mine = `${home}policy/mine.txt`;
      await put(mine, 'mine');
      await putDirect(fx.emulator, { bucket: 'shared', key: 'secret/plans.txt', body: 'secret' });
      await putDirect(fx.emulator, { bucket: 'shared', key: 'public/readme.txt', body: 'public' });
      await putDirect(fx.emulator, { bucket: 'private', key: 'someone-else/theirs.txt', body: 'theirs' });

      // Readable source, writable destination.
      await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}policy/readme.txt`, CopySource: 'shared/public/readme.txt' }));
      expect(await read(`${home}policy/readme.txt`)).toBe('public');

      for (const [Bucket, Key, CopySource] of [
        ['shared', 'public/mine.txt', from(mine)], // the destination is read-only
        ['private', 'someone-else/mine.txt', from(mine)], // someone else's home
        ['private', `${home}policy/secret.txt`, 'shared/secret/plans.txt'], // an explicit Deny on the source
        ['private', `${home}policy/theirs.txt`, from('someone-else/theirs.txt')], // a source outside the policy
      ] as const) {
        expect(await rejectionOf(s3.send(new CopyObjectCommand({ Bucket, Key, CopySource })))).toMatchObject({ name: 'AccessDenied', status: 403 });
      }
      expect(await rejectionOf(head(`${home}policy/secret.txt`))).toMatchObject({ status: 404 });
    });
  });
});
