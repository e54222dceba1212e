import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  EVENT_NAMES,
  IPC_EVENTS,
  IPC_OPERATIONS,
  PAGE_OPERATION_NAMES,
  arityOf,
  type DeskApi,
  type DroppedUploadRequest,
  type IpcResult,
  type PreloadApi,
  type UploadPlan,
} from '../common/ipc';
import { planDroppedUpload } from './dropped-upload';

/**
 * window.api, derived from the contract: one named function per operation,
 * each bound to its own channel, and one subscription per event. No generic
 * invoke/send, and the IpcRendererEvent never reaches the page (it would
 * expose ipcRenderer itself). Arguments are checked again in main, which is
 * the boundary that counts.
 *
 * Preload-only operations are not derived: their arguments are things the
 * page must not name (local paths). Each gets the hand-written function of
 * PreloadApi instead, which works them out here from what the page can give.
 */
function subscribe(channel: string, name: string) {
  return (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError(`${name} needs a function.`);
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  };
}

const preloadApi: PreloadApi = {
  // Dropped files carry their path only here, in preload (File.path is gone since Electron 32); it never goes back to the page.
  planDroppedUpload: (request) =>
    planDroppedUpload(request, {
      pathForFile: (file) => webUtils.getPathForFile(file as File),
      send: (paths: DroppedUploadRequest) => ipcRenderer.invoke(IPC_OPERATIONS.planDroppedUpload.channel, paths) as Promise<IpcResult<UploadPlan>>,
    }),
};

const api: Record<string, unknown> = { ...preloadApi };
for (const name of PAGE_OPERATION_NAMES) {
  const { channel } = IPC_OPERATIONS[name];
  const arity = arityOf(IPC_OPERATIONS[name]);
  // Only the arguments the operation takes: nothing extra is smuggled to main.
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args.slice(0, arity));
}
for (const name of EVENT_NAMES) api[name] = subscribe(IPC_EVENTS[name].channel, name);

contextBridge.exposeInMainWorld('api', api as unknown as DeskApi);
