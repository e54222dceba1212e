import type { IpcError } from '../../../../common/ipc';
import { ADMIN_NOTE } from '../accounts/accountErrors';

/** Where a sign-in error is shown: under the address field, or above the button. */
export type SignInErrorPlacement = 'backendUrl' | 'form';

export interface SignInErrorView {
  placement: SignInErrorPlacement;
  title: string;
  /** A second line with what to do next, when there is one. */
  hint: string | null;
  /** A closing line, e.g. who can fix it. */
  note?: string | null;
}

/**
 * What the sign-in screen says for each error the main process can answer
 * with. `rate_limited` is rendered by the screen itself (it counts down).
 */
export function describeSignInError(error: IpcError, backendHost: string): SignInErrorView {
  switch (error.code) {
    case 'invalid_backend_url':
      return { placement: 'backendUrl', title: error.message || 'This address isn’t valid.', hint: null };
    case 'backend_unreachable':
      return {
        placement: 'form',
        title: `Can’t reach ${backendHost || 'your organisation’s server'}`,
        hint: 'Check the address and your network connection, then try again.',
      };
    case 'invalid_credentials':
      return { placement: 'form', title: 'Username or password is incorrect', hint: 'Check them and try again.' };
    case 'rate_limited':
      return { placement: 'form', title: 'Too many sign-in attempts', hint: 'Wait a moment before trying again.' };
    case 'identity_service_error':
      return {
        placement: 'form',
        title: 'The sign-in service couldn’t grant access right now',
        hint: 'This is usually temporary. Try again in a moment, or contact your administrator if it persists.',
      };
    case 'identity_misconfigured':
      // The message is written for an administrator: shown whole, so it can be passed on.
      return {
        placement: 'form',
        title: 'Sign-in isn’t set up correctly for this organisation',
        hint: error.message || null,
        note: ADMIN_NOTE,
      };
    case 'backend_error':
      return {
        placement: 'form',
        title: `${backendHost || 'Your organisation’s server'} ran into a problem`,
        hint: error.message || 'Try again in a moment.',
      };
    case 'invalid_input':
      return { placement: 'form', title: error.message || 'Check the details you entered.', hint: null };
    default:
      return { placement: 'form', title: 'Sign-in didn’t work', hint: error.message || 'Try again in a moment.' };
  }
}
