import { randomBytes } from 'node:crypto';
import { escapeXml } from './xml';

/** An S3 error response: HTTP status, S3's error code and a human message. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  toXml(resource: string): string {
    const extra = Object.entries(this.extra)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join('');
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${this.code}</Code><Message>${escapeXml(this.message)}</Message>${extra}` +
      `<Resource>${escapeXml(resource)}</Resource><RequestId>${newRequestId()}</RequestId></Error>`
    );
  }
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export const s3Errors = {
  accessDenied: () => new S3Error(403, 'AccessDenied', 'Access Denied'),
  invalidAccessKeyId: () =>
    new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'),
  signatureDoesNotMatch: () =>
    new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ),
  expiredToken: () => new S3Error(400, 'ExpiredToken', 'The provided token has expired.'),
  invalidToken: () => new S3Error(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.'),
  noSuchBucket: (bucket: string) =>
    new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new S3Error(
      404,
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    ),
  invalidArgument: (message: string) => new S3Error(400, 'InvalidArgument', message),
  invalidRequest: (message: string) => new S3Error(400, 'InvalidRequest', message),
  malformedXml: () =>
    new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'),
  notImplemented: (what: string, instead?: string) =>
    new S3Error(501, 'NotImplemented', `${what} is not implemented by the S3 Desk local emulator.${instead ? ` ${instead}` : ''}`),
  /**
   * S3's own refusal of a header it does not support (or of a value it does
   * not accept) on an operation: not the emulator's notImplemented, whose
   * message says the emulator lacks something S3 has.
   */
  headerNotImplemented: (header: string, additionalMessage?: string) =>
    new S3Error(
      501,
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      additionalMessage === undefined ? { Header: header } : { Header: header, additionalMessage },
    ),
  methodNotAllowed: () => new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.'),
  slowDown: () => new S3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  internalError: () => new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
};
