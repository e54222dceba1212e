import type { IpcError } from '../../../../common/ipc';

export interface ListingErrorView {
  title: string;
  detail: string;
}

/** What the browser says when a bucket or folder can't be listed. */
export function describeListingError(error: IpcError, location: string): ListingErrorView {
  switch (error.code) {
    case 'access_denied':
      return {
        title: 'You don’t have access to this folder',
        detail: `Your account isn’t allowed to list ${location}. Ask your administrator if you need access.`,
      };
    case 'no_such_bucket':
      return {
        title: 'This bucket doesn’t exist',
        detail: `${location} may have been deleted or renamed.`,
      };
    case 'network_error':
      return {
        title: 'Can’t connect to storage',
        detail: 'Check your network connection, then try again.',
      };
    case 'session_expired':
    case 'not_signed_in':
      return {
        title: 'Your session has expired',
        detail: 'Try again, or sign out and sign in again to continue.',
      };
    default:
      return {
        title: `Couldn’t load ${location}`,
        detail: error.message || 'Try again in a moment.',
      };
  }
}
