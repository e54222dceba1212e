import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { evaluatePolicy } from '../../devstack/aws/policy';
import { PRIVATE_BUCKET, SEEDED_POLICY, SHARED_BUCKET } from '../../devstack/seed';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { rejectionOf } from './rejection';

const MIB = 1024 * 1024;
const ACCESS_DENIED = { name: 'AccessDenied', status: 403 };

/**
 * The seeded role (the one the README points real deployments at) shares one
 * bucket between identities, each in its own home prefix. An unfinished
 * multipart upload is invisible outside its prefix only if nothing in the
 * role can list the bucket's uploads: S3 cannot scope that to a prefix.
 */
describe('the seeded role: one identity cannot see another identity’s unfinished upload', () => {
  let fixture: EmulatorFixture;
  let alice: { identityId: string; s3: S3Client };
  let bob: { identityId: string; s3: S3Client };
  let bobsKey: string;
  let bobsUploadId: string;

  const bobsUploadIsOpen = () => fixture.emulator.uploads.list(PRIVATE_BUCKET, bobsKey).map((upload) => upload.uploadId);

  beforeAll(async () => {
    fixture = await startEmulatorFixture({ policy: SEEDED_POLICY });
    for (const bucket of [PRIVATE_BUCKET, SHARED_BUCKET]) fixture.emulator.objects.createBucket(bucket, Date.now());
    alice = await fixture.signIn('alice');
    bob = await fixture.signIn('bob');
    // Bob starts an upload, sends a part, and never finishes it (his app quit, say).
    bobsKey = `${bob.identityId}/drafts/merger plan.mov`;
    const created = await bob.s3.send(new CreateMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: bobsKey }));
    bobsUploadId = created.UploadId!;
    await bob.s3.send(new UploadPartCommand({ Bucket: PRIVATE_BUCKET, Key: bobsKey, UploadId: bobsUploadId, PartNumber: 1, Body: Buffer.alloc(5 * MIB, 1) }));
  });
  afterAll(async () => {
    alice?.s3.destroy();
    bob?.s3.destroy();
    await fixture?.close();
  });

  it('grants s3:ListBucketMultipartUploads on no bucket, whoever asks', () => {
    for (const bucket of [PRIVATE_BUCKET, SHARED_BUCKET, '*']) {
      for (const identityId of [alice.identityId, bob.identityId]) {
        const decision = evaluatePolicy(
          SEEDED_POLICY,
          { action: 's3:ListBucketMultipartUploads', resource: `arn:aws:s3:::${bucket}` },
          { 'cognito-identity.amazonaws.com:sub': identityId },
        );
        expect(decision).not.toBe('Allow');
      }
    }
  });

  it("Alice's ListMultipartUploads is refused on the whole bucket and with any prefix, Bob's home and her own included", async () => {
    for (const Prefix of [undefined, '', bob.identityId, `${bob.identityId}/`, `${alice.identityId}/`]) {
      expect(await rejectionOf(alice.s3.send(new ListMultipartUploadsCommand({ Bucket: PRIVATE_BUCKET, Prefix })))).toMatchObject(ACCESS_DENIED);
    }
    expect(await rejectionOf(alice.s3.send(new ListMultipartUploadsCommand({ Bucket: SHARED_BUCKET })))).toMatchObject(ACCESS_DENIED);
    // Bob cannot list even his own: the app never needs to.
    expect(await rejectionOf(bob.s3.send(new ListMultipartUploadsCommand({ Bucket: PRIVATE_BUCKET, Prefix: `${bob.identityId}/` })))).toMatchObject(
      ACCESS_DENIED,
    );
  });

  it("no other call the role allows shows Alice Bob's upload, its key or its parts", async () => {
    // Listing objects: Bob's home is refused, and her own shows nothing of his.
    expect(await rejectionOf(alice.s3.send(new ListObjectsV2Command({ Bucket: PRIVATE_BUCKET, Prefix: `${bob.identityId}/` })))).toMatchObject(ACCESS_DENIED);
    expect(await rejectionOf(alice.s3.send(new ListObjectsV2Command({ Bucket: PRIVATE_BUCKET })))).toMatchObject(ACCESS_DENIED);
    const own = await alice.s3.send(new ListObjectsV2Command({ Bucket: PRIVATE_BUCKET, Prefix: `${alice.identityId}/` }));
    expect(own.KeyCount).toBe(0);
    // Even knowing the UploadId and key (which she has no way to learn), every multipart call on Bob's object is refused.
    const onBobsObject = { Bucket: PRIVATE_BUCKET, Key: bobsKey, UploadId: bobsUploadId };
    for (const call of [
      new ListPartsCommand(onBobsObject),
      new UploadPartCommand({ ...onBobsObject, PartNumber: 2, Body: 'x' }),
      new CompleteMultipartUploadCommand({ ...onBobsObject, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } }),
      new AbortMultipartUploadCommand(onBobsObject),
    ]) {
      expect(await rejectionOf(alice.s3.send(call as never))).toMatchObject(ACCESS_DENIED);
    }
    // Bob's UploadId on a key Alice may use names no upload of hers: NoSuchUpload, and his upload is untouched.
    const onHerObject = { ...onBobsObject, Key: `${alice.identityId}/${bobsKey}` };
    expect(await rejectionOf(alice.s3.send(new ListPartsCommand(onHerObject)))).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(await rejectionOf(alice.s3.send(new AbortMultipartUploadCommand(onHerObject)))).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(bobsUploadIsOpen()).toEqual([bobsUploadId]);
  });

  it('what the app does need stays granted: Bob sees his own parts and aborts his own upload by its UploadId', async () => {
    const parts = await bob.s3.send(new ListPartsCommand({ Bucket: PRIVATE_BUCKET, Key: bobsKey, UploadId: bobsUploadId }));
    expect(parts.Parts?.map((part) => part.PartNumber)).toEqual([1]);
    await bob.s3.send(new AbortMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: bobsKey, UploadId: bobsUploadId }));
    expect(bobsUploadIsOpen()).toEqual([]);
  });
});
