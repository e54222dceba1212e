import { vi } from 'vitest';
import type {
  BucketEntry,
  CopyPlan,
  CreateFolderRequest,
  DeskApi,
  DownloadRequest,
  DownloadStart,
  DragOutReady,
  DragOutRef,
  DragOutStart,
  DroppedFilesRequest,
  DroppedUpload,
  FolderEntry,
  IpcError,
  IpcResult,
  ListingEvent,
  ObjectDetails,
  ObjectEntry,
  ObjectRef,
  OpenListingRequest,
  OpenObjectResult,
  OrganisationPolicy,
  PickUploadRequest,
  PlanCopyRequest,
  PlanRenameRequest,
  PreviewDescriptor,
  RestoreObjectsRequest,
  RestoreSummary,
  SavedAccount,
  Selection,
  SelectionSummary,
  SessionState,
  ShareLinkCopied,
  ShareLinkRequest,
  SignInRequest,
  StartCopyRequest,
  StartDeleteRequest,
  StartUploadRequest,
  TransferJob,
  UpdateState,
  UploadPlan,
} from '../../../common/ipc';
import { toObjectColumns } from '../../../common/ipc';

export type SignedInState = Extract<SessionState, { status: 'signed-in' }>;
export type SignedOutState = Extract<SessionState, { status: 'signed-out' }>;
export type ResumingState = Extract<SessionState, { status: 'resuming' }>;

/** A saved account; the id is made up from user and host, as an opaque string. */
export function account(username = 'ann', backendUrl = 'https://desk.example.com'): SavedAccount {
  const url = new URL(backendUrl);
  return { id: `acct:${username}@${url.host}${url.pathname.replace(/\/$/, '')}`, backendUrl, backendHost: url.host, username };
}

export function signedOut(overrides: Partial<SignedOutState> = {}): SignedOutState {
  return {
    status: 'signed-out',
    lastBackendUrl: null,
    lastUsername: null,
    reason: null,
    accounts: [],
    keychain: { available: true },
    ...overrides,
  };
}

export function resuming(saved: SavedAccount = account(), overrides: Partial<ResumingState> = {}): ResumingState {
  return { status: 'resuming', account: saved, accounts: [saved], keychain: { available: true }, ...overrides };
}

/**
 * A signed-in state. Account fields follow `username` and `backendUrl` unless
 * given; a remembered session is in `accounts` (plus any `others`).
 */
export function signedIn(overrides: Partial<SignedInState> & { others?: SavedAccount[] } = {}): SignedInState {
  const { others = [], ...rest } = overrides;
  const username = rest.username ?? 'ann';
  const backendUrl = rest.backendUrl ?? (rest.backendOrigin ? rest.backendOrigin : 'https://desk.example.com');
  const me = account(username, backendUrl);
  const remembered = rest.remembered ?? true;
  return {
    status: 'signed-in',
    accountId: me.id,
    username,
    backendOrigin: new URL(backendUrl).origin,
    backendUrl,
    identityId: 'eu-west-1:00000000-0000-0000-0000-000000000001',
    region: 'eu-west-1',
    tokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    remembered,
    rememberError: null,
    connection: { status: 'online' },
    accounts: [...(remembered ? [me] : []), ...others],
    keychain: { available: true },
    ...rest,
  };
}

export function folder(prefix: string): FolderEntry {
  const name = prefix.slice(0, -1).split('/').pop() ?? '';
  return { prefix, name };
}

export function file(key: string, size = 1024, lastModified = '2025-03-12T14:03:00.000Z', storageClass = 'STANDARD'): ObjectEntry {
  return { key, name: key.split('/').pop() ?? key, size, lastModified, storageClass };
}

/** `count` files named like "file-000001.csv" under `prefix`, in key order. */
export function manyFiles(count: number, prefix = ''): ObjectEntry[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, index) => file(`${prefix}file-${String(index + 1).padStart(width, '0')}.csv`, index));
}

export function details(ref: ObjectRef, overrides: Partial<ObjectDetails> = {}): ObjectDetails {
  return {
    bucket: ref.bucket,
    key: ref.key,
    s3Uri: `s3://${ref.bucket}/${ref.key}`,
    size: 2048,
    contentType: 'text/plain',
    eTag: '"0123456789abcdef"',
    storageClass: 'STANDARD',
    lastModified: '2025-03-12T14:03:00.000Z',
    metadata: {},
    archive: null,
    ...overrides,
  };
}

export function summary(overrides: Partial<SelectionSummary> = {}): SelectionSummary {
  return { objectCount: 1, totalBytes: 1024, archived: { count: 0, bytes: 0, storageClasses: [] }, sample: [], ...overrides };
}

