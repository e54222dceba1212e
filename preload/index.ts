import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, type DeskApi } from '../common/ipc-contract';

/**
 * window.api: one named function per operation, each bound to its own
 * channel. No generic invoke/send, and the IpcRendererEvent never reaches
 * the page (it would expose ipcRenderer itself). Arguments are checked again
 * in main, which is the boundary that counts.
 */
function subscribe<T>(channel: string, listener: (payload: T) => void, name: string): () => void {
  if (typeof listener !== 'function') throw new TypeError(`${name} needs a function.`);
  const relay = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const api: DeskApi = {
  signIn: (request) => ipcRenderer.invoke(IPC_CHANNELS.signIn, request),
  signOut: () => ipcRenderer.invoke(IPC_CHANNELS.signOut),
  getSessionState: () => ipcRenderer.invoke(IPC_CHANNELS.getSessionState),
  switchAccount: (accountId) => ipcRenderer.invoke(IPC_CHANNELS.switchAccount, accountId),
  forgetAccount: (accountId) => ipcRenderer.invoke(IPC_CHANNELS.forgetAccount, accountId),
  reconnect: () => ipcRenderer.invoke(IPC_CHANNELS.reconnect),
  listBuckets: () => ipcRenderer.invoke(IPC_CHANNELS.listBuckets),
  listObjects: (request) => ipcRenderer.invoke(IPC_CHANNELS.listObjects, request),
  openListing: (request) => ipcRenderer.invoke(IPC_CHANNELS.openListing, request),
  cancelListing: (listingId) => ipcRenderer.invoke(IPC_CHANNELS.cancelListing, listingId),
  headObject: (object) => ipcRenderer.invoke(IPC_CHANNELS.headObject, object),
  copyS3Uri: (object) => ipcRenderer.invoke(IPC_CHANNELS.copyS3Uri, object),
  openPreview: (object) => ipcRenderer.invoke(IPC_CHANNELS.openPreview, object),
  summarize: (selection) => ipcRenderer.invoke(IPC_CHANNELS.summarize, selection),
  deleteObjects: (selection) => ipcRenderer.invoke(IPC_CHANNELS.deleteObjects, selection),
  createFolder: (request) => ipcRenderer.invoke(IPC_CHANNELS.createFolder, request),
  download: (request) => ipcRenderer.invoke(IPC_CHANNELS.download, request),
  pickUpload: (request) => ipcRenderer.invoke(IPC_CHANNELS.pickUpload, request),
  planUpload: (request) => ipcRenderer.invoke(IPC_CHANNELS.planUpload, request),
  startUpload: (request) => ipcRenderer.invoke(IPC_CHANNELS.startUpload, request),
  discardUpload: (planId) => ipcRenderer.invoke(IPC_CHANNELS.discardUpload, planId),
  listTransfers: () => ipcRenderer.invoke(IPC_CHANNELS.listTransfers),
  cancelTransfer: (id) => ipcRenderer.invoke(IPC_CHANNELS.cancelTransfer, id),
  retryTransfer: (id) => ipcRenderer.invoke(IPC_CHANNELS.retryTransfer, id),
  clearFinishedTransfers: () => ipcRenderer.invoke(IPC_CHANNELS.clearFinishedTransfers),
  showTransfer: (id) => ipcRenderer.invoke(IPC_CHANNELS.showTransfer, id),
  // Dropped files carry their path only here, in preload (File.path is gone since Electron 32).
  getPathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
  onSessionStateChanged: (listener) => subscribe(IPC_EVENTS.sessionStateChanged, listener, 'onSessionStateChanged'),
  onListingEvent: (listener) => subscribe(IPC_EVENTS.listingEvent, listener, 'onListingEvent'),
  onTransfersChanged: (listener) => subscribe(IPC_EVENTS.transfersChanged, listener, 'onTransfersChanged'),
};

contextBridge.exposeInMainWorld('api', api);
