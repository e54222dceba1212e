import type { IpcError, SavedAccount } from '../../../../common/ipc';

export interface AccountErrorView {
  title: string;
  /** What went wrong in the main process's words, or what to do next. */
  detail: string | null;
  /** A closing line, e.g. who can fix it. */
  note: string | null;
}

/** The line that goes under messages written for an administrator. */
export const ADMIN_NOTE = 'Show this message to your administrator.';

type Action = 'switch' | 'forget' | 'sign-out';

function what(action: Action, account: SavedAccount | null): string {
  const who = account ? `${account.username} on ${account.backendHost}` : 'this account';
  switch (action) {
    case 'switch':
      return `Couldn’t sign in as ${who}`;
    case 'forget':
      return `Couldn’t forget ${who}`;
    case 'sign-out':
      return 'Couldn’t sign out';
  }
}

/**
 * What the UI says when switching to, forgetting or signing out of an account
 * fails. `account` is null when it is no longer in the saved list.
 */
export function describeAccountError(error: IpcError, action: Action, account: SavedAccount | null): AccountErrorView {
  const title = what(action, account);
  const host = account?.backendHost ?? 'your organisation’s server';
  switch (error.code) {
    case 'backend_unreachable':
    case 'network_error':
      return { title, detail: `Can’t reach ${host}. Check your network connection, then try again.`, note: null };
    case 'identity_misconfigured':
      // Written for an administrator by main: shown whole, never paraphrased.
      return { title, detail: error.message || null, note: ADMIN_NOTE };
    case 'no_such_account':
      return { title, detail: 'This account is no longer saved on this computer.', note: null };
    case 'session_expired':
    case 'not_signed_in':
      return {
        title,
        detail: error.message || 'Its saved sign-in has expired. Sign in with the password instead.',
        note: null,
      };
    case 'rate_limited':
      return {
        title,
        detail: error.retryAfterSeconds
          ? `Too many attempts. Try again in ${error.retryAfterSeconds} ${error.retryAfterSeconds === 1 ? 'second' : 'seconds'}.`
          : 'Too many attempts. Wait a moment, then try again.',
        note: null,
      };
    default:
      return { title, detail: error.message || 'Try again in a moment.', note: null };
  }
}
