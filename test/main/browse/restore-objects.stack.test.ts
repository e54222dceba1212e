import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand, type StorageClass } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/**
 * Restores through the real services and the real SDK against the local
 * stack, whose RestoreObject answers as S3 does (202, 409 while it runs, 200
 * once restored) and takes as long as its restore delay says.
 */
describe('restoring archived objects', () => {
  let env: SignedInStack;
  const restores = () => env.services.restores;
  const put = (key: string, body: string, storageClass: StorageClass) =>
    env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key, Body: body, StorageClass: storageClass }));
  const archive = async (key: string) => (await env.services.objects.headObject({ bucket: PRIVATE_BUCKET, key })).archive;

  beforeAll(async () => {
    env = await startSignedInStack('restores');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a folder: its archived objects start restoring, the rest are left alone; asked again while they run, they are in progress', async () => {
    env.stack.emulator.controls.setRestoreDelaySeconds(3600);
    const folder = `${env.home}restore-running/`;
    await put(`${folder}2019.tar`, 'flexible', 'GLACIER');
    await put(`${folder}old/2018.tar`, 'deep', 'DEEP_ARCHIVE');
    await put(`${folder}notes.txt`, 'readable', 'STANDARD');
    const selection = { bucket: PRIVATE_BUCKET, keys: [], prefixes: [folder] };

    expect(await restores().restore({ ...selection, days: 5, tier: 'Standard' })).toEqual({ started: 2, inProgress: 0, extended: 0, notArchived: 1, failed: 0, failures: [] });
    expect(await archive(`${folder}2019.tar`)).toEqual({ restoreStatus: 'restoring', restoredUntil: null });
    expect(await restores().restore({ ...selection, days: 5, tier: 'Bulk' })).toMatchObject({ started: 0, inProgress: 2, notArchived: 1 });
  });

  it('restored: readable until the date S3 gives; asked again, its copy is extended to the new number of days', async () => {
    env.stack.emulator.controls.setRestoreDelaySeconds(0);
    const key = `${env.home}restore-done/2017.tar`;
    await put(key, 'the archived bytes', 'GLACIER');
    const selection = { bucket: PRIVATE_BUCKET, keys: [key], prefixes: [] };

    expect(await restores().restore({ ...selection, days: 1, tier: 'Expedited' })).toMatchObject({ started: 1, failed: 0 });
    const first = await archive(key);
    expect(first).toMatchObject({ restoreStatus: 'restored', restoredUntil: expect.any(String) });
    const reply = await env.s3().send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key }));
    expect(await reply.Body!.transformToString()).toBe('the archived bytes');

    expect(await restores().restore({ ...selection, days: 10, tier: 'Standard' })).toMatchObject({ started: 0, extended: 1 });
    const extended = await archive(key);
    expect(Date.parse(extended!.restoredUntil!)).toBeGreaterThan(Date.parse(first!.restoredUntil!));
  });

  it('Deep Archive with Expedited is refused before S3 is asked; a library object the role may not restore is denied', async () => {
    const key = `${env.home}restore-refused/deep.tar`;
    await put(key, 'deep', 'DEEP_ARCHIVE');
    const deep = await restores().restore({ bucket: PRIVATE_BUCKET, keys: [key], prefixes: [], days: 2, tier: 'Expedited' });
    expect(deep).toMatchObject({ started: 0, failed: 1, failures: [{ key, code: 'invalid_input' }] });
    expect(await archive(key)).toEqual({ restoreStatus: 'not-restored', restoredUntil: null });

    const library = `${SHARED_PREFIX}archive/2019-backup.tar`;
    const denied = await restores().restore({ bucket: SHARED_BUCKET, keys: [library], prefixes: [], days: 2, tier: 'Standard' });
    expect(denied).toEqual({
      started: 0,
      inProgress: 0,
      extended: 0,
      notArchived: 0,
      failed: 1,
      failures: [{ key: library, code: 'access_denied', message: `You don't have permission to restore s3://${SHARED_BUCKET}/${library}.` }],
    });
  });
});
