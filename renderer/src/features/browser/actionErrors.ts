import type { IpcError } from '../../../../common/ipc';

export interface ActionErrorView {
  title: string;
  detail: string;
}

/**
 * What the browser says when an action on objects fails, in plain words and
 * where it happened. `what` completes "Couldn’t …": "download report.pdf",
 * "show the details of notes.md", "delete 3 items".
 */
export function describeActionError(error: IpcError, what: string): ActionErrorView {
  const title = `Couldn’t ${what}`;
  switch (error.code) {
    case 'access_denied':
      return { title, detail: 'You don’t have permission to do this here. Ask your administrator if you need access.' };
    case 'no_such_bucket':
      return { title, detail: 'The bucket no longer exists. It may have been deleted or renamed.' };
    case 'no_such_key':
      return { title, detail: 'It no longer exists. Someone may have deleted or moved it; refresh the folder to see what is there now.' };
    case 'network_error':
      return { title, detail: 'Can’t connect to storage. Check your network connection, then try again.' };
    case 'session_expired':
    case 'not_signed_in':
      return { title, detail: 'Your session has expired. Try again, or sign out and sign in again.' };
    case 'archived_object':
      return {
        title,
        detail: error.message || 'It is in an archive storage class and must be restored before it can be read.',
      };
    case 'already_exists':
      return { title, detail: error.message || 'Something with this name already exists here.' };
    case 'local_file_error':
      return { title, detail: error.message || 'A file on this computer couldn’t be read or written.' };
    case 'rate_limited':
      return {
        title,
        detail: error.retryAfterSeconds
          ? `Storage is busy. Try again in ${error.retryAfterSeconds} s.`
          : 'Storage is busy. Wait a moment, then try again.',
      };
    case 'invalid_input':
      return { title, detail: error.message || 'Check what you entered.' };
    default:
      return { title, detail: error.message || 'Try again in a moment.' };
  }
}
