import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { PolicyDocument } from '../../devstack/aws/policy';
import { HOME_AND_SHARED_POLICY, REGION, startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { putDirect } from './direct-objects';

/** What S3 said when a call failed, with the extra fields of its error document that matter here. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; condition?: string; header?: string }> {
  try {
    await promise;
  } catch (error) {
    const { name, $metadata, Condition, Header } = error as Error & { $metadata?: { httpStatusCode?: number }; Condition?: string; Header?: string };
    return {
      name,
      status: $metadata?.httpStatusCode,
      ...(Condition === undefined ? {} : { condition: Condition }),
      ...(Header === undefined ? {} : { header: Header }),
    };
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

const PRECONDITION_FAILED = (condition: 'If-Match' | 'If-None-Match') => ({ name: 'PreconditionFailed', status: 412, condition });
const NO_SUCH_KEY = { name: 'NoSuchKey', status: 404 };
const NOT_IMPLEMENTED = (header: string) => ({ name: 'NotImplemented', status: 501, header });
const STALE = '"0123456789abcdef0123456789abcdef"';

describe('conditional writes and deletes', () => {
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  const put = (key: string, body: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: body, ...extra }));
  const del = (key: string, extra: Partial<ConstructorParameters<typeof DeleteObjectCommand>[0]> = {}) =>
    s3.send(new DeleteObjectCommand({ Bucket: 'private', Key: key, ...extra }));
  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }))).Body!.transformToString();
  const exists = async (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: 'private', Key: key })).then(
      () => true,
      (error: unknown) => {
        if ((error as Error).name === 'NotFound') return false;
        throw error;
      },
    );

  beforeAll(async () => {
    fx = await startEmulatorFixture();
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  describe('DeleteObject with If-Match', () => {
    it('deletes when the ETag is the current object’s, quoted (as the SDK returns it) or not', async () => {
      const quoted = `${home}delete/quoted.txt`;
      const { ETag } = await put(quoted, 'quoted');
      expect((await del(quoted, { IfMatch: ETag })).$metadata.httpStatusCode).toBe(204);
      expect(await exists(quoted)).toBe(false);

      const bare = `${home}delete/bare.txt`;
      const second = await put(bare, 'bare');
      await del(bare, { IfMatch: second.ETag!.replaceAll('"', '') });
      expect(await exists(bare)).toBe(false);
    });

    it('deletes any object with If-Match: *', async () => {
      const key = `${home}delete/star.txt`;
      await put(key, 'star');
      await del(key, { IfMatch: '*' });
      expect(await exists(key)).toBe(false);
    });

    it('answers 412 PreconditionFailed and keeps the object when its ETag is another (it changed since it was read)', async () => {
      const key = `${home}delete/changed.txt`;
      const { ETag: first } = await put(key, 'first');
      await put(key, 'second');
      expect(await failure(del(key, { IfMatch: first }))).toEqual(PRECONDITION_FAILED('If-Match'));
      expect(await failure(del(key, { IfMatch: STALE }))).toEqual(PRECONDITION_FAILED('If-Match'));
      expect(await read(key)).toBe('second');
    });

    it('answers 404 NoSuchKey when there is no object, for an ETag and for *; without If-Match it is 204 as ever', async () => {
      const key = `${home}delete/never-there.txt`;
      expect(await failure(del(key, { IfMatch: STALE }))).toEqual(NO_SUCH_KEY);
      expect(await failure(del(key, { IfMatch: '*' }))).toEqual(NO_SUCH_KEY);
      expect((await del(key)).$metadata.httpStatusCode).toBe(204);
    });

    it('refuses x-amz-if-match-size and x-amz-if-match-last-modified-time (directory buckets only): 501, and deletes nothing', async () => {
      const key = `${home}delete/sized.txt`;
      const { ETag } = await put(key, 'sized');
      expect(await failure(del(key, { IfMatchSize: 5 }))).toEqual(NOT_IMPLEMENTED('x-amz-if-match-size'));
      expect(await failure(del(key, { IfMatchLastModifiedTime: new Date() }))).toEqual(NOT_IMPLEMENTED('x-amz-if-match-last-modified-time'));
      expect(await failure(del(key, { IfMatch: ETag, IfMatchSize: 5, IfMatchLastModifiedTime: new Date() }))).toEqual(
        NOT_IMPLEMENTED('x-amz-if-match-last-modified-time'),
      );
      expect(await read(key)).toBe('sized');
    });

    it('is checked after the signature and the policy: a stale ETag on a key the caller may not delete is AccessDenied, not 412', async () => {
      await putDirect(fx.emulator, { bucket: 'private', key: 'someone-else/theirs.txt', body: 'theirs' });
      expect(await failure(s3.send(new DeleteObjectCommand({ Bucket: 'private', Key: 'someone-else/theirs.txt', IfMatch: STALE })))).toEqual({
        name: 'AccessDenied',
        status: 403,
      });
      const key = `${home}delete/signed.txt`;
      await put(key, 'signed');
      const stranger = new S3Client({
        region: REGION,
        endpoint: fx.emulator.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'ASIAUNKNOWNKEY000000', secretAccessKey: 'wrong', sessionToken: 'none' },
      });
      try {
        expect(await failure(stranger.send(new DeleteObjectCommand({ Bucket: 'private', Key: key, IfMatch: STALE })))).toEqual({
          name: 'InvalidAccessKeyId',
          status: 403,
        });
      } finally {
        stranger.destroy();
      }
      expect(await read(key)).toBe('signed');
    });
  });

  describe('PutObject', () => {
    it('with If-None-Match: * creates a key no object has, and answers 412 when one has it', async () => {
      const key = `${home}put/create-only.txt`;
      await put(key, 'first', { IfNoneMatch: '*' });
      expect(await failure(put(key, 'second', { IfNoneMatch: '*' }))).toEqual(PRECONDITION_FAILED('If-None-Match'));
      expect(await read(key)).toBe('first');
    });

    it('with If-None-Match: *, of two writers racing for one key exactly one wins', async () => {
      const key = `${home}put/race.txt`;
      const results = await Promise.allSettled(['a', 'b'].map((body) => put(key, body.repeat(64 * 1024), { IfNoneMatch: '*' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(await failure(Promise.reject(lost!.reason))).toEqual(PRECONDITION_FAILED('If-None-Match'));
    });

    it('with If-Match overwrites only the object with that ETag: 412 for another, 404 NoSuchKey when there is none', async () => {
      const key = `${home}put/compare-and-swap.txt`;
      const { ETag: first } = await put(key, 'v1');
      const { ETag: second } = await put(key, 'v2', { IfMatch: first });
      expect(await read(key)).toBe('v2');
      expect(await failure(put(key, 'v3', { IfMatch: first }))).toEqual(PRECONDITION_FAILED('If-Match'));
      expect(await read(key)).toBe('v2');
      await put(key, 'v3', { IfMatch: second!.replaceAll('"', '') });
      expect(await read(key)).toBe('v3');

      const missing = `${home}put/not-there.txt`;
      expect(await failure(put(missing, 'v1', { IfMatch: first }))).toEqual(NO_SUCH_KEY);
      expect(await exists(missing)).toBe(false);
    });

    it('refuses what S3 refuses: If-None-Match other than *, If-Match: *, both at once (501 NotImplemented)', async () => {
      const key = `${home}put/refused.txt`;
      const { ETag } = await put(key, 'kept');
      expect(await failure(put(key, 'x', { IfNoneMatch: ETag }))).toEqual(NOT_IMPLEMENTED('If-None-Match'));
      expect(await failure(put(key, 'x', { IfMatch: '*' }))).toEqual(NOT_IMPLEMENTED('If-Match'));
      expect(await failure(put(key, 'x', { IfMatch: ETag, IfNoneMatch: '*' }))).toEqual(NOT_IMPLEMENTED('If-Match,If-None-Match'));
      expect(await read(key)).toBe('kept');
    });
  });

  describe('CopyObject (conditions on the destination)', () => {
    const from = (key: string) => `private/${encodeURIComponent(key)}`;
    const copy = (source: string, target: string, extra: Partial<ConstructorParameters<typeof CopyObjectCommand>[0]> = {}) =>
      s3.send(new CopyObjectCommand({ Bucket: 'private', Key: target, CopySource: from(source), ...extra }));

    it('with If-None-Match: * copies onto a free key only: 412 when the destination exists', async () => {
      const source = `${home}copy/source.txt`;
      await put(source, 'source');
      const target = `${home}copy/target.txt`;
      await copy(source, target, { IfNoneMatch: '*' });
      expect(await read(target)).toBe('source');
      await put(target, 'changed since');
      expect(await failure(copy(source, target, { IfNoneMatch: '*' }))).toEqual(PRECONDITION_FAILED('If-None-Match'));
      expect(await read(target)).toBe('changed since');
      // Onto itself the destination exists too: the condition answers before the copy is judged illegal.
      expect(await failure(copy(source, source, { IfNoneMatch: '*' }))).toEqual(PRECONDITION_FAILED('If-None-Match'));
    });

    it('with If-Match replaces only the destination with that ETag: 412 for another, 404 NoSuchKey when there is none', async () => {
      const source = `${home}copy/cas-source.txt`;
      await put(source, 'new bytes');
      const target = `${home}copy/cas-target.txt`;
      const { ETag } = await put(target, 'old bytes');
      expect(await failure(copy(source, target, { IfMatch: STALE }))).toEqual(PRECONDITION_FAILED('If-Match'));
      expect(await read(target)).toBe('old bytes');
      await copy(source, target, { IfMatch: ETag });
      expect(await read(target)).toBe('new bytes');
      expect(await failure(copy(source, `${home}copy/absent.txt`, { IfMatch: ETag }))).toEqual(NO_SUCH_KEY);
      expect(await exists(`${home}copy/absent.txt`)).toBe(false);
    });

    it('keeps the source conditions apart: x-amz-copy-source-if-match is the source’s, If-None-Match the destination’s', async () => {
      const source = `${home}copy/both-source.txt`;
      const { ETag } = await put(source, 'both');
      const target = `${home}copy/both-target.txt`;
      await copy(source, target, { CopySourceIfMatch: ETag, IfNoneMatch: '*' });
      expect(await failure(copy(source, target, { CopySourceIfMatch: ETag, IfNoneMatch: '*' }))).toEqual(PRECONDITION_FAILED('If-None-Match'));
      expect(await failure(copy(source, `${home}copy/other.txt`, { IfNoneMatch: ETag }))).toEqual(NOT_IMPLEMENTED('If-None-Match'));
    });
  });

  describe('CompleteMultipartUpload', () => {
    async function upload(key: string, body: string): Promise<{ complete: (extra?: Partial<ConstructorParameters<typeof CompleteMultipartUploadCommand>[0]>) => Promise<unknown>; uploadId: string }> {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'private', Key: key }));
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'private', Key: key, UploadId, PartNumber: 1, Body: body }));
      return {
        uploadId: UploadId!,
        complete: (extra = {}) =>
          s3.send(new CompleteMultipartUploadCommand({ Bucket: 'private', Key: key, UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] }, ...extra })),
      };
    }

    it('with If-None-Match: * completes onto a free key; when the key was written meanwhile it answers 412 and the upload stays open', async () => {
      const free = `${home}multipart/free.bin`;
      await (await upload(free, 'free')).complete({ IfNoneMatch: '*' });
      expect(await read(free)).toBe('free');

      const taken = `${home}multipart/taken.bin`;
      const pending = await upload(taken, 'mine');
      await put(taken, 'someone else’s');
      expect(await failure(pending.complete({ IfNoneMatch: '*' }))).toEqual(PRECONDITION_FAILED('If-None-Match'));
      expect(await read(taken)).toBe('someone else’s');
      const parts = await s3.send(new ListPartsCommand({ Bucket: 'private', Key: taken, UploadId: pending.uploadId }));
      expect(parts.Parts).toHaveLength(1);
    });

    it('with If-Match completes over the object with that ETag only: 412 for another, 404 NoSuchKey when there is none', async () => {
      const key = `${home}multipart/cas.bin`;
      const { ETag } = await put(key, 'old');
      const pending = await upload(key, 'new');
      expect(await failure(pending.complete({ IfMatch: STALE }))).toEqual(PRECONDITION_FAILED('If-Match'));
      expect(await read(key)).toBe('old');
      await pending.complete({ IfMatch: ETag });
      expect(await read(key)).toBe('new');

      const absent = `${home}multipart/absent.bin`;
      expect(await failure((await upload(absent, 'x')).complete({ IfMatch: ETag }))).toEqual(NO_SUCH_KEY);
      expect(await exists(absent)).toBe(false);
    });
  });

  it('DeleteObjects with a per-key condition is refused (not emulated) rather than deleting what the condition protects', async () => {
    const key = `${home}batch/guarded.txt`;
    await put(key, 'guarded');
    const batch = new DeleteObjectsCommand({ Bucket: 'private', Delete: { Objects: [{ Key: key, ETag: STALE }] } });
    expect(await failure(s3.send(batch))).toEqual({ name: 'NotImplemented', status: 501 });
    expect(await read(key)).toBe('guarded');
  });
});

describe('conditional writes and deletes: If-Match also needs s3:GetObject', () => {
  // The home is writable as usual, but 'blind/' under it may not be read.
  const BLIND_POLICY: PolicyDocument = {
    ...HOME_AND_SHARED_POLICY,
    Statement: [
      ...HOME_AND_SHARED_POLICY.Statement,
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::private/${cognito-identity.amazonaws.com:sub}/blind/*' },
    ],
  };
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  beforeAll(async () => {
    fx = await startEmulatorFixture({ policy: BLIND_POLICY });
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  it('answers AccessDenied to If-Match (even a matching ETag) without s3:GetObject; If-None-Match needs only s3:PutObject', async () => {
    const key = `${home}blind/object.txt`;
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'v1', IfNoneMatch: '*' }));
    const denied = { name: 'AccessDenied', status: 403 };
    expect(await failure(s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'v2', IfMatch: ETag })))).toEqual(denied);
    expect(await failure(s3.send(new DeleteObjectCommand({ Bucket: 'private', Key: key, IfMatch: ETag })))).toEqual(denied);
    expect(await failure(s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'v2', IfNoneMatch: '*' })))).toEqual(
      PRECONDITION_FAILED('If-None-Match'),
    );
    expect(fx.emulator.objects.get('private', key)?.etag).toBe(ETag);
    await s3.send(new DeleteObjectCommand({ Bucket: 'private', Key: key }));
    expect(fx.emulator.objects.get('private', key)).toBeUndefined();
  });
});
