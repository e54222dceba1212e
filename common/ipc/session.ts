import { z } from 'zod';
import { ipcEvent, operation } from './operation';

/** The session domain: signing in and out, saved accounts, the session's state. Nothing in it can carry a secret. */

export const signInRequestSchema = z
  .object({
    backendUrl: z.string().trim().min(1, 'Enter your organisation’s S3 Desk address.').max(2048),
    username: z.string().trim().min(1, 'Enter your username.').max(128),
    password: z.string().min(1, 'Enter your password.').max(1024),
  })
  .strict();

/** A saved account's id, as listed in SessionState.accounts. */
export const accountIdSchema = z.string().min(3).max(2300);

export const noArgumentsSchema = z.tuple([]);

export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** An account remembered in the OS keychain: who and where, never its secret. */
export interface SavedAccount {
  /** Stable id for switchAccount / forgetAccount. */
  id: string;
  /** The backend's address as signed in to, e.g. https://desk.example.com/s3desk */
  backendUrl: string;
  /** Host (and port) alone, for display. */
  backendHost: string;
  username: string;
}

/** Whether the refresh secret can be kept in the OS keychain on this computer. */
export type KeychainStatus = { available: true } | { available: false; reason: string };

/**
 * How the session's renewal is going. 'reconnecting': the last token refresh
 * failed for a passing reason (backend unreachable, 5xx, throttled); S3 keeps
 * working with the credentials still valid while main retries with backoff.
 */
export type ConnectionStatus =
  | { status: 'online' }
  | {
      status: 'reconnecting';
      /** What went wrong, for a person. */
      message: string;
      /** ISO 8601: when the next automatic attempt happens; null while one is running. */
      nextAttemptAt: string | null;
    };

export type SessionState =
  | {
      /** Launch (or a switch): signing in silently with a saved account. Show a splash, not the sign-in form. */
      status: 'resuming';
      account: SavedAccount;
      accounts: SavedAccount[];
      keychain: KeychainStatus;
    }
  | {
      status: 'signed-out';
      /** Pre-fills the sign-in form: the last backend and user that signed in here. */
      lastBackendUrl: string | null;
      lastUsername: string | null;
      /** Why the previous session ended, when it did not end by the user's choice. */
      reason: string | null;
      /** Saved accounts that can be continued without a password. */
      accounts: SavedAccount[];
      keychain: KeychainStatus;
    }
  | {
      status: 'signed-in';
      /** The saved-account id of this session (also when it could not be saved). */
      accountId: string;
      username: string;
      /** The backend's origin, e.g. https://desk.example.com */
      backendOrigin: string;
      /** The backend's address as signed in to (origin plus any path). */
      backendUrl: string;
      identityId: string;
      region: string;
      /** ISO 8601: when the current OpenID token expires (it is refreshed before). */
      tokenExpiresAt: string;
      /** Whether the refresh secret is in the OS keychain; false with the reason when it could not be saved. */
      remembered: boolean;
      rememberError: string | null;
      connection: ConnectionStatus;
      /** All saved accounts, this one included when remembered. */
      accounts: SavedAccount[];
      keychain: KeychainStatus;
    };

/** What the organisation's policy file decides for the sign-in screen (see README, Install). */
export interface OrganisationPolicy {
  /** The backend address the policy pre-fills, or null. */
  backendUrl: string | null;
  /** Only backendUrl may be signed in to: the field is shown read-only. */
  backendUrlLocked: boolean;
  /** Why the policy file was ignored as a whole (a sentence naming the file), or null. */
  problem: string | null;
}

const session = operation<SessionState>();

export const sessionOperations = {
  signIn: session('s3desk:session:sign-in', z.tuple([signInRequestSchema])),
  signOut: session('s3desk:session:sign-out', noArgumentsSchema),
  getSessionState: session('s3desk:session:get-state', noArgumentsSchema),
  /** Signs in silently as a saved account (the current session stays saved). */
  switchAccount: session('s3desk:session:switch-account', z.tuple([accountIdSchema])),
  /** Removes a saved account from the keychain and revokes it at its backend; signs out if it is the current one. */
  forgetAccount: session('s3desk:session:forget-account', z.tuple([accountIdSchema])),
  /** While reconnecting: try the token refresh now instead of waiting for the next attempt. */
  reconnect: session('s3desk:session:reconnect', noArgumentsSchema),
  getOrganisationPolicy: operation<OrganisationPolicy>()('s3desk:session:get-policy', noArgumentsSchema),
};

export const sessionEvents = {
  /** Every change of the session's state. SessionState holds no secret by construction. */
  onSessionStateChanged: ipcEvent<SessionState>('s3desk:session:state-changed'),
};
