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
  openListing: 's3desk:s3:open-listing',
  cancelListing: 's3desk:s3:cancel-listing',
  headObject: 's3desk:s3:head-object',
  copyS3Uri: 's3desk:s3:copy-uri',
  openPreview: 's3desk:s3:open-preview',
  summarize: 's3desk:s3:summarize',
  deleteObjects: 's3desk:s3:delete-objects',
  createFolder: 's3desk:s3:create-folder',
  download: 's3desk:transfers:download',
  pickUpload: 's3desk:transfers:pick-upload',
  planUpload: 's3desk:transfers:plan-upload',
  startUpload: 's3desk:transfers:start-upload',
  discardUpload: 's3desk:transfers:discard-upload',
  listTransfers: 's3desk:transfers:list',
  cancelTransfer: 's3desk:transfers:cancel',
  retryTransfer: 's3desk:transfers:retry',
  clearFinishedTransfers: 's3desk:transfers:clear-finished',
  showTransfer: 's3desk:transfers:show',
} as const;

export const IPC_EVENTS = {
  sessionStateChanged: 's3desk:session:state-changed',
  listingEvent: 's3desk:s3:listing-event',
  transfersChanged: 's3desk:transfers:changed',
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

/** An object key (any UTF-8 S3 allows, up to 1024 bytes). */
export const objectKeySchema = z.string().min(1).max(1024);

/** A folder prefix: '' (bucket root) or ending in '/'. */
export const folderPrefixSchema = z
  .string()
  .max(1024)
  .refine((prefix) => prefix === '' || prefix.endsWith('/'), 'a folder prefix ends with "/"');

/** Ids of listings, transfers and upload plans: opaque, short. */
export const handleIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');

export const openListingRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    prefix: folderPrefixSchema,
    /** Chosen by the renderer (e.g. crypto.randomUUID()), so it can match events that arrive before the reply. */
    listingId: handleIdSchema,
  })
  .strict();

export const objectRefSchema = z.object({ bucket: bucketNameSchema, key: objectKeySchema }).strict();

/** A selection in one folder: objects by key and whole folders by prefix. */
export const selectionSchema = z
  .object({
    bucket: bucketNameSchema,
    keys: z.array(objectKeySchema).max(100_000),
    prefixes: z.array(folderPrefixSchema.refine((p) => p !== '', 'the bucket root cannot be selected')).max(10_000),
  })
  .strict()
  .refine((s) => s.keys.length + s.prefixes.length > 0, 'nothing is selected');

export const downloadRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    keys: z.array(objectKeySchema).max(100_000),
    prefixes: z.array(folderPrefixSchema.refine((p) => p !== '', 'the bucket root cannot be selected')).max(10_000),
    /** The folder being browsed: local paths are the keys relative to it. */
    basePrefix: folderPrefixSchema,
  })
  .strict()
  .refine((s) => s.keys.length + s.prefixes.length > 0, 'nothing is selected');

export const createFolderRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    /** The folder to create it in. */
    prefix: folderPrefixSchema,
    name: z
      .string()
      .trim()
      .min(1, 'Enter a folder name.')
      .max(255)
      .refine((name) => !name.includes('/'), 'A folder name cannot contain "/".')
      .refine((name) => name !== '.' && name !== '..', 'A folder cannot be called "." or "..".'),
  })
  .strict();

export const pickUploadRequestSchema = z
  .object({ bucket: bucketNameSchema, prefix: folderPrefixSchema, kind: z.enum(['files', 'folder']) })
  .strict();

/** Local paths from a drop (resolved in preload with webUtils.getPathForFile). */
export const planUploadRequestSchema = z
  .object({ bucket: bucketNameSchema, prefix: folderPrefixSchema, paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) })
  .strict();

export const startUploadRequestSchema = z
  .object({
    planId: handleIdSchema,
    /** What to do with keys that already exist: replace them, or upload only the new ones. */
    existing: z.enum(['replace', 'skip']),
  })
  .strict();

/** A saved account's id, as listed in SessionState.accounts. */
export const accountIdSchema = z.string().min(3).max(2300);

export const noArgumentsSchema = z.tuple([]);

