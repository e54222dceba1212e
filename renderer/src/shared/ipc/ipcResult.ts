import type { IpcError, IpcResult } from '../../../../common/ipc';

/** An unexpected rejection (a bug, a dropped IPC) as an IpcError, so it can be shown the same way. */
export function unexpectedError(error: unknown): IpcError {
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Hands a call's value to `onValue`, or its error to `onError`. A call that
 * rejects instead of answering goes to `onError` too, as an internal_error,
 * so callers have one failure path to write.
 */
export function handleIpcResult<T>(
  call: Promise<IpcResult<T>>,
  onValue: (value: T) => void,
  onError: (error: IpcError) => void,
): void {
  call.then(
    (result) => (result.ok ? onValue(result.value) : onError(result.error)),
    (error: unknown) => onError(unexpectedError(error)),
  );
}
