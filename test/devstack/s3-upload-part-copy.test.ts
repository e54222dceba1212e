import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Crc32 } from '@aws-sdk/checksums/crc';
import { randomBytes } from 'node:crypto';
import { GIB, MIB } from '../../devstack/aws/s3/context';
import { parseCopySourceRange } from '../../devstack/aws/s3/upload-part-copy';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { md5Etag, putDirect } from './direct-objects';
import { rejectionOf } from './rejection';

const RANGE_FORM =
  'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

describe('x-amz-copy-source-range', () => {
  it('is exactly bytes=first-last, inclusive, inside the source', () => {
    expect(parseCopySourceRange(undefined, 10)).toBeUndefined();
    expect(parseCopySourceRange('bytes=0-9', 10)).toEqual({ start: 0, end: 9 });
    expect(parseCopySourceRange('bytes=4-4', 10)).toEqual({ start: 4, end: 4 });
    for (const malformed of ['bytes=5-2', 'bytes=0-', 'bytes=-3', 'bytes=0-1,3-4', 'items=0-1', ' bytes=0-1', '']) {
      expect(() => parseCopySourceRange(malformed, 10), malformed).toThrow(RANGE_FORM);
    }
    expect(() => parseCopySourceRange('bytes=0-10', 10)).toThrow('Range specified is not valid for source object of size: 10');
    expect(() => parseCopySourceRange('bytes=0-0', 0)).toThrow('Range specified is not valid for source object of size: 0');
  });
});

