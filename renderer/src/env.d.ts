import type { DeskApi } from '../../common/ipc';

declare global {
  interface Window {
    /** The main process's API, exposed by the preload script (contextBridge). */
    readonly api: DeskApi;
  }
}

export {};
