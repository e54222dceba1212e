import { z } from 'zod';

/**
 * The one contract between the renderer and the main process: channel names,
 * request schemas (validated in main on every call), reply and event types,
 * and error codes. Nothing in it can carry a token or an AWS key: session
 * state is who, where and until when — never a secret.
 */

export const IPC_CHANNELS = {
  signIn: 's3desk:session:sign-in',
  signOut: 's3desk:session:sign-out',
  getSessionState: 's3desk:session:get-state',
  switchAccount: 's3desk:session:switch-account',
  forgetAccount: 's3desk:session:forget-account',
  reconnect: 's3desk:session:reconnect',
  listBuckets: 's3desk:s3:list-buckets',
  listObjects: 's3desk:s3:list-objects',
} as const;

export const IPC_EVENTS = {
  sessionStateChanged: 's3desk:session:state-changed',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

// --- Requests -----------------------------------------------------------------

export const signInRequestSchema = z
  .object({
    backendUrl: z.string().trim().min(1, 'Enter your organisation’s S3 Desk address.').max(2048),
    username: z.string().trim().min(1, 'Enter your username.').max(128),
    password: z.string().min(1, 'Enter your password.').max(1024),
  })
  .strict();

/** S3 bucket naming rules (the general-purpose subset). */
export const bucketNameSchema = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'not a valid S3 bucket name');

export const listObjectsRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    /** A key prefix ending in '/' (a folder), or '' for the bucket root. */
    prefix: z.string().max(1024),
    continuationToken: z.string().min(1).max(4096).optional(),
  })
  .strict();

/** A saved account's id, as listed in SessionState.accounts. */
export const accountIdSchema = z.string().min(3).max(2300);

export const noArgumentsSchema = z.tuple([]);

export type SignInRequest = z.infer<typeof signInRequestSchema>;
export type ListObjectsRequest = z.infer<typeof listObjectsRequestSchema>;

/** For each channel, the schema of its argument list. */
export const IPC_REQUEST_SCHEMAS = {
  [IPC_CHANNELS.signIn]: z.tuple([signInRequestSchema]),
  [IPC_CHANNELS.signOut]: noArgumentsSchema,
  [IPC_CHANNELS.getSessionState]: noArgumentsSchema,
  [IPC_CHANNELS.switchAccount]: z.tuple([accountIdSchema]),
  [IPC_CHANNELS.forgetAccount]: z.tuple([accountIdSchema]),
  [IPC_CHANNELS.reconnect]: noArgumentsSchema,
  [IPC_CHANNELS.listBuckets]: noArgumentsSchema,
  [IPC_CHANNELS.listObjects]: z.tuple([listObjectsRequestSchema]),
} satisfies Record<IpcChannel, z.ZodType<unknown[]>>;

// --- Replies ------------------------------------------------------------------

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

export interface BucketEntry {
  name: string;
  /** Where this user's access starts ('' for the whole bucket). */
  prefix: string;
  /** 'session': granted by the backend; 'account': found by ListBuckets. */
  source: 'session' | 'account';
}

export interface FolderEntry {
  /** Full key prefix, ending in the delimiter. */
  prefix: string;
  /** The last path segment, for display. */
  name: string;
}

export interface ObjectEntry {
  key: string;
  name: string;
  size: number;
  /** ISO 8601 */
  lastModified: string;
  storageClass: string;
}

export interface ObjectPage {
  bucket: string;
  prefix: string;
  folders: FolderEntry[];
  objects: ObjectEntry[];
  /** Present when more entries follow; pass it back to get the next page. */
  nextContinuationToken: string | null;
}

// --- Errors -------------------------------------------------------------------

export const IPC_ERROR_CODES = [
  'invalid_input',
  'invalid_backend_url',
  'backend_unreachable',
  'backend_error',
  'invalid_credentials',
  'rate_limited',
  'identity_service_error',
  'not_signed_in',
  'session_expired',
  'no_such_account',
  'keychain_unavailable',
  'identity_misconfigured',
  'access_denied',
  'no_such_bucket',
  'network_error',
  'untrusted_sender',
  'internal_error',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  /** A sentence a person can act on; never contains a secret. */
  message: string;
  /** With rate_limited: seconds until trying again makes sense. */
  retryAfterSeconds?: number;
}

/**
 * Every reply is a result rather than a thrown error, because Electron
 * flattens errors crossing IPC into strings and loses their codes.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// --- The API the preload exposes as window.api ------------------------------------

export interface DeskApi {
  signIn(request: SignInRequest): Promise<IpcResult<SessionState>>;
  signOut(): Promise<IpcResult<SessionState>>;
  getSessionState(): Promise<IpcResult<SessionState>>;
  /** Signs in silently as a saved account (the current session stays saved). */
  switchAccount(accountId: string): Promise<IpcResult<SessionState>>;
  /** Removes a saved account from the keychain and revokes it at its backend; signs out if it is the current one. */
  forgetAccount(accountId: string): Promise<IpcResult<SessionState>>;
  /** While reconnecting: try the token refresh now instead of waiting for the next attempt. */
  reconnect(): Promise<IpcResult<SessionState>>;
  listBuckets(): Promise<IpcResult<BucketEntry[]>>;
  listObjects(request: ListObjectsRequest): Promise<IpcResult<ObjectPage>>;
  /** Subscribes to session changes; returns the unsubscribe function. */
  onSessionStateChanged(listener: (state: SessionState) => void): () => void;
}

/** The reply type of each channel, so both sides stay in step. */
export interface IpcReplies {
  [IPC_CHANNELS.signIn]: SessionState;
  [IPC_CHANNELS.signOut]: SessionState;
  [IPC_CHANNELS.getSessionState]: SessionState;
  [IPC_CHANNELS.switchAccount]: SessionState;
  [IPC_CHANNELS.forgetAccount]: SessionState;
  [IPC_CHANNELS.reconnect]: SessionState;
  [IPC_CHANNELS.listBuckets]: BucketEntry[];
  [IPC_CHANNELS.listObjects]: ObjectPage;
}