export type SignInRequest = z.infer<typeof signInRequestSchema>;
export type ListObjectsRequest = z.infer<typeof listObjectsRequestSchema>;
export type OpenListingRequest = z.infer<typeof openListingRequestSchema>;
export type ObjectRef = z.infer<typeof objectRefSchema>;
export type Selection = z.infer<typeof selectionSchema>;
export type DownloadRequest = z.infer<typeof downloadRequestSchema>;
export type CreateFolderRequest = z.infer<typeof createFolderRequestSchema>;
export type PickUploadRequest = z.infer<typeof pickUploadRequestSchema>;
export type PlanUploadRequest = z.infer<typeof planUploadRequestSchema>;
export type StartUploadRequest = z.infer<typeof startUploadRequestSchema>;

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
  [IPC_CHANNELS.openListing]: z.tuple([openListingRequestSchema]),
  [IPC_CHANNELS.cancelListing]: z.tuple([handleIdSchema]),
  [IPC_CHANNELS.headObject]: z.tuple([objectRefSchema]),
  [IPC_CHANNELS.copyS3Uri]: z.tuple([objectRefSchema]),
  [IPC_CHANNELS.openPreview]: z.tuple([objectRefSchema]),
  [IPC_CHANNELS.summarize]: z.tuple([selectionSchema]),
  [IPC_CHANNELS.deleteObjects]: z.tuple([selectionSchema]),
  [IPC_CHANNELS.createFolder]: z.tuple([createFolderRequestSchema]),
  [IPC_CHANNELS.download]: z.tuple([downloadRequestSchema]),
  [IPC_CHANNELS.pickUpload]: z.tuple([pickUploadRequestSchema]),
  [IPC_CHANNELS.planUpload]: z.tuple([planUploadRequestSchema]),
  [IPC_CHANNELS.startUpload]: z.tuple([startUploadRequestSchema]),
  [IPC_CHANNELS.discardUpload]: z.tuple([handleIdSchema]),
  [IPC_CHANNELS.listTransfers]: noArgumentsSchema,
  [IPC_CHANNELS.cancelTransfer]: z.tuple([handleIdSchema]),
  [IPC_CHANNELS.retryTransfer]: z.tuple([handleIdSchema]),
  [IPC_CHANNELS.clearFinishedTransfers]: noArgumentsSchema,
  [IPC_CHANNELS.showTransfer]: z.tuple([handleIdSchema]),
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

/**
 * A listing streamed page by page (openListing): 'page' events in S3's key
 * order as they arrive, then exactly one 'done', 'error' or nothing (after
 * cancelListing). Folders may repeat across pages only if S3 repeats them.
 */
export type ListingEvent =
  | { listingId: string; kind: 'page'; folders: FolderEntry[]; objects: ObjectEntry[] }
  | { listingId: string; kind: 'done'; folderCount: number; objectCount: number }
  | { listingId: string; kind: 'error'; error: IpcError };

export interface ObjectDetails {
  bucket: string;
  key: string;
  /** s3://bucket/key */
  s3Uri: string;
  size: number;
  contentType: string | null;
  eTag: string | null;
  storageClass: string;
  /** ISO 8601 */
  lastModified: string | null;
  /** User metadata (x-amz-meta-*), names lower-cased. */
  metadata: Record<string, string>;
  /** For archive classes: whether a restored copy can be read now. */
  archive: { restoreStatus: 'not-restored' | 'restoring' | 'restored'; restoredUntil: string | null } | null;
}

/**
 * How to show a preview. `url` is an s3desk-preview: address that main
 * serves by streaming the object (or its first bytes) itself: it carries an
 * unguessable one-session handle, never a presigned URL or credential.
 */
export type PreviewDescriptor =
  | { kind: 'image'; url: string; contentType: string; size: number }
  | { kind: 'text'; url: string; contentType: string; size: number; format: 'plain' | 'json' | 'csv'; truncated: boolean; previewBytes: number }
  | { kind: 'unavailable'; reason: string };

/** What a selection holds, listed recursively (before a folder download or a delete). */
export interface SelectionSummary {
  objectCount: number;
  totalBytes: number;
  /** Objects in GLACIER / DEEP_ARCHIVE (and archive tiers) that cannot be read until restored. */
  archived: { count: number; bytes: number; storageClasses: string[] };
  /** Up to 20 keys, for a confirmation to show what will go. */
  sample: string[];
}

export interface DeleteResult {
  deleted: number;
  /** Keys S3 refused to delete, with why (first 50). */
  failed: Array<{ key: string; message: string }>;
  failedCount: number;
}

/** An upload ready to start: main holds the local paths; the renderer sees names and totals. */
export interface UploadPlan {
  planId: string;
  bucket: string;
  prefix: string;
  fileCount: number;
  totalBytes: number;
  /** Keys that already exist in S3 (first 20), shown in the overwrite prompt. */
  existing: string[];
  existingCount: number;
  /** Local entries that cannot be uploaded (unreadable, not a file), with why (first 20). */
  problems: Array<{ name: string; message: string }>;
}

