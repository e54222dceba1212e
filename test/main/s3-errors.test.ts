import { describe, expect, it } from 'vitest';
import { mapS3Error } from '../../main/services/s3-errors';

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
