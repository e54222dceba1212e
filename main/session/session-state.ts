import type { KeychainStatus, SavedAccount, SessionState } from '../../common/ipc';
import type { LiveSession } from './live-session';
import type { Settings } from './settings-store';

/** Where SessionService is: nobody signed in, a silent sign-in under way, or a live session. */
export type Phase = { kind: 'signed-out' } | { kind: 'resuming'; account: SavedAccount } | { kind: 'signed-in'; live: LiveSession };

/** What the state shows besides the phase. */
export interface StateContext {
  accounts: SavedAccount[];
  keychain: KeychainStatus;
  settings: Settings;
  /** Why the previous session ended, when not by the user's choice. */
  endReason: string | null;
}

/**
 * The SessionState the window sees: who, where, until when and how the
 * connection is. Built field by field from what a LiveSession exposes, so a
 * token or key can never slip in; copies, so no listener can change the service.
 */
export function sessionStateOf(phase: Phase, context: StateContext): SessionState {
  const { keychain, settings, endReason } = context;
  const accounts = context.accounts.map((account) => ({ ...account }));
  if (phase.kind === 'resuming') return { status: 'resuming', account: { ...phase.account }, accounts, keychain };
  if (phase.kind === 'signed-out') {
    return { status: 'signed-out', lastBackendUrl: settings.lastBackendUrl, lastUsername: settings.lastUsername, reason: endReason, accounts, keychain };
  }
  const live = phase.live;
  return {
    status: 'signed-in',
    accountId: live.accountId,
    username: live.username,
    backendOrigin: live.endpoint.origin,
    backendUrl: live.endpoint.baseUrl,
    identityId: live.identityId,
    region: live.region,
    tokenExpiresAt: new Date(live.tokenValidUntil).toISOString(),
    remembered: live.remembered,
    rememberError: live.rememberError,
    connection: { ...live.connection },
    accounts,
    keychain,
  };
}
