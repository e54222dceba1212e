import { describe, expect, it } from 'vitest';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { ServiceError } from '../../main/services/errors';
import { regionFor } from '../../main/services/cognito-credentials';
import { S3Browser, toObjectPage } from '../../main/services/s3-browser';
import { mapS3Error } from '../../main/services/s3-errors';
import { SessionClients } from '../../main/services/session-clients';

const s3Error = (name: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `secret detail AKIAIOSFODNN7EXAMPLE ${name}` });
const context = { action: 'list', bucket: 'desk-private', prefix: 'someone/' };

describe('mapS3Error', () => {
  it('AccessDenied → access_denied naming what was refused', () => {
    expect(mapS3Error(s3Error('AccessDenied'), context).toIpcError()).toEqual({
      code: 'access_denied',
      message: "You don't have permission to list s3://desk-private/someone/.",
    });
  });

  it('NoSuchBucket → no_such_bucket', () => {
    expect(mapS3Error(s3Error('NoSuchBucket'), context).code).toBe('no_such_bucket');
  });

  it('credentials AWS still rejects after the one renewal and retry → session_expired, pointing at the clock', () => {
    for (const name of ['ExpiredToken', 'InvalidToken', 'InvalidAccessKeyId', 'NotAuthorizedException', 'CredentialsProviderError']) {
      expect(mapS3Error(s3Error(name), context).code, name).toBe('session_expired');
    }
    expect(mapS3Error(s3Error('ExpiredToken'), context).message).toMatch(/date and time/);
  });

  it('connection failures → network_error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    expect(mapS3Error(refused, context).code).toBe('network_error');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(mapS3Error(timeout, context).code).toBe('network_error');
  });

  it('anything else → internal_error with the S3 code but not the SDK message', () => {
    const error = mapS3Error(s3Error('SlowDown'), context);
    expect(error.code).toBe('internal_error');
    expect(error.message).toContain('SlowDown');
    expect(error.message).not.toContain('AKIA');
  });

  it('our own errors (e.g. from the token refresh inside the credential provider) pass through', () => {
    const own = new ServiceError('backend_unreachable', 'desk.example.com did not answer.');
    expect(mapS3Error(own, context)).toBe(own);
  });
});

describe('toObjectPage', () => {
  it('folders by last segment, objects without the folder marker, ISO dates, token only when truncated', () => {
    const page = toObjectPage(
      { bucket: 'b', prefix: 'home/' },
      {
        $metadata: {},
        CommonPrefixes: [{ Prefix: 'home/docs/' }, { Prefix: 'home/photos 2026/' }],
        Contents: [
          { Key: 'home/', Size: 0, LastModified: new Date('2026-01-01T00:00:00Z') },
          { Key: 'home/a.txt', Size: 3, LastModified: new Date('2026-01-02T03:04:05Z'), StorageClass: 'GLACIER' },
          { Key: 'home/b.txt' },
        ],
        IsTruncated: true,
        NextContinuationToken: 'next',
      },
    );
    expect(page).toEqual({
      bucket: 'b',
      prefix: 'home/',
      folders: [
        { prefix: 'home/docs/', name: 'docs' },
        { prefix: 'home/photos 2026/', name: 'photos 2026' },
      ],
      objects: [
        { key: 'home/a.txt', name: 'a.txt', size: 3, lastModified: '2026-01-02T03:04:05.000Z', storageClass: 'GLACIER' },
        { key: 'home/b.txt', name: 'b.txt', size: 0, lastModified: '1970-01-01T00:00:00.000Z', storageClass: 'STANDARD' },
      ],
      nextContinuationToken: 'next',
    });
    expect(toObjectPage({ bucket: 'b', prefix: '' }, { $metadata: {}, IsTruncated: false, NextContinuationToken: 'stale' }).nextContinuationToken).toBeNull();
  });
});

describe('S3Browser without a session', () => {
  it('answers not_signed_in', async () => {
    const browser = new S3Browser({ clients: new SessionClients({ session: { activeSession: () => null, freshToken: async () => '', invalidateToken: () => {}, onStateChanged: () => () => {} } }) });
    await expect(browser.listBuckets()).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(browser.listObjects({ bucket: 'desk-shared', prefix: '' })).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});

describe('regionFor', () => {
  it('prefers the session region, else the IdentityId region part', () => {
    expect(regionFor('eu-west-1:abc', 'us-east-1')).toBe('us-east-1');
    expect(regionFor('eu-west-1:abc', '')).toBe('eu-west-1');
    expect(() => regionFor('no-colon', '')).toThrow();
  });
});
