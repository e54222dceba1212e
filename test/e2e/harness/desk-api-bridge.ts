import type { Page } from 'playwright-core';
import { IPC_CHANNELS, IPC_EVENTS, type DeskApi, type IpcChannel } from '../../../common/ipc-contract';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';
import type { EventSources } from '../../../main/ipc/register-ipc';

const BINDING = '__s3deskInvoke';
const EMIT = '__s3deskEmit';
/** Name → local path of files a test is about to drop (stands in for webUtils.getPathForFile). */
export const DROPPED_PATHS = '__s3deskDroppedPaths';
/** These functions run in the page, where globalThis is the window; the Node tsconfig has no DOM types. */
type PageGlobals = Record<string, unknown>;

/** What went over the bridge, for the leak canary. */
export interface BridgeRecord {
  replies: string[];
  events: string[];
  untrustedCalls: number;
}

type RequestMethod = Exclude<keyof DeskApi, 'getPathForFile' | 'onSessionStateChanged' | 'onListingEvent' | 'onTransfersChanged'>;

/** window.api's request functions and their channels, exactly as preload/index.ts binds them. */
const METHOD_CHANNELS: Record<RequestMethod, IpcChannel> = {
  signIn: IPC_CHANNELS.signIn,
  signOut: IPC_CHANNELS.signOut,
  getSessionState: IPC_CHANNELS.getSessionState,
  switchAccount: IPC_CHANNELS.switchAccount,
  forgetAccount: IPC_CHANNELS.forgetAccount,
  reconnect: IPC_CHANNELS.reconnect,
  listBuckets: IPC_CHANNELS.listBuckets,
  listObjects: IPC_CHANNELS.listObjects,
  openListing: IPC_CHANNELS.openListing,
  cancelListing: IPC_CHANNELS.cancelListing,
  headObject: IPC_CHANNELS.headObject,
  copyS3Uri: IPC_CHANNELS.copyS3Uri,
  openPreview: IPC_CHANNELS.openPreview,
  summarize: IPC_CHANNELS.summarize,
  deleteObjects: IPC_CHANNELS.deleteObjects,
  createFolder: IPC_CHANNELS.createFolder,
  download: IPC_CHANNELS.download,
  pickUpload: IPC_CHANNELS.pickUpload,
  planUpload: IPC_CHANNELS.planUpload,
  startUpload: IPC_CHANNELS.startUpload,
  discardUpload: IPC_CHANNELS.discardUpload,
  listTransfers: IPC_CHANNELS.listTransfers,
  cancelTransfer: IPC_CHANNELS.cancelTransfer,
  retryTransfer: IPC_CHANNELS.retryTransfer,
  clearFinishedTransfers: IPC_CHANNELS.clearFinishedTransfers,
  showTransfer: IPC_CHANNELS.showTransfer,
};

/**
 * Stands in for the preload script: window.api gets the same named functions
 * (one per channel, nothing generic), each backed by the real main-process
 * handlers through Playwright's exposeBinding, and the same three event
 * subscriptions, fed by the real services. Like register-ipc.ts, every call
 * is checked to come from the page's main frame at the app's origin.
 */
export async function installDeskApi(
  page: Page,
  options: { handlers: IpcHandlers; appOrigin: string; events: EventSources },
): Promise<BridgeRecord> {
  const record: BridgeRecord = { replies: [], events: [], untrustedCalls: 0 };
  const channels = new Set<string>(Object.values(IPC_CHANNELS));

  await page.exposeBinding(BINDING, async (source, channel: string, args: unknown[]) => {
    const trusted = source.frame === source.page.mainFrame() && new URL(source.frame.url()).origin === options.appOrigin;
    if (!trusted || !channels.has(channel)) {
      record.untrustedCalls++;
      return { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from S3 Desk’s own window.' } };
    }
    const result = await options.handlers[channel as IpcChannel](Array.isArray(args) ? args : []);
    record.replies.push(JSON.stringify(result));
    return result;
  });

  const emit = (channel: string) => (payload: unknown) => {
    record.events.push(JSON.stringify(payload));
    void page
      .evaluate(([name, c, value]) => (globalThis as unknown as Record<string, (c: string, v: unknown) => void>)[name]?.(c, value), [EMIT, channel, payload] as const)
      .catch(() => {});
  };
  options.events.session.onStateChanged(emit(IPC_EVENTS.sessionStateChanged));
  options.events.listings.onEvent(emit(IPC_EVENTS.listingEvent));
  options.events.transfers.onChanged(emit(IPC_EVENTS.transfersChanged));

  await page.addInitScript(
    ([binding, emitName, droppedPaths, methods, events]) => {
      const invoke = (globalThis as unknown as Record<string, (channel: string, args: unknown[]) => Promise<unknown>>)[binding]!;
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      Object.defineProperty(globalThis as PageGlobals, emitName, {
        value: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload)),
      });
      Object.defineProperty(globalThis as PageGlobals, droppedPaths, { value: new Map<string, string>() });
      const subscribe = (channel: string) => (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
        return () => set.delete(listener);
      };
      const api: Record<string, unknown> = {
        getPathForFile: (file: { name?: unknown }) =>
          ((globalThis as PageGlobals)[droppedPaths] as Map<string, string>).get(String(file?.name)) ?? '',
        onSessionStateChanged: subscribe(events.sessionStateChanged),
        onListingEvent: subscribe(events.listingEvent),
        onTransfersChanged: subscribe(events.transfersChanged),
      };
      for (const [method, channel] of Object.entries(methods)) {
        // One argument at most, as preload passes: nothing smuggled through.
        api[method] = (...args: unknown[]) => invoke(channel, args.slice(0, 1));
      }
      Object.defineProperty(globalThis as PageGlobals, 'api', { value: Object.freeze(api) });
    },
    [BINDING, EMIT, DROPPED_PATHS, METHOD_CHANNELS, IPC_EVENTS] as const,
  );
  return record;
}
