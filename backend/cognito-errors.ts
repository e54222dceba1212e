import { ApiError } from './errors';

/** Throttling surfaces only after the SDK's own retries, so ask clients to back off a little longer. */
export const THROTTLED_RETRY_AFTER_SECONDS = 5;

const THROTTLING = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);

const CREDENTIAL_PROBLEMS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'AccessDeniedException',
  'ExpiredTokenException',
]);

// What an administrator should check for each misconfiguration. Messages name
// settings, never their values, so nothing secret ever reaches a client.
const MISCONFIGURED_HINTS: Record<string, string> = {
  NotAuthorizedException:
    "check that the backend's IAM identity may call cognito-identity:GetOpenIdTokenForDeveloperIdentity on this pool and that COGNITO_DEVELOPER_PROVIDER_NAME matches the pool's developer provider name",
  ResourceNotFoundException:
    "check COGNITO_IDENTITY_POOL_ID and COGNITO_REGION (the pool, or this user's stored identity, does not exist there)",
  InvalidParameterException:
    'check COGNITO_IDENTITY_POOL_ID, COGNITO_DEVELOPER_PROVIDER_NAME and COGNITO_TOKEN_DURATION_SECONDS',
  ResourceConflictException:
    "the user's stored identity belongs to another developer login; check that COGNITO_DEVELOPER_PROVIDER_NAME and the pool have not changed",
  DeveloperUserAlreadyRegisteredException:
    "the user's stored identity belongs to another developer login; check that COGNITO_DEVELOPER_PROVIDER_NAME and the pool have not changed",
};

interface SdkErrorShape {
  name?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const safeName = (name: unknown): string =>
  typeof name === 'string' && /^[A-Za-z][\w.]{0,80}$/.test(name) ? name : 'UnknownError';

/**
 * Maps whatever the Cognito call threw to the contract's answers: 503 when
 * Cognito is busy or unreachable (the client may retry), 502 when it rejects
 * the backend's own setup (only an administrator can fix that).
 */
export function identityServiceError(error: unknown): ApiError {
  const shape = (error ?? {}) as SdkErrorShape;
  const name = safeName(shape.name);
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const logNote = `cognito=${name}${status ? `/${status}` : ''}`;

  if (THROTTLING.has(name)) {
    return new ApiError(
      503,
      'identity_service_unavailable',
      'The identity service is busy; try again shortly.',
      { retryAfterSeconds: THROTTLED_RETRY_AFTER_SECONDS, logNote },
    );
  }
  const hint = MISCONFIGURED_HINTS[name];
  if (hint) {
    return new ApiError(
      502,
      'identity_service_misconfigured',
      `The identity service rejected the backend's request (${name}); an administrator should ${hint}.`,
      { logNote },
    );
  }
  if (CREDENTIAL_PROBLEMS.has(name)) {
    return new ApiError(
      502,
      'identity_service_misconfigured',
      `The identity service did not accept the backend's AWS credentials (${name}); an administrator should check the backend's IAM credentials and their permissions.`,
      { logNote },
    );
  }
  // Any other answer Cognito blamed on the request is a setup problem too;
  // server faults, missing answers and network errors are an outage.
  if (shape.$fault === 'client' && status !== undefined && status >= 400 && status < 500) {
    return new ApiError(
      502,
      'identity_service_misconfigured',
      `The identity service rejected the backend's request (${name}); an administrator should check the backend's Cognito settings.`,
      { logNote },
    );
  }
  return new ApiError(503, 'identity_service_unavailable', 'The identity service is unavailable; try again later.', {
    logNote,
  });
}