describe('UploadPartCopy', () => {
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  const from = (key: string) => `private/${encodeURIComponent(key)}`;
  const createUpload = async (key: string, extra: Partial<ConstructorParameters<typeof CreateMultipartUploadCommand>[0]> = {}) =>
    (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'private', Key: key, ...extra }))).UploadId!;

  beforeAll(async () => {
    fx = await startEmulatorFixture();
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  it('copies ranges of objects into parts that complete like uploaded ones', async () => {
    const source = randomBytes(6 * MIB);
    const small = Buffer.from('the small one');
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/big.bin`, Body: source }));
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/small.txt`, Body: small }));
    const key = `${home}part-copy/assembled.bin`;
    const UploadId = await createUpload(key);

    // 1: the first 5 MiB of the big object; 2: uploaded bytes; 3: all of the big one; 4: its last MiB; 5: all of the small one.
    const big = from(`${home}part-copy/big.bin`);
    const copyPart = (PartNumber: number, CopySource: string, CopySourceRange?: string) =>
      s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber, CopySource, CopySourceRange }));
    const first = await copyPart(1, big, `bytes=0-${5 * MIB - 1}`);
    const uploaded = Buffer.alloc(5 * MIB, 7);
    const second = await s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 2, Body: uploaded }));
    const third = await copyPart(3, big);
    const fourth = await copyPart(4, big, `bytes=${5 * MIB}-${6 * MIB - 1}`);
    const fifth = await copyPart(5, from(`${home}part-copy/small.txt`));

    expect(first.CopyPartResult?.ETag).toBe(md5Etag(source.subarray(0, 5 * MIB)));
    expect(first.CopyPartResult?.LastModified).toBeInstanceOf(Date);
    expect(third.CopyPartResult?.ETag).toBe(md5Etag(source));
    expect(fourth.CopyPartResult?.ETag).toBe(md5Etag(source.subarray(5 * MIB)));
    expect(fifth.CopyPartResult?.ETag).toBe(md5Etag(small));
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'private', Key: key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 5 * MIB],
      [2, 5 * MIB],
      [3, 6 * MIB],
      [4, MIB],
      [5, small.length],
    ]);

    const etags = [first.CopyPartResult?.ETag, second.ETag, third.CopyPartResult?.ETag, fourth.CopyPartResult?.ETag, fifth.CopyPartResult?.ETag];
    // A copied part is held to the 5 MiB minimum like any other: part 4 (1 MiB) is fine only as the last.
    const withSmallMiddle = { Parts: [1, 4, 5].map((n) => ({ ETag: etags[n - 1], PartNumber: n })) };
    expect(await rejectionOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId, MultipartUpload: withSmallMiddle })))).toMatchObject({
      name: 'EntityTooSmall',
    });
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'private',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [1, 2, 3, 5].map((n) => ({ ETag: etags[n - 1], PartNumber: n })) },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.equals(Buffer.concat([source.subarray(0, 5 * MIB), uploaded, source, small]))).toBe(true);
  });

  it('computes the upload’s checksum for a copied part, for CompleteMultipartUpload to check', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/crc-source.txt`, Body: '0123456789' }));
    const key = `${home}part-copy/crc.txt`;
    const UploadId = await createUpload(key, { ChecksumAlgorithm: 'CRC32' });
    const copied = await s3.send(
      new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, CopySource: from(`${home}part-copy/crc-source.txt`), CopySourceRange: 'bytes=2-5' }),
    );
    const crc = new Crc32();
    crc.update(Buffer.from('2345'));
    const expected = Buffer.from(await crc.digest()).toString('base64');
    expect(copied.CopyPartResult?.ChecksumCRC32).toBe(expected);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'private',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: copied.CopyPartResult?.ETag, ChecksumCRC32: expected }] },
      }),
    );
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }))).Body!.transformToString()).toBe('2345');
  });

  it('answers InvalidArgument for a range that is malformed or outside the source', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/ten.txt`, Body: '0123456789' }));
    const key = `${home}part-copy/ranges.txt`;
    const UploadId = await createUpload(key);
    const copy = (CopySourceRange: string) =>
      s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, CopySource: from(`${home}part-copy/ten.txt`), CopySourceRange }));
    for (const malformed of ['bytes=5-2', 'bytes=0-', 'bytes=-3', 'items=0-1']) {
      expect(await rejectionOf(copy(malformed))).toEqual({ name: 'InvalidArgument', status: 400, message: RANGE_FORM });
    }
    expect(await rejectionOf(copy('bytes=0-10'))).toEqual({
      name: 'InvalidArgument',
      status: 400,
      message: 'Range specified is not valid for source object of size: 10',
    });
  });

  it('copies a source over 5 GiB only by ranges: InvalidRequest without one', async () => {
    const huge = `${home}part-copy/huge.bin`;
    // The object claims 6 GiB while its blob holds a few bytes: enough for a range at its start.
    await putDirect(fx.emulator, { bucket: 'private', key: huge, body: 'the start of something big', size: 6 * GIB });
    const key = `${home}part-copy/from-huge.bin`;
    const UploadId = await createUpload(key);
    const whole = new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, CopySource: from(huge) });
    expect(await rejectionOf(s3.send(whole))).toEqual({
      name: 'InvalidRequest',
      status: 400,
      message: 'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
    });
    const ranged = await s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, CopySource: from(huge), CopySourceRange: 'bytes=0-8' }));
    expect(ranged.CopyPartResult?.ETag).toBe(md5Etag('the start'));
  });

  it('checks the source like CopyObject: conditions (412), an archived source (InvalidObjectState), a missing one (NoSuchKey)', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/conditional.txt`, Body: 'x' }));
    await putDirect(fx.emulator, { bucket: 'private', key: `${home}part-copy/archived.tar`, body: 'cold', storageClass: 'DEEP_ARCHIVE' });
    const key = `${home}part-copy/checked.txt`;
    const UploadId = await createUpload(key);
    const part = { Bucket: 'private', Key: key, UploadId, PartNumber: 1 };

    await s3.send(new UploadPartCopyCommand({ ...part, CopySource: from(`${home}part-copy/conditional.txt`), CopySourceIfMatch: ETag }));
    expect(
      await rejectionOf(s3.send(new UploadPartCopyCommand({ ...part, CopySource: from(`${home}part-copy/conditional.txt`), CopySourceIfNoneMatch: ETag }))),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(await rejectionOf(s3.send(new UploadPartCopyCommand({ ...part, CopySource: from(`${home}part-copy/archived.tar`) })))).toMatchObject({
      name: 'InvalidObjectState',
      status: 403,
    });
    expect(await rejectionOf(s3.send(new UploadPartCopyCommand({ ...part, CopySource: from(`${home}part-copy/missing.txt`) })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('needs an open upload and a valid part number', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/any.txt`, Body: 'x' }));
    const key = `${home}part-copy/no-upload.txt`;
    const CopySource = from(`${home}part-copy/any.txt`);
    expect(await rejectionOf(s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId: 'nope', PartNumber: 1, CopySource })))).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
    const UploadId = await createUpload(key);
    expect(await rejectionOf(s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 10001, CopySource })))).toMatchObject({
      name: 'InvalidArgument',
      status: 400,
    });
  });

  it('needs s3:GetObject on the source and s3:PutObject on the destination: AccessDenied otherwise', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${home}part-copy/mine.txt`, Body: 'mine' }));
    await putDirect(fx.emulator, { bucket: 'shared', key: 'secret/plans.txt', body: 'secret' });
    await putDirect(fx.emulator, { bucket: 'private', key: 'someone-else/theirs.txt', body: 'theirs' });
    const key = `${home}part-copy/denied.txt`;
    const UploadId = await createUpload(key);
    for (const CopySource of ['shared/secret/plans.txt', from('someone-else/theirs.txt')]) {
      expect(await rejectionOf(s3.send(new UploadPartCopyCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, CopySource })))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
    }
    // A destination outside the policy is refused before its upload is even looked up.
    const outside = new UploadPartCopyCommand({ Bucket: 'shared', Key: 'public/x.txt', UploadId, PartNumber: 1, CopySource: from(`${home}part-copy/mine.txt`) });
    expect(await rejectionOf(s3.send(outside))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});
