/**
 * The reason a transfer is stopped with when the app quits (not cancelled
 * by the user): what it has done is kept — a download's temp file, an
 * upload's multipart upload — to be continued at the next launch.
 */
export class SuspendedError extends Error {
  override name = 'SuspendedError';
  constructor() {
    super('S3 Desk is quitting: this transfer can be resumed at the next launch.');
  }
}

export function isSuspended(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof SuspendedError;
}
