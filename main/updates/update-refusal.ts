/**
 * Why an update was refused. Every one of these ends in the same sentence for
 * the person ('This update could not be verified') with a short detail; the
 * reason itself goes to the log.
 */
export type RefusalReason =
  | 'unsigned'
  | 'malformed-signature'
  | 'other-key'
  | 'bad-signature'
  | 'invalid-manifest'
  | 'not-newer'
  | 'artifact-mismatch';

/** The code UpdateService looks for; electron-updater passes errors from a provider through unchanged. */
export const UPDATE_REFUSED = 'ERR_S3DESK_UPDATE_REFUSED';

/** What electron-updater throws when a downloaded file's SHA-512 is not the one in the (verified) manifest. */
const CHECKSUM_MISMATCH = 'ERR_CHECKSUM_MISMATCH';

export class UpdateRefusedError extends Error {
  override name = 'UpdateRefusedError';
  readonly code = UPDATE_REFUSED;

  constructor(
    readonly reason: RefusalReason,
    /** One sentence safe to show: no address, no key material. */
    readonly detail: string,
  ) {
    super(`Update refused (${reason}): ${detail}`);
  }
}

/** The refusal an error stands for, or null when it is an ordinary failure (network, feed missing). */
export function refusalOf(error: unknown): UpdateRefusedError | null {
  if (error instanceof UpdateRefusedError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === UPDATE_REFUSED && error instanceof Error) {
    const { reason, detail } = error as Partial<UpdateRefusedError>;
    if (reason && detail) return new UpdateRefusedError(reason, detail);
  }
  if (code === CHECKSUM_MISMATCH) {
    return new UpdateRefusedError('artifact-mismatch', 'The downloaded file does not match the signed update description.');
  }
  return null;
}
