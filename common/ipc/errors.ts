export const IPC_ERROR_CODES = [
  'invalid_input',
  'invalid_backend_url',
  'backend_unreachable',
  'backend_error',
  'invalid_credentials',
  'rate_limited',
  'identity_service_error',
  'not_signed_in',
  'session_expired',
  'no_such_account',
  'keychain_unavailable',
  'identity_misconfigured',
  'access_denied',
  'no_such_bucket',
  'network_error',
  'no_such_key',
  'no_such_listing',
  'no_such_transfer',
  'already_exists',
  'local_file_error',
  'archived_object',
  /** An object changed (or was replaced) while it was being copied or moved: a precondition on its ETag failed. */
  'source_changed',
  /** A copy landed but does not match its source (size, ETag or checksum), so a move kept the source. */
  'copy_not_verified',
  'cancelled',
  'untrusted_sender',
  'internal_error',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  /** A sentence a person can act on; never contains a secret. */
  message: string;
  /** With rate_limited: seconds until trying again makes sense. */
  retryAfterSeconds?: number;
}

/**
 * Every reply is a result rather than a thrown error, because Electron
 * flattens errors crossing IPC into strings and loses their codes.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
