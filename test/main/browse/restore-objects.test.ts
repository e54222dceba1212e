import { describe, expect, it, vi } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RestoreObjectsRequest } from '../../../common/ipc';
import { FAILURES_SHOWN, MAX_RESTORE_OBJECTS, ObjectRestores } from '../../../main/browse/restore-objects';
import { notSignedIn } from '../../../main/shared/errors';

const s3Error = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

interface Stored {
  storageClass: string;
  /** What RestoreObject answers for it: a status, or an error to throw. */
  restore?: number | Error;
}

/**
 * An S3 client holding `objects` under "home/": HEAD and ListObjectsV2 see
 * their storage classes, RestoreObject answers as each says. It records the
 * keys restores were asked for, and what was asked.
 */
function fakeS3(objects: Record<string, Stored>) {
  const restored: Array<{ key: string; input: Record<string, unknown> }> = [];
  const s3 = {
    send: vi.fn(async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const { input } = command;
      switch (command.constructor.name) {
        case 'HeadObjectCommand': {
          const object = objects[String(input.Key)];
          if (!object) throw s3Error('NotFound', 404);
          return { ContentLength: 10, StorageClass: object.storageClass, $metadata: {} };
        }
        case 'ListObjectsV2Command': {
          const prefix = String(input.Prefix ?? '');
          const keys = Object.keys(objects).filter((key) => key.startsWith(prefix)).sort();
          return { Contents: keys.map((key) => ({ Key: key, Size: key.endsWith('/') ? 0 : 10, StorageClass: objects[key]!.storageClass })), IsTruncated: false };
        }
        case 'RestoreObjectCommand': {
          const key = String(input.Key);
          restored.push({ key, input });
          const answer = objects[key]?.restore ?? 202;
          if (answer instanceof Error) throw answer;
          return { $metadata: { httpStatusCode: answer } };
        }
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    }),
  } as unknown as S3Client;
  return { s3, restored };
}

const restoresWith = (s3: S3Client) => new ObjectRestores({ client: () => ({ s3, info: {} as never }) });
type Chosen = Pick<RestoreObjectsRequest, 'days' | 'tier'>;
const select = (keys: string[], prefixes: string[] = []) => ({ bucket: 'desk-private', keys, prefixes });
const standard: Chosen = { days: 7, tier: 'Standard' };
/** Restores what `selection` holds, as chosen. */
const restore = (s3: S3Client, selection: ReturnType<typeof select>, chosen: Chosen) => restoresWith(s3).restore({ ...selection, ...chosen });

