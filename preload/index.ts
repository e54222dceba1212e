import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, type DeskApi, type SessionState } from '../common/ipc-contract';

/**
 * window.api: one named function per operation, each bound to its own
 * channel. No generic invoke/send, and the IpcRendererEvent never reaches
 * the page (it would expose ipcRenderer itself). Arguments are checked again
 * in main, which is the boundary that counts.
 */
const api: DeskApi = {
  signIn: (request) => ipcRenderer.invoke(IPC_CHANNELS.signIn, request),
  signOut: () => ipcRenderer.invoke(IPC_CHANNELS.signOut),
  getSessionState: () => ipcRenderer.invoke(IPC_CHANNELS.getSessionState),
  switchAccount: (accountId) => ipcRenderer.invoke(IPC_CHANNELS.switchAccount, accountId),
  forgetAccount: (accountId) => ipcRenderer.invoke(IPC_CHANNELS.forgetAccount, accountId),
  reconnect: () => ipcRenderer.invoke(IPC_CHANNELS.reconnect),
  listBuckets: () => ipcRenderer.invoke(IPC_CHANNELS.listBuckets),
  listObjects: (request) => ipcRenderer.invoke(IPC_CHANNELS.listObjects, request),
  onSessionStateChanged(listener) {
    if (typeof listener !== 'function') throw new TypeError('onSessionStateChanged needs a function.');
    const relay = (_event: IpcRendererEvent, state: SessionState) => listener(state);
    ipcRenderer.on(IPC_EVENTS.sessionStateChanged, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS.sessionStateChanged, relay);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
