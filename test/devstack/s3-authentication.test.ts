import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { REGION, startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { rejectionOf } from './rejection';

async function s3Rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const { name, status } = await rejectionOf(promise);
  return { name, status };
}

describe('S3 authentication and authorization', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
  });
  afterAll(() => fx.close());

  const clientWith = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new S3Client({ region: REGION, endpoint: fx.emulator.endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });

  it('rejects a request signed with the wrong secret: SignatureDoesNotMatch', async () => {
    const { identityId, credentials } = await fx.signIn();
    const s3 = clientWith({ ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(1)}x` });
    const error = await s3Rejection(s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${identityId}/` })));
    expect(error).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('rejects an access key it never issued: InvalidAccessKeyId', async () => {
    const { credentials } = await fx.signIn();
    const s3 = clientWith({ ...credentials, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' });
    expect(await s3Rejection(s3.send(new ListObjectsV2Command({ Bucket: 'shared' })))).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
  });

  it('rejects a missing or foreign session token: InvalidToken', async () => {
    const mine = await fx.signIn();
    const theirs = await fx.signIn();
    const withoutToken = clientWith({ accessKeyId: mine.credentials.accessKeyId, secretAccessKey: mine.credentials.secretAccessKey });
    const withTheirs = clientWith({ ...mine.credentials, sessionToken: theirs.credentials.sessionToken });
    expect((await s3Rejection(withoutToken.send(new ListObjectsV2Command({ Bucket: 'shared' })))).name).toBe('InvalidToken');
    expect((await s3Rejection(withTheirs.send(new ListObjectsV2Command({ Bucket: 'shared' })))).name).toBe('InvalidToken');
  });

  it('rejects credentials past their Expiration: ExpiredToken', async () => {
    const { credentials } = await fx.signIn();
    fx.emulator.controls.clock.setOffsetSeconds(3601);
    try {
      // The client is not told the time moved: it signs with its own clock, which the emulator allows within 15 minutes… so stay inside that.
      const s3 = clientWith(credentials);
      s3.config.systemClockOffset = 3601_000;
      expect(await s3Rejection(s3.send(new ListObjectsV2Command({ Bucket: 'shared' })))).toEqual({ name: 'ExpiredToken', status: 400 });
    } finally {
      fx.emulator.controls.clock.setOffsetSeconds(0);
    }
  });

  it('issues credentials with the configured lifetime', async () => {
    fx.emulator.controls.setLifetimes({ credentialLifetimeSeconds: 5 });
    try {
      const { credentials } = await fx.signIn();
      expect(credentials.expiration.getTime() - Date.now()).toBeLessThanOrEqual(5000);
    } finally {
      fx.emulator.controls.setLifetimes({ credentialLifetimeSeconds: 3600 });
    }
  });

  it('corrects for a client clock 20 minutes off through the SDK’s skew correction', async () => {
    const { identityId, s3 } = await fx.signIn();
    fx.emulator.controls.clock.setOffsetSeconds(20 * 60);
    try {
      await expect(s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${identityId}/` }))).resolves.toBeDefined();
    } finally {
      fx.emulator.controls.clock.setOffsetSeconds(0);
    }
  });

  describe('the authenticated role policy', () => {
    it('allows the identity’s own home prefix and denies another identity’s', async () => {
      const me = await fx.signIn();
      const other = await fx.signIn();
      await me.s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${me.identityId}/a.txt`, Body: 'a' }));
      const write = await s3Rejection(me.s3.send(new PutObjectCommand({ Bucket: 'private', Key: `${other.identityId}/a.txt`, Body: 'a' })));
      const read = await s3Rejection(other.s3.send(new GetObjectCommand({ Bucket: 'private', Key: `${me.identityId}/a.txt` })));
      const list = await s3Rejection(other.s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${me.identityId}/` })));
      const listRoot = await s3Rejection(me.s3.send(new ListObjectsV2Command({ Bucket: 'private', Delimiter: '/' })));
      for (const error of [write, read, list, listRoot]) expect(error).toEqual({ name: 'AccessDenied', status: 403 });
    });

    it('keeps the shared bucket read-only, and honours an explicit Deny', async () => {
      const { s3 } = await fx.signIn();
      fx.emulator.objects.createBucket('shared', Date.now());
      expect((await s3Rejection(s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'x.txt', Body: 'x' })))).name).toBe('AccessDenied');
      expect((await s3Rejection(s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'secret/plans.txt' })))).name).toBe('AccessDenied');
    });

    it('answers NoSuchKey to callers who may list the bucket, AccessDenied to others', async () => {
      const { identityId, s3 } = await fx.signIn();
      expect(await s3Rejection(s3.send(new GetObjectCommand({ Bucket: 'private', Key: `${identityId}/missing` })))).toEqual({ name: 'NoSuchKey', status: 404 });
      expect(await s3Rejection(s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'missing' })))).toEqual({ name: 'NoSuchKey', status: 404 });
    });

    it('denies ListBuckets unless the policy grants s3:ListAllMyBuckets', async () => {
      const { s3 } = await fx.signIn();
      expect((await s3Rejection(s3.send(new ListBucketsCommand({})))).name).toBe('AccessDenied');
    });
  });

  describe('presigned URLs (query-string SigV4)', () => {
    it('serves a presigned GET, and rejects it once tampered with or expired', async () => {
      const { identityId, s3 } = await fx.signIn();
      const key = `${identityId}/presigned.txt`;
      await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'via URL' }));
      const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'private', Key: key }), { expiresIn: 60 });
      const ok = await fetch(url);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('via URL');

      const tampered = await fetch(url.replace('presigned.txt', 'presigned.txu'));
      expect(tampered.status).toBe(403);
      expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

      fx.emulator.controls.clock.setOffsetSeconds(61);
      try {
        const expired = await fetch(url);
        expect(expired.status).toBe(403);
        expect(await expired.text()).toContain('Request has expired');
      } finally {
        fx.emulator.controls.clock.setOffsetSeconds(0);
      }
    });
  });

  describe('what the emulator does not implement', () => {
    const unemulated = ['/shared?acl', '/shared?policy', '/shared?versioning', '/shared?prefix=library/', '/private/someone/a.txt?tagging', '/private/someone/a.txt?acl'];

    it('answers an anonymous request with AccessDenied first, as S3 does for a private bucket', async () => {
      for (const path of unemulated) {
        const response = await fetch(`${fx.emulator.endpoint}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
        expect(await response.text()).toContain('<Code>AccessDenied</Code>');
      }
    });

    it('answers a wrongly signed request with its authentication error first', async () => {
      const { identityId, credentials } = await fx.signIn();
      const s3 = clientWith({ ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(1)}x` });
      expect(await s3Rejection(s3.send(new GetBucketAclCommand({ Bucket: 'shared' })))).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });
      expect(await s3Rejection(s3.send(new GetObjectTaggingCommand({ Bucket: 'private', Key: `${identityId}/a.txt` })))).toEqual({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
      const foreign = clientWith({ ...credentials, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' });
      expect(await s3Rejection(foreign.send(new GetBucketVersioningCommand({ Bucket: 'shared' })))).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
    });

    it('tells an authenticated caller NotImplemented', async () => {
      const { identityId, credentials } = await fx.signIn();
      const s3 = clientWith(credentials);
      const calls = [
        s3.send(new GetBucketAclCommand({ Bucket: 'shared' })),
        s3.send(new GetBucketPolicyCommand({ Bucket: 'shared' })),
        s3.send(new GetBucketVersioningCommand({ Bucket: 'shared' })),
        s3.send(new GetObjectTaggingCommand({ Bucket: 'private', Key: `${identityId}/a.txt` })),
        s3.send(new ListObjectsCommand({ Bucket: 'shared' })),
      ];
      for (const call of calls) expect(await s3Rejection(call)).toEqual({ name: 'NotImplemented', status: 501 });
    });
  });

  describe('Signature Version 2', () => {
    const notSupported = 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';

    it('refuses a SigV2 presigned URL plainly: InvalidRequest, use AWS4-HMAC-SHA256', async () => {
      const expires = Math.floor(Date.now() / 1000) + 600;
      const response = await fetch(`${fx.emulator.endpoint}/shared/report.csv?AWSAccessKeyId=ASIAAAAAAAAAAAAAAAAA&Expires=${expires}&Signature=c2lnbmF0dXJl%3D`);
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).toContain('<Code>InvalidRequest</Code>');
      expect(body).toContain(notSupported);
    });

    it('refuses a SigV2 Authorization header the same way, also for what is not implemented', async () => {
      for (const path of ['/shared?list-type=2', '/shared?acl']) {
        const response = await fetch(`${fx.emulator.endpoint}${path}`, {
          headers: { authorization: 'AWS ASIAAAAAAAAAAAAAAAAA:c2lnbmF0dXJl', date: new Date().toUTCString() },
        });
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        const body = await response.text();
        expect(body).toContain('<Code>InvalidRequest</Code>');
        expect(body).toContain(notSupported);
      }
    });
  });

  it('rejects anonymous requests', async () => {
    const response = await fetch(`${fx.emulator.endpoint}/shared?list-type=2`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });
});
