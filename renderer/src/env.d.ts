import type { DeskApi } from '../../common/ipc-contract';

declare global {
  interface Window {
    /** The main process's API, exposed by the preload script (contextBridge). */
    readonly api: DeskApi;
  }
}

export {};