/** No policy file: nothing pre-filled, nothing locked. */
export function noPolicy(overrides: Partial<OrganisationPolicy> = {}): OrganisationPolicy {
  return { backendUrl: null, backendUrlLocked: false, problem: null, ...overrides };
}

let jobs = 0;
export function transferJob(overrides: Partial<TransferJob> = {}): TransferJob {
  jobs += 1;
  return {
    id: `job-${jobs}`,
    direction: 'download',
    label: 'report.pdf',
    bucket: 'team-data',
    prefix: '',
    status: 'running',
    filesTotal: 1,
    filesDone: 0,
    counting: false,
    filesSkipped: 0,
    filesFailed: 0,
    bytesTotal: 10 * 1024 * 1024,
    bytesDone: 0,
    bytesPerSecond: 0,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
    retryable: false,
    revealable: false,
    ...overrides,
  };
}

/** A copy plan with nothing clashing: what planCopy and planRename answer unless a test says otherwise. */
export function copyPlan(overrides: Partial<CopyPlan> = {}): CopyPlan {
  plans += 1;
  return {
    planId: `copy-plan-${plans}`,
    mode: 'copy',
    sourceBucket: 'team-data',
    sourcePrefix: '',
    destinationBucket: 'team-data',
    destinationPrefix: 'archive/',
    objectCount: 1,
    totalBytes: 1024,
    clashes: [],
    clashCount: 0,
    archivedCount: 0,
    ...overrides,
  };
}

let plans = 0;
export function uploadPlan(overrides: Partial<UploadPlan> = {}): UploadPlan {
  plans += 1;
  return {
    planId: `plan-${plans}`,
    bucket: 'team-data',
    prefix: '',
    fileCount: 1,
    totalBytes: 1024,
    existing: [],
    existingCount: 0,
    problems: [],
    ...overrides,
  };
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcError['code'], message = 'It failed.', extra: Partial<IpcError> = {}): IpcResult<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

/** A promise whose settling the test controls. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** What a folder lists as: its pages in order, or an error. */
export type Served =
  | { folders?: FolderEntry[]; objects?: ObjectEntry[] }
  | { pages: Array<{ folders?: FolderEntry[]; objects?: ObjectEntry[] }>; error?: IpcError }
  | { error: IpcError };

/** One listing opened by the UI, driven by the test (folders served as 'manual'). */
export interface ListingControl {
  listingId: string;
  request: OpenListingRequest;
  page(contents: { folders?: FolderEntry[]; objects?: ObjectEntry[] }): void;
  done(): void;
  fail(error: IpcError): void;
}

/**
 * A stand-in for the preload's window.api: each method is a vi.fn with a
 * sensible default (a signed-out app, one bucket, empty folders, transfers
 * that start) that tests override.
 *
 * - `emit` plays a session-state-changed event from main.
 * - `serve(bucket, prefix, listing)` says what openListing streams for a
 *   folder (pages, then done or an error), a moment after it answers;
 *   'manual' leaves the listing open for the test to drive with `listing()`.
 * - `emitTransfers` plays a transfers-changed event.
 * - `emitUpdate` plays an update-state-changed event; updates start 'idle'
 *   (getUpdateState), and checkForUpdates / installUpdate answer 'checking'
 *   and the current state unless a test overrides them.
 */
