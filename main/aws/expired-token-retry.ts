import type { InitializeHandlerOptions, InitializeMiddleware } from '@aws-sdk/types';
import { errorName } from './s3-errors';

/** What S3 (and STS-style services) answer when the session token has expired. */
const EXPIRED_TOKEN = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);

/** The smithy context key under which the SDK records the identity a request was signed with. */
const SMITHY_CONTEXT_KEY = '__smithy_context';

export const expiredTokenRetryOptions: InitializeHandlerOptions & { name: string } = {
  step: 'initialize',
  name: 's3deskExpiredTokenRetry',
};

/**
 * An S3 middleware: when AWS answers ExpiredToken although our clock said
 * the credentials were good (a sleeping laptop, a skewed clock), it
 * invalidates exactly the credentials that request was signed with and runs
 * the request once more — from the top, so it is signed with new ones.
 * Never a second retry, so a clock that is badly wrong cannot make a loop.
 */
export function expiredTokenRetry<Input extends object, Output extends object>(
  invalidate: (accessKeyId: string | undefined) => void,
): InitializeMiddleware<Input, Output> {
  return (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (!EXPIRED_TOKEN.has(errorName(error)) && !isBodilessHeadRejection(error, context)) throw error;
      invalidate(signedWith(context));
      return next(args);
    }
  };
}

/**
 * A HEAD answer has no body to say ExpiredToken in: the SDK reports a bare
 * 400 it cannot name. One retry with fresh credentials is the cheap way to
 * find out; a HEAD that is really malformed fails the same way again.
 */
function isBodilessHeadRejection(error: unknown, context: object): boolean {
  const commandName = (context as { commandName?: unknown }).commandName;
  if (commandName !== 'HeadObjectCommand' && commandName !== 'HeadBucketCommand') return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return status === 400 && ['Unknown', 'BadRequest', ''].includes(errorName(error));
}

function signedWith(context: object): string | undefined {
  const smithy = (context as Record<string, unknown>)[SMITHY_CONTEXT_KEY] as
    | { selectedHttpAuthScheme?: { identity?: { accessKeyId?: unknown } } }
    | undefined;
  const accessKeyId = smithy?.selectedHttpAuthScheme?.identity?.accessKeyId;
  return typeof accessKeyId === 'string' ? accessKeyId : undefined;
}