export type TransferStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** One user action in the transfers panel: a file, a folder, or a selection. */
export interface TransferJob {
  id: string;
  direction: 'download' | 'upload';
  /** e.g. "report.pdf" or "photos (1,204 files)" */
  label: string;
  bucket: string;
  /** The S3 folder it goes to or comes from. */
  prefix: string;
  status: TransferStatus;
  filesTotal: number;
  filesDone: number;
  /** Files not transferred on purpose (archive storage class, or already existing with 'skip'). */
  filesSkipped: number;
  filesFailed: number;
  bytesTotal: number;
  bytesDone: number;
  /** Bytes per second over the last few seconds; 0 when not running. */
  bytesPerSecond: number;
  /** ISO 8601 */
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it failed (status 'failed'), or the first file error. */
  error: IpcError | null;
  /** Whether retryTransfer can run it again (failed or cancelled files remain). */
  retryable: boolean;
  /** Downloads: whether showTransfer can reveal it in the file manager. */
  revealable: boolean;
}

export type DownloadStart = { status: 'started'; job: TransferJob } | { status: 'cancelled' };

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
  'no_such_key',
  'no_such_listing',
  'no_such_transfer',
  'already_exists',
  'local_file_error',
  'archived_object',
  'cancelled',
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
  /** Starts streaming a folder's listing as ListingEvents tagged with request.listingId; answers once started. */
  openListing(request: OpenListingRequest): Promise<IpcResult<null>>;
  /** Stops a listing (navigated away); no further events arrive for it. */
  cancelListing(listingId: string): Promise<IpcResult<null>>;
  headObject(object: ObjectRef): Promise<IpcResult<ObjectDetails>>;
  /** Puts s3://bucket/key on the clipboard (from main; the page needs no clipboard permission). */
  copyS3Uri(object: ObjectRef): Promise<IpcResult<string>>;
  openPreview(object: ObjectRef): Promise<IpcResult<PreviewDescriptor>>;
  summarize(selection: Selection): Promise<IpcResult<SelectionSummary>>;
  deleteObjects(selection: Selection): Promise<IpcResult<DeleteResult>>;
  /** Creates an empty "name/" folder object; answers the new folder's prefix. */
  createFolder(request: CreateFolderRequest): Promise<IpcResult<FolderEntry>>;
  /** Asks for a local folder (main-process dialog), then queues the download. */
  download(request: DownloadRequest): Promise<IpcResult<DownloadStart>>;
  /** Asks for files or a folder (main-process dialog); null when the dialog was cancelled. */
  pickUpload(request: PickUploadRequest): Promise<IpcResult<UploadPlan | null>>;
  /** Plans an upload of dropped paths (see getPathForFile). */
  planUpload(request: PlanUploadRequest): Promise<IpcResult<UploadPlan>>;
  startUpload(request: StartUploadRequest): Promise<IpcResult<TransferJob>>;
  /** Forgets a plan the user decided not to start. */
  discardUpload(planId: string): Promise<IpcResult<null>>;
  listTransfers(): Promise<IpcResult<TransferJob[]>>;
  cancelTransfer(id: string): Promise<IpcResult<TransferJob>>;
  retryTransfer(id: string): Promise<IpcResult<TransferJob>>;
  clearFinishedTransfers(): Promise<IpcResult<TransferJob[]>>;
  /** Reveals a finished download in the file manager. */
  showTransfer(id: string): Promise<IpcResult<null>>;
  /**
   * The local path of a dropped File, resolved in preload (webUtils.getPathForFile);
   * '' for things that are not local files. Pass the paths to planUpload.
   */
  getPathForFile(file: File): string;
  /** Subscribes to session changes; returns the unsubscribe function. */
  onSessionStateChanged(listener: (state: SessionState) => void): () => void;
  onListingEvent(listener: (event: ListingEvent) => void): () => void;
  /** The whole transfer list whenever it changes (at most a few times a second while running). */
  onTransfersChanged(listener: (jobs: TransferJob[]) => void): () => void;
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
  [IPC_CHANNELS.openListing]: null;
  [IPC_CHANNELS.cancelListing]: null;
  [IPC_CHANNELS.headObject]: ObjectDetails;
  [IPC_CHANNELS.copyS3Uri]: string;
  [IPC_CHANNELS.openPreview]: PreviewDescriptor;
  [IPC_CHANNELS.summarize]: SelectionSummary;
  [IPC_CHANNELS.deleteObjects]: DeleteResult;
  [IPC_CHANNELS.createFolder]: FolderEntry;
  [IPC_CHANNELS.download]: DownloadStart;
  [IPC_CHANNELS.pickUpload]: UploadPlan | null;
  [IPC_CHANNELS.planUpload]: UploadPlan;
  [IPC_CHANNELS.startUpload]: TransferJob;
  [IPC_CHANNELS.discardUpload]: null;
  [IPC_CHANNELS.listTransfers]: TransferJob[];
  [IPC_CHANNELS.cancelTransfer]: TransferJob;
  [IPC_CHANNELS.retryTransfer]: TransferJob;
  [IPC_CHANNELS.clearFinishedTransfers]: TransferJob[];
  [IPC_CHANNELS.showTransfer]: null;
}

/** The custom scheme previews are served on (registered privileged in main). */
export const PREVIEW_SCHEME = 's3desk-preview';
