import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { ObjectOperations } from '../../../main/browse/object-operations';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/** ObjectOperations with the real session and S3 client against the local stack. */
describe('object operations against the local stack', () => {
  let env: SignedInStack;
  let objects: ObjectOperations;
  const clipboard: string[] = [];
  const calls = () => env.stack.emulator.controls.callCounts();

  beforeAll(async () => {
    env = await startSignedInStack('objects');
    objects = new ObjectOperations({ clients: env.services.clients, clipboard: { writeText: (text) => clipboard.push(text) } });
  });
  afterAll(async () => {
    await env?.close();
  });

  describe('headObject', () => {
    it('describes an object: size, type, ETag, class, date, metadata, s3:// address', async () => {
      const key = `${env.home}details/meta.json`;
      await env.s3().send(
        new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key, Body: '{"a":1}', ContentType: 'application/json', Metadata: { Owner: 'Ada', project: 'desk' } }),
      );
      const details = await objects.headObject({ bucket: PRIVATE_BUCKET, key });
      expect(details).toEqual({
        bucket: PRIVATE_BUCKET,
        key,
        s3Uri: `s3://${PRIVATE_BUCKET}/${key}`,
        size: 7,
        contentType: 'application/json',
        eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
        storageClass: 'STANDARD',
        lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        metadata: { owner: 'Ada', project: 'desk' },
        archive: null,
      });
    });

    it('says an archived object is not restored', async () => {
      const details = await objects.headObject({ bucket: SHARED_BUCKET, key: `${SHARED_PREFIX}archive/2019-backup.tar` });
      expect(details.storageClass).toBe('GLACIER');
      expect(details.archive).toEqual({ restoreStatus: 'not-restored', restoredUntil: null });
    });

    it('a missing key → no_such_key, in a plain sentence', async () => {
      const key = `${env.home}no/such/key.txt`;
      await expect(objects.headObject({ bucket: PRIVATE_BUCKET, key })).rejects.toMatchObject({
        code: 'no_such_key',
        message: `There is no object at s3://${PRIVATE_BUCKET}/${key}. It may have been deleted or renamed.`,
      });
    });
  });

  it("headObject of someone else's object → access_denied (a HEAD refusal has no body, only its status)", async () => {
    const key = 'us-east-1:00000000-0000-0000-0000-000000000000/secret.txt';
    await expect(objects.headObject({ bucket: PRIVATE_BUCKET, key })).rejects.toMatchObject({
      code: 'access_denied',
      message: `You don't have permission to read s3://${PRIVATE_BUCKET}/${key}.`,
    });
  });

  it('copyS3Uri puts the s3:// address on the clipboard and answers it', async () => {
    const uri = await objects.copyS3Uri({ bucket: SHARED_BUCKET, key: `${SHARED_PREFIX}README.txt` });
    expect(uri).toBe(`s3://${SHARED_BUCKET}/${SHARED_PREFIX}README.txt`);
    expect(clipboard.at(-1)).toBe(uri);
  });

  describe('summarize', () => {
    it('lists folders recursively, counting archived objects apart, with no HEAD per object', async () => {
      env.stack.emulator.controls.resetStats();
      const summary = await objects.summarize({ bucket: SHARED_BUCKET, keys: [], prefixes: [`${SHARED_PREFIX}archive/`, `${SHARED_PREFIX}reports/`] });
      expect(summary.objectCount).toBe(4);
      expect(summary.archived).toEqual({ count: 2, bytes: Buffer.byteLength('archived bytes') + Buffer.byteLength('deep archived bytes'), storageClasses: ['DEEP_ARCHIVE', 'GLACIER'] });
      expect(summary.sample).toEqual([
        `${SHARED_PREFIX}archive/2018-backup.tar`,
        `${SHARED_PREFIX}archive/2019-backup.tar`,
        `${SHARED_PREFIX}reports/2026/q1.csv`,
        `${SHARED_PREFIX}reports/2026/summary.json`,
      ]);
      expect(calls().HeadObject).toBeUndefined();
      expect(calls().ListObjectsV2).toBe(2);
    });

    it('a few selected keys are HEADed; many are found with one listing, not a HEAD each', async () => {
      const folder = `${env.home}summary/`;
      const keys = Array.from({ length: 60 }, (_, i) => `${folder}file-${String(i).padStart(3, '0')}.txt`);
      await env.bulkInsert(PRIVATE_BUCKET, [...keys, `${folder}sub/other.txt`], 'twelve bytes');

      env.stack.emulator.controls.resetStats();
      const few = await objects.summarize({ bucket: PRIVATE_BUCKET, keys: keys.slice(0, 3), prefixes: [] });
      expect(few).toMatchObject({ objectCount: 3, totalBytes: 36, archived: { count: 0 } });
      expect(calls().HeadObject).toBe(3);

      env.stack.emulator.controls.resetStats();
      const many = await objects.summarize({ bucket: PRIVATE_BUCKET, keys: [...keys.slice(10, 50), `${folder}gone.txt`], prefixes: [] });
      expect(many).toMatchObject({ objectCount: 40, totalBytes: 480 });
      expect(many.sample).toHaveLength(20);
      expect(calls().HeadObject).toBeUndefined();
      expect(calls().ListObjectsV2).toBe(1);
    });

    it('does not count empty-folder markers as objects', async () => {
      await objects.createFolder({ bucket: PRIVATE_BUCKET, prefix: env.home, name: 'empty-one' });
      const summary = await objects.summarize({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${env.home}empty-one/`] });
      expect(summary).toEqual({ objectCount: 0, totalBytes: 0, archived: { count: 0, bytes: 0, storageClasses: [] }, sample: [] });
    });
  });

  describe('createFolder', () => {
    it('puts an empty "name/" object and answers the new folder', async () => {
      const folder = await objects.createFolder({ bucket: PRIVATE_BUCKET, prefix: env.home, name: 'Projects 2026' });
      expect(folder).toEqual({ prefix: `${env.home}Projects 2026/`, name: 'Projects 2026' });
      const details = await objects.headObject({ bucket: PRIVATE_BUCKET, key: folder.prefix });
      expect(details.size).toBe(0);
    });

    it('already_exists for a folder with a marker, and for one that only has keys under it', async () => {
      await expect(objects.createFolder({ bucket: PRIVATE_BUCKET, prefix: env.home, name: 'Projects 2026' })).rejects.toMatchObject({
        code: 'already_exists',
        message: 'A folder named “Projects 2026” already exists here.',
      });
      // The seeded documents/ folder has no marker object, only documents/notes.md.
      await expect(objects.createFolder({ bucket: PRIVATE_BUCKET, prefix: env.home, name: 'documents' })).rejects.toMatchObject({ code: 'already_exists' });
    });

    it('in the read-only library → access_denied', async () => {
      await expect(objects.createFolder({ bucket: SHARED_BUCKET, prefix: SHARED_PREFIX, name: 'mine' })).rejects.toMatchObject({
        code: 'access_denied',
        message: `You don't have permission to create a folder in s3://${SHARED_BUCKET}/${SHARED_PREFIX}.`,
      });
    });
  });
});
