import type {
  ArgsOf,
  BucketEntry,
  CopyPlan,
  CreateFolderRequest,
  DownloadRequest,
  DownloadStart,
  DragOutReady,
  DragOutStart,
  DroppedUploadRequest,
  FolderEntry,
  ObjectDetails,
  ObjectRef,
  OrganisationPolicy,
  OpenListingRequest,
  OpenObjectResult,
  OperationName,
  PickUploadRequest,
  PlanCopyRequest,
  PlanRenameRequest,
  PreviewDescriptor,
  ReplyOf,
  RestoreObjectsRequest,
  RestoreSummary,
  Selection,
  SelectionSummary,
  SessionState,
  ShareLinkCopied,
  ShareLinkRequest,
  StartCopyRequest,
  StartDeleteRequest,
  StartUploadRequest,
  TransferJob,
  UpdateState,
  UploadPlan,
} from '../../common/ipc';

/** The services the operations call, by domain; create-services.ts builds the real ones. */
export interface IpcServices {
  session: {
    signIn(backendUrl: string, username: string, password: string): Promise<SessionState>;
    signOut(): Promise<SessionState>;
    getState(): SessionState;
    switchAccount(accountId: string): Promise<SessionState>;
    forgetAccount(accountId: string): Promise<SessionState>;
    reconnect(): Promise<SessionState>;
    organisationPolicy(): OrganisationPolicy;
  };
  buckets: { list(): Promise<BucketEntry[]> };
  listings: {
    start(request: OpenListingRequest): void;
    cancel(listingId: string): void;
  };
  objects: {
    headObject(object: ObjectRef): Promise<ObjectDetails>;
    copyS3Uri(object: ObjectRef): Promise<string>;
    summarize(selection: Selection): Promise<SelectionSummary>;
    createFolder(request: CreateFolderRequest): Promise<FolderEntry>;
  };
  previews: { open(object: ObjectRef): Promise<PreviewDescriptor> };
  restores: { restore(request: RestoreObjectsRequest): Promise<RestoreSummary> };
  /** Share links: the link goes to the clipboard, the reply says only until when it works. */
  sharing: { copyShareLink(request: ShareLinkRequest): Promise<ShareLinkCopied> };
  updates: {
    getState(): UpdateState;
    checkNow(): UpdateState;
    install(): UpdateState;
  };
  transfers: {
    download(request: DownloadRequest): Promise<DownloadStart>;
    pickUpload(request: PickUploadRequest): Promise<UploadPlan | null>;
    /** Plans the upload of local paths; only ever paths the OS handed over (a dialog in main, a drop resolved in preload). */
    planUpload(request: DroppedUploadRequest): Promise<UploadPlan>;
    startUpload(request: StartUploadRequest): TransferJob;
    startDelete(request: StartDeleteRequest): TransferJob;
    discardUpload(planId: string): void;
    list(): TransferJob[];
    cancel(id: string): TransferJob;
    retry(id: string): TransferJob;
    clearFinished(): TransferJob[];
    show(id: string): void;
  };
  /** Open with the default application: a download into a private folder, then the system opens it. */
  opener: { open(object: ObjectRef): Promise<OpenObjectResult> };
  /** Drag out: a download into a private folder first, then a native drag of the files that arrived. */
  dragOuts: {
    prepare(request: DownloadRequest): Promise<DragOutStart>;
    awaitReady(dragId: string): Promise<DragOutReady>;
    start(dragId: string): void;
    reveal(dragId: string): void;
  };
  /** Server-side copies, moves and renames; their jobs are in the transfer list (cancelTransfer, retryTransfer). */
  copies: {
    planCopy(request: PlanCopyRequest): Promise<CopyPlan>;
    planRename(request: PlanRenameRequest): Promise<CopyPlan>;
    startCopy(request: StartCopyRequest): TransferJob;
    discardCopy(planId: string): void;
  };
}

/** What each operation does with its validated arguments; the type makes a missing or extra operation a compile error. */
export type Implementations = { [N in OperationName]: (...args: ArgsOf<N>) => ReplyOf<N> | Promise<ReplyOf<N>> };

export function implementOperations({ session, buckets, listings, objects, previews, restores, sharing, transfers, opener, dragOuts, copies, updates }: IpcServices): Implementations {
  return {
    signIn: (request) => session.signIn(request.backendUrl, request.username, request.password),
    signOut: () => session.signOut(),
    getSessionState: () => session.getState(),
    switchAccount: (accountId) => session.switchAccount(accountId),
    forgetAccount: (accountId) => session.forgetAccount(accountId),
    reconnect: () => session.reconnect(),
    getOrganisationPolicy: () => session.organisationPolicy(),

    listBuckets: () => buckets.list(),
    openListing: (request) => nothing(listings.start(request)),
    cancelListing: (listingId) => nothing(listings.cancel(listingId)),
    headObject: (object) => objects.headObject(object),
    copyS3Uri: (object) => objects.copyS3Uri(object),
    openPreview: (object) => previews.open(object),
    summarize: (selection) => objects.summarize(selection),
    restoreObjects: (request) => restores.restore(request),
    createFolder: (request) => objects.createFolder(request),
    copyShareLink: (request) => sharing.copyShareLink(request),

    download: (request) => transfers.download(request),
    pickUpload: (request) => transfers.pickUpload(request),
    // Preload-only: the paths of files actually dropped, resolved in preload; the page cannot send this.
    planDroppedUpload: (request) => transfers.planUpload(request),
    startUpload: (request) => transfers.startUpload(request),
    startDelete: (request) => transfers.startDelete(request),
    discardUpload: (planId) => nothing(transfers.discardUpload(planId)),
    listTransfers: () => transfers.list(),
    cancelTransfer: (id) => transfers.cancel(id),
    retryTransfer: (id) => transfers.retry(id),
    clearFinishedTransfers: () => transfers.clearFinished(),
    showTransfer: (id) => nothing(transfers.show(id)),
    openObject: (object) => opener.open(object),
    prepareDragOut: (request) => dragOuts.prepare(request),
    awaitDragOut: ({ dragId }) => dragOuts.awaitReady(dragId),
    // Synchronous to the drag: the native drag starts before this call returns.
    startDragOut: ({ dragId }) => nothing(dragOuts.start(dragId)),
    revealDragOut: ({ dragId }) => nothing(dragOuts.reveal(dragId)),
    planCopy: (request) => copies.planCopy(request),
    planRename: (request) => copies.planRename(request),
    startCopy: (request) => copies.startCopy(request),
    discardCopy: (planId) => nothing(copies.discardCopy(planId)),

    getUpdateState: () => updates.getState(),
    checkForUpdates: () => updates.checkNow(),
    installUpdate: () => updates.install(),
  };
}

/** The reply of an operation that has nothing to report. */
function nothing(_done: void): null {
  return null;
}