describe('ObjectRestores', () => {
  it('asks S3 to restore an archived object for the days and tier chosen: started', async () => {
    const { s3, restored } = fakeS3({ 'home/2019.tar': { storageClass: 'GLACIER' } });
    const summary = await restore(s3, select(['home/2019.tar']), { days: 3, tier: 'Bulk' });
    expect(summary).toEqual({ started: 1, inProgress: 0, extended: 0, notArchived: 0, failed: 0, failures: [] });
    expect(restored).toEqual([
      { key: 'home/2019.tar', input: { Bucket: 'desk-private', Key: 'home/2019.tar', RestoreRequest: { Days: 3, GlacierJobParameters: { Tier: 'Bulk' } } } },
    ]);
  });

  it('tells each of S3’s answers apart: restore running already (409), restored already and now extended (200), no longer archived', async () => {
    const { s3 } = fakeS3({
      'home/a.tar': { storageClass: 'GLACIER', restore: s3Error('RestoreAlreadyInProgress', 409) },
      'home/b.tar': { storageClass: 'DEEP_ARCHIVE', restore: 200 },
      'home/c.tar': { storageClass: 'GLACIER', restore: s3Error('InvalidObjectState', 403) },
      'home/d.tar': { storageClass: 'GLACIER' },
    });
    const summary = await restore(s3, select(['home/a.tar', 'home/b.tar', 'home/c.tar', 'home/d.tar']), standard);
    expect(summary).toEqual({ started: 1, inProgress: 1, extended: 1, notArchived: 1, failed: 0, failures: [] });
  });

  it('asks only for Glacier Flexible Retrieval and Deep Archive objects, in selected folders too; markers and readable classes are left alone', async () => {
    const { s3, restored } = fakeS3({
      'home/old/': { storageClass: 'STANDARD' },
      'home/old/a.tar': { storageClass: 'GLACIER' },
      'home/old/deep/b.tar': { storageClass: 'DEEP_ARCHIVE' },
      'home/old/notes.txt': { storageClass: 'STANDARD' },
      'home/old/photo.jpg': { storageClass: 'GLACIER_IR' },
      'home/readme.txt': { storageClass: 'STANDARD_IA' },
    });
    const summary = await restore(s3, select(['home/readme.txt'], ['home/old/']), standard);
    expect(summary).toMatchObject({ started: 2, notArchived: 3, failed: 0 });
    expect(restored.map(({ key }) => key).sort()).toEqual(['home/old/a.tar', 'home/old/deep/b.tar']);
  });

  it('refuses Expedited for Deep Archive without asking S3, saying which tiers it has; Glacier objects of the same selection go ahead', async () => {
    const { s3, restored } = fakeS3({ 'home/deep.tar': { storageClass: 'DEEP_ARCHIVE' }, 'home/flexible.tar': { storageClass: 'GLACIER' } });
    const summary = await restore(s3, select(['home/deep.tar', 'home/flexible.tar']), { days: 1, tier: 'Expedited' });
    expect(summary).toMatchObject({ started: 1, failed: 1 });
    expect(summary.failures).toEqual([
      {
        key: 'home/deep.tar',
        code: 'invalid_input',
        message: 's3://desk-private/home/deep.tar is in Glacier Deep Archive, which has no Expedited retrieval: restore it with Standard (within 12 hours) or Bulk (within 48 hours).',
      },
    ]);
    expect(restored.map(({ key }) => key)).toEqual(['home/flexible.tar']);
  });

  it('reports refusals per object with a sentence: denied, gone, no Expedited capacity; the first few in full, the rest counted', async () => {
    const objects: Record<string, Stored> = {
      'home/denied.tar': { storageClass: 'GLACIER', restore: s3Error('AccessDenied', 403) },
      'home/busy.tar': { storageClass: 'GLACIER', restore: s3Error('GlacierExpeditedRetrievalNotAvailable', 503) },
    };
    const { s3 } = fakeS3(objects);
    const summary = await restore(s3, select(['home/denied.tar', 'home/busy.tar', 'home/gone.tar']), { days: 1, tier: 'Expedited' });
    expect(summary).toMatchObject({ started: 0, failed: 3 });
    expect(summary.failures).toEqual(
      expect.arrayContaining([
        { key: 'home/gone.tar', code: 'no_such_key', message: 'There is no object at s3://desk-private/home/gone.tar. It may have been deleted or renamed.' },
        { key: 'home/denied.tar', code: 'access_denied', message: "You don't have permission to restore s3://desk-private/home/denied.tar." },
        {
          key: 'home/busy.tar',
          code: 'internal_error',
          message: 'Amazon S3 has no capacity for Expedited retrievals right now, so s3://desk-private/home/busy.tar was not restored. Try Standard instead.',
        },
      ]),
    );

    const many = Object.fromEntries(Array.from({ length: FAILURES_SHOWN + 3 }, (_, i) => [`home/many/${i}.tar`, { storageClass: 'GLACIER', restore: s3Error('AccessDenied', 403) }]));
    const crowd = await restore(fakeS3(many).s3, select([], ['home/many/']), standard);
    expect(crowd).toMatchObject({ failed: FAILURES_SHOWN + 3 });
    expect(crowd.failures).toHaveLength(FAILURES_SHOWN);
  });

  it('stops asking once the session has ended: the rest count as failed with the same reason, none is asked', async () => {
    const objects = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`home/old/${String(i).padStart(2, '0')}.tar`, { storageClass: 'GLACIER', restore: notSignedIn() as Error }]));
    const { s3, restored } = fakeS3(objects);
    const summary = await restore(s3, select([], ['home/old/']), standard);
    expect(summary).toMatchObject({ started: 0, failed: 20 });
    expect(summary.failures.every((failure) => failure.code === 'not_signed_in')).toBe(true);
    // Those already in flight when the first answer came may have been sent; no more after it.
    expect(restored.length).toBeLessThan(20);
  });

  it('refuses a selection of more archived objects than it restores at once, before asking for any', async () => {
    const objects = Object.fromEntries(Array.from({ length: MAX_RESTORE_OBJECTS + 1 }, (_, i) => [`home/big/${i}.tar`, { storageClass: 'DEEP_ARCHIVE' }]));
    const { s3, restored } = fakeS3(objects);
    await expect(restore(s3, select([], ['home/big/']), standard)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'This selection holds more than 10,000 archived objects: restore its folders one at a time.',
    });
    expect(restored).toEqual([]);
  });

  it('a folder it may not list fails as a whole, saying which', async () => {
    const s3 = { send: vi.fn(async () => Promise.reject(s3Error('AccessDenied', 403))) } as unknown as S3Client;
    await expect(restore(s3, select([], ['home/secret/']), standard)).rejects.toMatchObject({
      code: 'access_denied',
      message: "You don't have permission to list s3://desk-private/home/secret/.",
    });
  });
});