export function createFakeApi(initial: SessionState = signedOut()) {
  const listeners = new Set<(state: SessionState) => void>();
  const updateListeners = new Set<(state: UpdateState) => void>();
  const listingListeners = new Set<(event: ListingEvent) => void>();
  const transferListeners = new Set<(jobs: TransferJob[]) => void>();
  const buckets: BucketEntry[] = [{ name: 'team-data', prefix: '', source: 'session' }];
  const served = new Map<string, Served | 'manual'>();
  const opened: ListingControl[] = [];

  const emitListing = (event: ListingEvent) => {
    for (const listener of [...listingListeners]) listener(event);
  };

  const control = (listingId: string, request: OpenListingRequest): ListingControl => ({
    listingId,
    request,
    page: ({ folders = [], objects = [] }) => emitListing({ listingId, kind: 'page', folders, objects: toObjectColumns(request.prefix, objects) }),
    done: () => emitListing({ listingId, kind: 'done', folderCount: 0, objectCount: 0 }),
    fail: (error) => emitListing({ listingId, kind: 'error', error }),
  });

  const api = {
    getSessionState: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(initial)),
    signIn: vi.fn(async (request: SignInRequest): Promise<IpcResult<SessionState>> =>
      ok(signedIn({ username: request.username, backendUrl: request.backendUrl })),
    ),
    signOut: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(signedOut())),
    switchAccount: vi.fn(async (accountId: string): Promise<IpcResult<SessionState>> =>
      fail('no_such_account', `No saved account ${accountId}.`),
    ),
    forgetAccount: vi.fn(async (_accountId: string): Promise<IpcResult<SessionState>> => ok(signedOut())),
    reconnect: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(signedIn())),
    listBuckets: vi.fn(async (): Promise<IpcResult<BucketEntry[]>> => ok(buckets)),
    openListing: vi.fn(async (request: OpenListingRequest): Promise<IpcResult<null>> => {
      const listing = control(request.listingId, request);
      opened.push(listing);
      const what = served.get(`${request.bucket}/${request.prefix}`) ?? {};
      if (what !== 'manual') {
        setTimeout(() => {
          if ('pages' in what) {
            for (const contents of what.pages) listing.page(contents);
            if (what.error) listing.fail(what.error);
            else listing.done();
          } else if ('error' in what) listing.fail(what.error);
          else {
            listing.page(what);
            listing.done();
          }
        }, 0);
      }
      return ok(null);
    }),
    cancelListing: vi.fn(async (_listingId: string): Promise<IpcResult<null>> => ok(null)),
    headObject: vi.fn(async (ref: ObjectRef): Promise<IpcResult<ObjectDetails>> => ok(details(ref))),
    copyS3Uri: vi.fn(async (ref: ObjectRef): Promise<IpcResult<string>> => ok(`s3://${ref.bucket}/${ref.key}`)),
    openPreview: vi.fn(
      async (_ref: ObjectRef): Promise<IpcResult<PreviewDescriptor>> =>
        ok({ kind: 'unavailable', reason: 'There is no preview for this kind of file.' }),
    ),
    // A link that lasts what was asked: the link itself stays in main.
    copyShareLink: vi.fn(
      async (request: ShareLinkRequest): Promise<IpcResult<ShareLinkCopied>> =>
        ok({ expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000).toISOString(), capped: false }),
    ),
    summarize: vi.fn(
      async (selection: Selection): Promise<IpcResult<SelectionSummary>> =>
        // One object per key, and one in each folder.
        ok(summary({ objectCount: selection.keys.length + selection.prefixes.length, sample: selection.keys.slice(0, 20) })),
    ),
    // Every selected key an archived object whose restore starts.
    restoreObjects: vi.fn(
      async (request: RestoreObjectsRequest): Promise<IpcResult<RestoreSummary>> =>
        ok({ started: request.keys.length, inProgress: 0, extended: 0, notArchived: 0, failed: 0, failures: [] }),
    ),
    createFolder: vi.fn(
      async (request: CreateFolderRequest): Promise<IpcResult<FolderEntry>> => ok(folder(`${request.prefix}${request.name.trim()}/`)),
    ),
    download: vi.fn(
      async (request: DownloadRequest): Promise<IpcResult<DownloadStart>> =>
        ok({ status: 'started', job: transferJob({ direction: 'download', bucket: request.bucket, prefix: request.basePrefix }) }),
    ),
    pickUpload: vi.fn(async (_request: PickUploadRequest): Promise<IpcResult<UploadPlan | null>> => ok(null)),
    // As preload does it, with every dropped File a local file: the plan of them all, nothing left out.
    planDroppedUpload: vi.fn(
      async (request: DroppedFilesRequest): Promise<IpcResult<DroppedUpload>> =>
        ok({ plan: uploadPlan({ bucket: request.bucket, prefix: request.prefix, fileCount: request.files.length }), notLocal: [] }),
    ),
    startUpload: vi.fn(
      async (_request: StartUploadRequest): Promise<IpcResult<TransferJob>> => ok(transferJob({ direction: 'upload', status: 'queued' })),
    ),
    // A delete that starts counting what the confirmation counted.
    startDelete: vi.fn(
      async (request: StartDeleteRequest): Promise<IpcResult<TransferJob>> =>
        ok(
          transferJob({
            direction: 'delete',
            status: 'running',
            bucket: request.bucket,
            prefix: request.basePrefix,
            filesTotal: request.expectedCount ?? 0,
            counting: true,
            bytesTotal: 0,
          }),
        ),
    ),
    discardUpload: vi.fn(async (_planId: string): Promise<IpcResult<null>> => ok(null)),
    planCopy: vi.fn(
      async (request: PlanCopyRequest): Promise<IpcResult<CopyPlan>> =>
        ok(copyPlan({ mode: request.mode, sourceBucket: request.bucket, destinationBucket: request.destinationBucket, destinationPrefix: request.destinationPrefix })),
    ),
    planRename: vi.fn(async (request: PlanRenameRequest): Promise<IpcResult<CopyPlan>> => ok(copyPlan({ mode: 'move', sourceBucket: request.bucket }))),
    startCopy: vi.fn(
      async (_request: StartCopyRequest): Promise<IpcResult<TransferJob>> => ok(transferJob({ direction: 'copy', status: 'running' })),
    ),
    discardCopy: vi.fn(async (_planId: string): Promise<IpcResult<null>> => ok(null)),
    listTransfers: vi.fn(async (): Promise<IpcResult<TransferJob[]>> => ok([])),
    cancelTransfer: vi.fn(async (id: string): Promise<IpcResult<TransferJob>> => fail('no_such_transfer', `No transfer ${id}.`)),
    retryTransfer: vi.fn(async (id: string): Promise<IpcResult<TransferJob>> => fail('no_such_transfer', `No transfer ${id}.`)),
    clearFinishedTransfers: vi.fn(async (): Promise<IpcResult<TransferJob[]>> => ok([])),
    showTransfer: vi.fn(async (_id: string): Promise<IpcResult<null>> => ok(null)),
    // The system opened the downloaded copy with its default application.
    openObject: vi.fn(async (_ref: ObjectRef): Promise<IpcResult<OpenObjectResult>> => ok({ status: 'opened' })),
    // Drag out: a download that starts, and arrives as the one file or folder of each selected item.
    prepareDragOut: vi.fn(
      async (request: DownloadRequest): Promise<IpcResult<DragOutStart>> =>
        ok({ dragId: 'drag-1', job: transferJob({ direction: 'download', bucket: request.bucket, prefix: request.basePrefix }) }),
    ),
    awaitDragOut: vi.fn(async (_ref: DragOutRef): Promise<IpcResult<DragOutReady>> => ok({ status: 'ready', names: ['report.pdf'], skipped: 0 })),
    startDragOut: vi.fn(async (_ref: DragOutRef): Promise<IpcResult<null>> => ok(null)),
    revealDragOut: vi.fn(async (_ref: DragOutRef): Promise<IpcResult<null>> => ok(null)),
    getOrganisationPolicy: vi.fn(async (): Promise<IpcResult<OrganisationPolicy>> => ok(noPolicy())),
    getUpdateState: vi.fn(async (): Promise<IpcResult<UpdateState>> => ok({ status: 'idle' })),
    checkForUpdates: vi.fn(async (): Promise<IpcResult<UpdateState>> => ok({ status: 'checking' })),
    installUpdate: vi.fn(
      async (): Promise<IpcResult<UpdateState>> => ok({ status: 'ready', version: '1.2.0', waitingForTransfers: false }),
    ),
    onSessionStateChanged: vi.fn((listener: (state: SessionState) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
    onListingEvent: vi.fn((listener: (event: ListingEvent) => void) => {
      listingListeners.add(listener);
      return () => {
        listingListeners.delete(listener);
      };
    }),
    onTransfersChanged: vi.fn((listener: (jobs: TransferJob[]) => void) => {
      transferListeners.add(listener);
      return () => {
        transferListeners.delete(listener);
      };
    }),
    onUpdateStateChanged: vi.fn((listener: (state: UpdateState) => void) => {
      updateListeners.add(listener);
      return () => {
        updateListeners.delete(listener);
      };
    }),
  } satisfies DeskApi;

  return {
    api,
    emit(state: SessionState) {
      for (const listener of [...listeners]) listener(state);
    },
    /** Session-state listeners. */
    get listenerCount() {
      return listeners.size;
    },
    get listingListenerCount() {
      return listingListeners.size;
    },
    get transferListenerCount() {
      return transferListeners.size;
    },
    /** What openListing streams for bucket/prefix from now on. */
    serve(bucket: string, prefix: string, listing: Served | 'manual') {
      served.set(`${bucket}/${prefix}`, listing);
    },
    /** The listings opened so far, oldest first. */
    listings: opened,
    /** The most recent listing of `prefix` (any bucket), to drive by hand. */
    listing(prefix: string): ListingControl {
      const found = [...opened].reverse().find((candidate) => candidate.request.prefix === prefix);
      if (!found) throw new Error(`no listing of "${prefix}" was opened`);
      return found;
    },
    emitListing,
    emitTransfers(jobs: TransferJob[]) {
      for (const listener of [...transferListeners]) listener(jobs);
    },
    emitUpdate(state: UpdateState) {
      for (const listener of [...updateListeners]) listener(state);
    },
    get updateListenerCount() {
      return updateListeners.size;
    },
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
