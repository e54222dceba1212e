import type { z } from 'zod';
import {
  IPC_CHANNELS,
  IPC_REQUEST_SCHEMAS,
  type BucketEntry,
  type CreateFolderRequest,
  type DeleteResult,
  type DownloadRequest,
  type DownloadStart,
  type FolderEntry,
  type IpcChannel,
  type IpcReplies,
  type IpcResult,
  type ListObjectsRequest,
  type ObjectDetails,
  type ObjectPage,
  type ObjectRef,
  type OpenListingRequest,
  type PickUploadRequest,
  type PlanUploadRequest,
  type PreviewDescriptor,
  type Selection,
  type SelectionSummary,
  type SessionState,
  type StartUploadRequest,
  type TransferJob,
  type UploadPlan,
} from '../../common/ipc-contract';
import { silentLogger, type Logger } from '../services/logger';
import { toIpcError } from './to-ipc-error';

/** The operations the handlers call; SessionService and S3Browser provide them. */
export interface IpcServices {
  session: {
    signIn(backendUrl: string, username: string, password: string): Promise<SessionState>;
    signOut(): Promise<SessionState>;
    getState(): SessionState;
    switchAccount(accountId: string): Promise<SessionState>;
    forgetAccount(accountId: string): Promise<SessionState>;
    reconnect(): Promise<SessionState>;
  };
  s3: {
    listBuckets(): Promise<BucketEntry[]>;
    listObjects(request: ListObjectsRequest): Promise<ObjectPage>;
  };
  listings: {
    start(request: OpenListingRequest): void;
    cancel(listingId: string): void;
  };
  objects: {
    headObject(object: ObjectRef): Promise<ObjectDetails>;
    copyS3Uri(object: ObjectRef): Promise<string>;
    summarize(selection: Selection): Promise<SelectionSummary>;
    deleteObjects(selection: Selection): Promise<DeleteResult>;
    createFolder(request: CreateFolderRequest): Promise<FolderEntry>;
  };
  previews: {
    open(object: ObjectRef): Promise<PreviewDescriptor>;
  };
  transfers: {
    download(request: DownloadRequest): Promise<DownloadStart>;
    pickUpload(request: PickUploadRequest): Promise<UploadPlan | null>;
    planUpload(request: PlanUploadRequest): Promise<UploadPlan>;
    startUpload(request: StartUploadRequest): TransferJob;
    discardUpload(planId: string): void;
    list(): TransferJob[];
    cancel(id: string): TransferJob;
    retry(id: string): TransferJob;
    clearFinished(): TransferJob[];
    show(id: string): void;
  };
  logger?: Logger;
}

export type IpcHandler<C extends IpcChannel> = (args: unknown[]) => Promise<IpcResult<IpcReplies[C]>>;
export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

type Args<C extends IpcChannel> = z.infer<(typeof IPC_REQUEST_SCHEMAS)[C]>;

/**
 * One plain async function per channel: validate the argument list, call the
 * service, answer an IpcResult. Never throws and never touches Electron, so
 * ipcMain (register-ipc.ts) and an E2E harness (Playwright exposeBinding)
 * can both call it.
 */
