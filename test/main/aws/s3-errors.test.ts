import { describe, expect, it } from 'vitest';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { ServiceError } from '../../../main/shared/errors';
import { mapS3Error } from '../../../main/aws/s3-errors';

const sdkError = (name: string, status: number, message = 'SDK text that must not reach anyone') =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('mapS3Error: object-level failures', () => {
  const context = { action: 'read', bucket: 'desk-private', key: 'home/report.pdf' };

  it('NoSuchKey, and a HEAD 404 (NotFound), → no_such_key naming the object', () => {
    for (const error of [sdkError('NoSuchKey', 404), sdkError('NotFound', 404)]) {
      const mapped = mapS3Error(error, context);
      expect(mapped.toIpcError()).toEqual({
        code: 'no_such_key',
        message: 'There is no object at s3://desk-private/home/report.pdf. It may have been deleted or renamed.',
      });
    }
  });

  it('a HEAD 403 (no body, so the SDK says "Unknown") → access_denied', () => {
    expect(mapS3Error(sdkError('Unknown', 403), context).toIpcError()).toEqual({
      code: 'access_denied',
      message: "You don't have permission to read s3://desk-private/home/report.pdf.",
    });
  });

  it('an "Unknown" error with another status stays an internal error', () => {
    expect(mapS3Error(sdkError('Unknown', 500), context).code).toBe('internal_error');
  });

  it('InvalidObjectState (an archived object) → archived_object', () => {
    expect(mapS3Error(sdkError('InvalidObjectState', 403), { action: 'download', bucket: 'b', key: 'old.tar' }).toIpcError()).toEqual({
      code: 'archived_object',
      message: 's3://b/old.tar is archived and must be restored before it can be read.',
    });
  });

  it('without a key, names the folder as before', () => {
    expect(mapS3Error(sdkError('AccessDenied', 403), { action: 'upload to', bucket: 'b', prefix: 'p/' }).message).toBe(
      "You don't have permission to upload to s3://b/p/.",
    );
  });
});

const s3Error = (name: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `secret detail AKIAIOSFODNN7EXAMPLE ${name}` });
const context = { action: 'list', bucket: 'desk-private', prefix: 'someone/' };

describe('mapS3Error: listing failures', () => {
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
