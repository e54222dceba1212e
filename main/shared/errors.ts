import type { IpcError, IpcErrorCode } from '../../common/ipc';

/**
 * An expected failure with a code from the IPC contract and a sentence a
 * person can act on. Services throw these; the IPC layer turns them into
 * `{ ok: false, error }` unchanged. The message must never hold a secret.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';

  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toIpcError(): IpcError {
    return this.retryAfterSeconds === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterSeconds: this.retryAfterSeconds };
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

export const notSignedIn = (): ServiceError => new ServiceError('not_signed_in', 'You are not signed in. Sign in to browse S3.');