export function createIpcHandlers(services: IpcServices): IpcHandlers {
  const logger = services.logger ?? silentLogger;
  const { session, s3, listings, objects, previews, transfers } = services;

  function handler<C extends IpcChannel>(channel: C, run: (args: Args<C>) => Promise<IpcReplies[C]>): IpcHandler<C> {
    const schema = IPC_REQUEST_SCHEMAS[channel];
    return async (args) => {
      const parsed = schema.safeParse(args);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: invalidInputMessage(parsed.error) } };
      try {
        return { ok: true, value: await run(parsed.data as Args<C>) };
      } catch (error) {
        return { ok: false, error: toIpcError(error, logger, channel) };
      }
    };
  }

  return {
    [IPC_CHANNELS.signIn]: handler(IPC_CHANNELS.signIn, ([request]) => session.signIn(request.backendUrl, request.username, request.password)),
    [IPC_CHANNELS.signOut]: handler(IPC_CHANNELS.signOut, () => session.signOut()),
    [IPC_CHANNELS.getSessionState]: handler(IPC_CHANNELS.getSessionState, async () => session.getState()),
    [IPC_CHANNELS.switchAccount]: handler(IPC_CHANNELS.switchAccount, ([accountId]) => session.switchAccount(accountId)),
    [IPC_CHANNELS.forgetAccount]: handler(IPC_CHANNELS.forgetAccount, ([accountId]) => session.forgetAccount(accountId)),
    [IPC_CHANNELS.reconnect]: handler(IPC_CHANNELS.reconnect, () => session.reconnect()),
    [IPC_CHANNELS.listBuckets]: handler(IPC_CHANNELS.listBuckets, () => s3.listBuckets()),
    [IPC_CHANNELS.listObjects]: handler(IPC_CHANNELS.listObjects, ([request]) => s3.listObjects(request)),
    [IPC_CHANNELS.openListing]: handler(IPC_CHANNELS.openListing, async ([request]) => {
      listings.start(request);
      return null;
    }),
    [IPC_CHANNELS.cancelListing]: handler(IPC_CHANNELS.cancelListing, async ([listingId]) => {
      listings.cancel(listingId);
      return null;
    }),
    [IPC_CHANNELS.headObject]: handler(IPC_CHANNELS.headObject, ([object]) => objects.headObject(object)),
    [IPC_CHANNELS.copyS3Uri]: handler(IPC_CHANNELS.copyS3Uri, ([object]) => objects.copyS3Uri(object)),
    [IPC_CHANNELS.openPreview]: handler(IPC_CHANNELS.openPreview, ([object]) => previews.open(object)),
    [IPC_CHANNELS.summarize]: handler(IPC_CHANNELS.summarize, ([selection]) => objects.summarize(selection)),
    [IPC_CHANNELS.deleteObjects]: handler(IPC_CHANNELS.deleteObjects, ([selection]) => objects.deleteObjects(selection)),
    [IPC_CHANNELS.createFolder]: handler(IPC_CHANNELS.createFolder, ([request]) => objects.createFolder(request)),
    [IPC_CHANNELS.download]: handler(IPC_CHANNELS.download, ([request]) => transfers.download(request)),
    [IPC_CHANNELS.pickUpload]: handler(IPC_CHANNELS.pickUpload, ([request]) => transfers.pickUpload(request)),
    [IPC_CHANNELS.planUpload]: handler(IPC_CHANNELS.planUpload, ([request]) => transfers.planUpload(request)),
    [IPC_CHANNELS.startUpload]: handler(IPC_CHANNELS.startUpload, async ([request]) => transfers.startUpload(request)),
    [IPC_CHANNELS.discardUpload]: handler(IPC_CHANNELS.discardUpload, async ([planId]) => {
      transfers.discardUpload(planId);
      return null;
    }),
    [IPC_CHANNELS.listTransfers]: handler(IPC_CHANNELS.listTransfers, async () => transfers.list()),
    [IPC_CHANNELS.cancelTransfer]: handler(IPC_CHANNELS.cancelTransfer, async ([id]) => transfers.cancel(id)),
    [IPC_CHANNELS.retryTransfer]: handler(IPC_CHANNELS.retryTransfer, async ([id]) => transfers.retry(id)),
    [IPC_CHANNELS.clearFinishedTransfers]: handler(IPC_CHANNELS.clearFinishedTransfers, async () => transfers.clearFinished()),
    [IPC_CHANNELS.showTransfer]: handler(IPC_CHANNELS.showTransfer, async ([id]) => {
      transfers.show(id);
      return null;
    }),
  };
}

/**
 * The first problem, phrased for a person. Zod's messages name the rule that
 * failed, never the value, so a mistyped password is not echoed back.
 */
function invalidInputMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const field = issue.path.filter((part) => typeof part === 'string').join('.');
  return field ? `Invalid ${field}: ${issue.message}` : `Invalid request: ${issue.message}`;
}
