import type { IpcError } from '../../common/ipc';
import { isServiceError } from '../shared/errors';
import { describeError, type Logger } from '../shared/logger';

/**
 * Known failures keep their code and sentence; anything else is a bug or an
 * unforeseen library error, logged (redacted) and shown as internal_error,
 * because its message was not written for the renderer and may carry details.
 */
export function toIpcError(error: unknown, logger: Logger, channel: string): IpcError {
  if (isServiceError(error)) return error.toIpcError();
  logger.error(`Unexpected failure on ${channel}: ${describeError(error)}`);
  return { code: 'internal_error', message: 'Something went wrong inside S3 Desk. Try again; if it keeps happening, restart the app.' };
}
