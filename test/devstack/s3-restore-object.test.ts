import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  type S3Client,
  type Tier,
} from '@aws-sdk/client-s3';
import type { PolicyDocument } from '../../devstack/aws/policy';
import { HOME_AND_SHARED_POLICY, startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { putDirect } from './direct-objects';
import { rejectionOf } from './rejection';

const DAY_MS = 86_400_000;
const NOT_ARCHIVED = "Restore is not allowed for the object's current storage class";

/** The fixture's role, plus restores in one's own home prefix. */
const RESTORE_POLICY: PolicyDocument = {
  ...HOME_AND_SHARED_POLICY,
  Statement: [
    ...HOME_AND_SHARED_POLICY.Statement,
    { Effect: 'Allow', Action: 's3:RestoreObject', Resource: 'arn:aws:s3:::private/${cognito-identity.amazonaws.com:sub}/*' },
  ],
};

/** The expiry date in an x-amz-restore header of a finished restore, or undefined if the header says otherwise. */
function expiryOf(header: string | undefined): number | undefined {
  const m = /^ongoing-request="false", expiry-date="([^"]+)"$/.exec(header ?? '');
  return m ? Date.parse(m[1]!) : undefined;
}

describe('RestoreObject', () => {
  let fx: EmulatorFixture;
  let s3: S3Client;
  let home: string;
  let offsetSeconds = 0;
  const now = () => fx.emulator.controls.clock.now();
  /** Moves the emulator's clock on, and the client's with it (so its signatures stay in time). */
  const moveClock = (seconds: number) => {
    offsetSeconds += seconds;
    fx.emulator.controls.clock.setOffsetSeconds(offsetSeconds);
    s3.config.systemClockOffset = offsetSeconds * 1000;
  };
  const restore = (key: string, Days: number | undefined, Tier?: Tier, Bucket = 'private') =>
    s3.send(new RestoreObjectCommand({ Bucket, Key: key, RestoreRequest: { Days, GlacierJobParameters: Tier ? { Tier } : undefined } }));
  const head = (key: string) => s3.send(new HeadObjectCommand({ Bucket: 'private', Key: key }));
  const get = (key: string) => s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }));
  const archive = (key: string, storageClass = 'GLACIER', body = 'archived bytes') => putDirect(fx.emulator, { bucket: 'private', key, body, storageClass });

  beforeAll(async () => {
    // Credentials that outlive the days these tests move the clock through.
    fx = await startEmulatorFixture({ policy: RESTORE_POLICY, credentialLifetimeSeconds: 365 * 86400 });
    const session = await fx.signIn();
    s3 = session.s3;
    home = `${session.identityId}/`;
  });
  afterAll(() => fx.close());

  it('202 Accepted, then in progress (x-amz-restore ongoing, GET refused, a repeat 409), then readable until it expires', async () => {
    fx.emulator.controls.setRestoreDelaySeconds(600);
    const key = `${home}restore/cycle.tar`;
    await archive(key);
    expect(await rejectionOf(get(key))).toMatchObject({ name: 'InvalidObjectState', status: 403 });
    expect((await head(key)).Restore).toBeUndefined();

    const requestedFrom = now();
    expect((await restore(key, 3)).$metadata.httpStatusCode).toBe(202);
    const requestedBy = now();
    expect(await head(key)).toMatchObject({ StorageClass: 'GLACIER', Restore: 'ongoing-request="true"' });
    expect(await rejectionOf(get(key))).toMatchObject({ name: 'InvalidObjectState', status: 403 });
    expect(await rejectionOf(restore(key, 3))).toEqual({ name: 'RestoreAlreadyInProgress', status: 409, message: 'Object restore is already in progress' });

    moveClock(600);
    const restored = await head(key);
    const expiry = expiryOf(restored.Restore);
    // Three days from completion, rounded up to the next midnight UTC.
    expect(expiry! % DAY_MS).toBe(0);
    expect(expiry).toBeGreaterThan(requestedFrom + 600_000 + 3 * DAY_MS);
    expect(expiry).toBeLessThanOrEqual(requestedBy + 600_000 + 4 * DAY_MS);
    const got = await get(key);
    expect(got.Restore).toBe(restored.Restore);
    expect(await got.Body!.transformToString()).toBe('archived bytes');

    moveClock(Math.ceil((expiry! - now()) / 1000) + 1);
    expect((await head(key)).Restore).toBeUndefined();
    expect(await rejectionOf(get(key))).toMatchObject({ name: 'InvalidObjectState', status: 403 });
    // An expired restore is no restore: asking again starts a new one.
    expect((await restore(key, 1)).$metadata.httpStatusCode).toBe(202);
  });

  it('a repeat once restored answers 200 OK and sets a new expiry, counted from now', async () => {
    fx.emulator.controls.setRestoreDelaySeconds(0);
    const key = `${home}restore/again.tar`;
    await archive(key, 'DEEP_ARCHIVE');
    expect((await restore(key, 1)).$metadata.httpStatusCode).toBe(202);
    const first = expiryOf((await head(key)).Restore);
    const repeatedFrom = now();
    expect((await restore(key, 10)).$metadata.httpStatusCode).toBe(200);
    const second = expiryOf((await head(key)).Restore);
    expect(second).toBeGreaterThan(first!);
    expect(second! % DAY_MS).toBe(0);
    expect(second).toBeGreaterThan(repeatedFrom + 10 * DAY_MS);
    expect(second).toBeLessThanOrEqual(now() + 11 * DAY_MS);
  });

  it('a restored object can be copied (the copy is STANDARD); a new version of the key forgets the restore', async () => {
    fx.emulator.controls.setRestoreDelaySeconds(0);
    const key = `${home}restore/copied.tar`;
    await archive(key, 'GLACIER', 'thawed');
    await restore(key, 1);
    await s3.send(new CopyObjectCommand({ Bucket: 'private', Key: `${home}restore/copy.tar`, CopySource: `private/${encodeURIComponent(key)}` }));
    const copy = await head(`${home}restore/copy.tar`);
    expect(copy.StorageClass).toBeUndefined();
    expect(copy.Restore).toBeUndefined();
    expect(await (await get(`${home}restore/copy.tar`)).Body!.transformToString()).toBe('thawed');

    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'newer', StorageClass: 'GLACIER' }));
    expect((await head(key)).Restore).toBeUndefined();
    expect(await rejectionOf(get(key))).toMatchObject({ name: 'InvalidObjectState', status: 403 });
  });

  it('restores only archived objects: InvalidObjectState for every other storage class', async () => {
    for (const StorageClass of ['STANDARD', 'STANDARD_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING'] as const) {
      const key = `${home}restore/not-archived-${StorageClass}.txt`;
      await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'warm', StorageClass }));
      expect(await rejectionOf(restore(key, 1))).toEqual({ name: 'InvalidObjectState', status: 403, message: NOT_ARCHIVED });
    }
  });

  it('takes the Standard, Bulk and Expedited tiers; Expedited is not offered for DEEP_ARCHIVE', async () => {
    fx.emulator.controls.setRestoreDelaySeconds(600);
    for (const tier of [undefined, 'Standard', 'Bulk', 'Expedited'] as const) {
      const key = `${home}restore/tier-${tier ?? 'default'}.tar`;
      await archive(key);
      expect((await restore(key, 1, tier)).$metadata.httpStatusCode).toBe(202);
    }
    const deep = `${home}restore/deep-expedited.tar`;
    await archive(deep, 'DEEP_ARCHIVE');
    expect(await rejectionOf(restore(deep, 1, 'Expedited'))).toMatchObject({ name: 'InvalidArgument', status: 400 });
    expect((await head(deep)).Restore).toBeUndefined();
  });

  it('refuses a request without a positive number of Days, or with an unknown tier: MalformedXML', async () => {
    const key = `${home}restore/malformed.tar`;
    await archive(key);
    for (const days of [undefined, 0, -1]) {
      expect(await rejectionOf(restore(key, days))).toMatchObject({ name: 'MalformedXML', status: 400 });
    }
    expect(await rejectionOf(restore(key, 1, 'Fast' as Tier))).toMatchObject({ name: 'MalformedXML', status: 400 });
    expect((await head(key)).Restore).toBeUndefined();
  });

  it('needs s3:RestoreObject on the object; a missing key is NoSuchKey only where the caller may list', async () => {
    await putDirect(fx.emulator, { bucket: 'shared', key: 'archive/old.tar', body: 'old', storageClass: 'GLACIER' });
    await putDirect(fx.emulator, { bucket: 'private', key: 'someone-else/old.tar', body: 'old', storageClass: 'GLACIER' });
    // The shared library may be read, but not restored: the role grants no s3:RestoreObject there.
    expect(await rejectionOf(restore('archive/old.tar', 1, undefined, 'shared'))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await rejectionOf(restore('someone-else/old.tar', 1))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(fx.emulator.objects.get('shared', 'archive/old.tar')?.restore).toBeNull();
    expect(await rejectionOf(restore(`${home}restore/missing.tar`, 1))).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('takes its delay from the test controls, over HTTP too', async () => {
    const call = (body: unknown) => fetch(`${fx.emulator.endpoint}/__devstack/restore`, { method: 'PUT', body: JSON.stringify(body) });
    const set = await call({ delaySeconds: 5 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ restoreDelaySeconds: 5 });
    expect(fx.emulator.controls.restoreDelaySeconds).toBe(5);
    expect((await call({ delaySeconds: -1 })).status).toBe(400);
    expect((await call({ seconds: 5 })).status).toBe(400);
  });
});
