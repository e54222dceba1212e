import { ServiceError, isServiceError } from '../shared/errors';

/** What was being attempted, for the sentence. */
export interface S3ErrorContext {
  /** e.g. "list" */
  action: string;
  bucket?: string;
  prefix?: string;
  /** The object, when the action was on one (it then names the object rather than the folder). */
  key?: string;
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AllAccessDisabled', 'AccessDeniedException']);
/** The credentials (or the token they came from) are no longer good: only signing in again helps. */
const CREDENTIALS_INVALID = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidToken',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'NotAuthorizedException',
  'CredentialsProviderError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/**
 * Maps an AWS SDK (S3 or Cognito) failure to a contract error. The SDK's own
 * messages are not passed on (some echo request details); only the error code is.
 */
export function mapS3Error(error: unknown, context: S3ErrorContext): ServiceError {
  // Failures of our own (e.g. the token refresh inside the credential provider) already speak the contract.
  if (isServiceError(error)) return error;
  const where = location(context);
  const name = errorName(error);

  // A HEAD answer has no body to name the error: the SDK calls a 403 "Unknown" (and a 404 "NotFound").
  const headRefused = (name === 'Unknown' || name === '') && httpStatus(error) === 403;
  if (ACCESS_DENIED.has(name) || headRefused) return new ServiceError('access_denied', `You don't have permission to ${context.action} ${where}.`);
  if (name === 'NoSuchBucket') return new ServiceError('no_such_bucket', `The bucket "${context.bucket ?? ''}" does not exist.`);
  // HEAD answers have no body, so a missing key arrives as the bare HTTP status name NotFound.
  if (name === 'NoSuchKey' || name === 'NotFound') {
    return new ServiceError('no_such_key', `There is no object at ${where}. It may have been deleted or renamed.`);
  }
  // An If-Match (or a copy's x-amz-copy-source-if-match) on the ETag read earlier no longer holds.
  if (name === 'PreconditionFailed') {
    return new ServiceError('source_changed', `${where} was changed by someone else while S3 Desk was working on it, so it was left as it is now. Try again.`);
  }
  if (name === 'InvalidObjectState') {
    return new ServiceError('archived_object', `${where} is archived and must be restored before it can be read.`);
  }
  if (CREDENTIALS_INVALID.has(name)) {
    // Reached only after the credentials were renewed and the request retried once (expired-token-retry.ts).
    return new ServiceError(
      'session_expired',
      'AWS still rejects this session’s credentials after renewing them. Check that this computer’s date and time are correct, then try again or sign in again.',
    );
  }
  if (isNetworkError(error)) {
    return new ServiceError('network_error', `Could not reach Amazon S3 to ${context.action} ${where}. Check your network connection and try again.`);
  }
  const code = /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(name) ? name : 'unknown error';
  return new ServiceError('internal_error', `Amazon S3 could not ${context.action} ${where} (${code}). Try again later.`);
}

export function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, Code } = error as { name?: unknown; Code?: unknown };
    if (typeof Code === 'string') return Code;
    if (typeof name === 'string') return name;
  }
  return '';
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'RequestTimeout' || error.name === 'AbortError') return true;
  const code = (error as { code?: unknown }).code;
  const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode));
}

function location(context: S3ErrorContext): string {
  if (!context.bucket) return 'your buckets';
  return `s3://${context.bucket}/${context.key ?? context.prefix ?? ''}`;
}
