import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET, SEEDED_POLICY, SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { putDirect } from './direct-objects';
import { rejectionOf } from './rejection';

const ACCESS_DENIED = { name: 'AccessDenied', status: 403 };
const README = `${SHARED_PREFIX}README.txt`;
const ARCHIVED = `${SHARED_PREFIX}archive/2019-backup.tar`;

/**
 * Copies and restores under the seeded role, the one real deployments start
 * from: a copy needs read on its source and write on its destination, so a
 * user may copy from the shared library into their home and within it, and
 * nowhere else; nobody may restore what the library archived.
 */
describe('the seeded role: copies and restores', () => {
  let fixture: EmulatorFixture;
  let alice: { identityId: string; s3: S3Client };
  let bob: { identityId: string; s3: S3Client };
  let alicesFile: string;
  let bobsFile: string;
  const source = (bucket: string, key: string) => `${bucket}/${encodeURIComponent(key)}`;

  beforeAll(async () => {
    fixture = await startEmulatorFixture({ policy: SEEDED_POLICY });
    for (const bucket of [PRIVATE_BUCKET, SHARED_BUCKET]) fixture.emulator.objects.createBucket(bucket, Date.now());
    await putDirect(fixture.emulator, { bucket: SHARED_BUCKET, key: README, body: 'The shared library.\n' });
    await putDirect(fixture.emulator, { bucket: SHARED_BUCKET, key: ARCHIVED, body: 'archived bytes', storageClass: 'GLACIER' });
    alice = await fixture.signIn('alice');
    bob = await fixture.signIn('bob');
    alicesFile = `${alice.identityId}/notes.txt`;
    bobsFile = `${bob.identityId}/diary.txt`;
    await alice.s3.send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: alicesFile, Body: 'alice' }));
    await bob.s3.send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: bobsFile, Body: 'bob' }));
  });
  afterAll(async () => {
    alice?.s3.destroy();
    bob?.s3.destroy();
    await fixture?.close();
  });

  it('Alice copies from the library into her home, and within her home', async () => {
    const fromLibrary = `${alice.identityId}/library copy/README.txt`;
    await alice.s3.send(new CopyObjectCommand({ Bucket: PRIVATE_BUCKET, Key: fromLibrary, CopySource: source(SHARED_BUCKET, README) }));
    await alice.s3.send(new CopyObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/renamed.txt`, CopySource: source(PRIVATE_BUCKET, alicesFile) }));
    const got = await alice.s3.send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: fromLibrary }));
    expect(await got.Body!.transformToString()).toBe('The shared library.\n');

    const UploadId = (await alice.s3.send(new CreateMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/assembled.txt` }))).UploadId;
    const part = await alice.s3.send(
      new UploadPartCopyCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/assembled.txt`, UploadId, PartNumber: 1, CopySource: source(SHARED_BUCKET, README) }),
    );
    expect(part.CopyPartResult?.ETag).toBeDefined();
  });

  it('Alice cannot copy Bob’s file (no read on the source), nor into the library or Bob’s home (no write there)', async () => {
    const copies = [
      { Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/stolen.txt`, CopySource: source(PRIVATE_BUCKET, bobsFile) },
      { Bucket: SHARED_BUCKET, Key: `${SHARED_PREFIX}alice.txt`, CopySource: source(PRIVATE_BUCKET, alicesFile) },
      { Bucket: PRIVATE_BUCKET, Key: `${bob.identityId}/gift.txt`, CopySource: source(PRIVATE_BUCKET, alicesFile) },
      // Bob's own file onto itself, by Alice: neither read nor write.
      { Bucket: PRIVATE_BUCKET, Key: bobsFile, CopySource: source(PRIVATE_BUCKET, bobsFile), MetadataDirective: 'REPLACE' as const },
    ];
    for (const copy of copies) expect(await rejectionOf(alice.s3.send(new CopyObjectCommand(copy)))).toMatchObject(ACCESS_DENIED);

    const UploadId = (await alice.s3.send(new CreateMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/parts.txt` }))).UploadId;
    const stealPart = new UploadPartCopyCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/parts.txt`, UploadId, PartNumber: 1, CopySource: source(PRIVATE_BUCKET, bobsFile) });
    expect(await rejectionOf(alice.s3.send(stealPart))).toMatchObject(ACCESS_DENIED);
    const intoBobs = new UploadPartCopyCommand({ Bucket: PRIVATE_BUCKET, Key: `${bob.identityId}/parts.txt`, UploadId, PartNumber: 1, CopySource: source(PRIVATE_BUCKET, alicesFile) });
    expect(await rejectionOf(alice.s3.send(intoBobs))).toMatchObject(ACCESS_DENIED);
    // Nothing of Bob's reached Alice's home.
    expect(await rejectionOf(alice.s3.send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/stolen.txt` })))).toMatchObject({ status: 404 });
  });

  it('an archived library object: readable metadata, but neither copied (InvalidObjectState) nor restored (AccessDenied)', async () => {
    const head = await alice.s3.send(new HeadObjectCommand({ Bucket: SHARED_BUCKET, Key: ARCHIVED }));
    expect(head.StorageClass).toBe('GLACIER');
    expect(head.Restore).toBeUndefined();
    const copy = new CopyObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${alice.identityId}/backup.tar`, CopySource: source(SHARED_BUCKET, ARCHIVED) });
    expect(await rejectionOf(alice.s3.send(copy))).toMatchObject({ name: 'InvalidObjectState', status: 403 });
    const restore = new RestoreObjectCommand({ Bucket: SHARED_BUCKET, Key: ARCHIVED, RestoreRequest: { Days: 1 } });
    expect(await rejectionOf(alice.s3.send(restore))).toMatchObject(ACCESS_DENIED);
    expect(fixture.emulator.objects.get(SHARED_BUCKET, ARCHIVED)?.restore).toBeNull();
  });

  it('nobody restores in someone else’s home', async () => {
    await putDirect(fixture.emulator, { bucket: PRIVATE_BUCKET, key: `${bob.identityId}/cold.tar`, body: 'cold', storageClass: 'DEEP_ARCHIVE' });
    const restore = new RestoreObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${bob.identityId}/cold.tar`, RestoreRequest: { Days: 1 } });
    expect(await rejectionOf(alice.s3.send(restore))).toMatchObject(ACCESS_DENIED);
  });
});
