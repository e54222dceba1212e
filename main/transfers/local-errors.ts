import { ServiceError } from '../shared/errors';

/** Error codes of the local file system (as opposed to the network, whose codes also come as errno). */
const LOCAL_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENAMETOOLONG',
  'ELOOP',
  'EMFILE',
  'ENFILE',
  'EIO',
  'EBUSY',
  'ETXTBSY',
  'EBADF',
]);

export function isLocalFileError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && LOCAL_CODES.has(code);
}

/**
 * A failure reading or writing one local file, as a sentence naming that
 * file (its name relative to what the user chose, never anything else).
 */
export function localFileError(error: unknown, operation: 'read' | 'write', name: string): ServiceError {
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = `“${name}”`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return new ServiceError('local_file_error', `There is not enough disk space to save ${quoted}.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ServiceError(
        'local_file_error',
        operation === 'read' ? `S3 Desk is not allowed to read ${quoted}.` : `S3 Desk is not allowed to save ${quoted} in that folder.`,
      );
    case 'ENOENT':
      return new ServiceError(
        'local_file_error',
        operation === 'read' ? `${quoted} is no longer there.` : `The folder to save ${quoted} in is no longer there.`,
      );
    case 'EISDIR':
      return new ServiceError('local_file_error', `${quoted} is a folder, not a file.`);
    case 'ENOTDIR':
    case 'EEXIST':
      return new ServiceError('local_file_error', `A file is in the way of the folder for ${quoted}.`);
    case 'ENAMETOOLONG':
      return new ServiceError('local_file_error', `The path of ${quoted} is too long for this computer.`);
    default: {
      const shown = typeof code === 'string' && /^E[A-Z0-9]{1,20}$/.test(code) ? ` (${code})` : '';
      return new ServiceError('local_file_error', `Could not ${operation} ${quoted}${shown}.`);
    }
  }
}
