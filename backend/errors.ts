export type ErrorCode =
  | 'invalid_request'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'invalid_refresh_token'
  | 'refresh_token_reused'
  | 'identity_service_unavailable'
  | 'identity_service_misconfigured'
  | 'not_found'
  | 'payload_too_large'
  | 'internal_error'
  | 'database_unavailable'
  | 'unauthorized';

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An answer the client is meant to see; its message must be safe to show and to log. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      retryAfterSeconds?: number;
      /** Extra words for the access log only (e.g. the upstream error name); never secrets. */
      logNote?: string;
      /** Which rate limit refused (for logs and metrics; the client is not told). */
      limit?: string;
    } = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const invalidCredentials = (): ApiError =>
  new ApiError(401, 'invalid_credentials', 'The username or password is incorrect.');

export const invalidRefreshToken = (): ApiError =>
  new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid; sign in again.');

export const refreshTokenReused = (): ApiError =>
  new ApiError(
    401,
    'refresh_token_reused',
    'This refresh token was already used, so every session of this sign-in has been ended; sign in again.',
  );

/** `limit` names the limit that refused, for the access log only: every limit gives the client the same answer. */
export const rateLimited = (retryAfterSeconds: number, limit?: string): ApiError =>
  new ApiError(429, 'rate_limited', `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
    ...(limit ? { logNote: `limit=${limit}`, limit } : {}),
  });

export const notFound = (): ApiError => new ApiError(404, 'not_found', 'There is nothing at this address.');

export const internalError = (): ApiError =>
  new ApiError(500, 'internal_error', 'The backend failed unexpectedly; try again later.');

export const databaseUnavailable = (): ApiError =>
  new ApiError(503, 'database_unavailable', 'The backend cannot reach its database; it is not ready for requests.');

export const unauthorized = (): ApiError =>
  new ApiError(401, 'unauthorized', 'This page needs the metrics bearer token.');
