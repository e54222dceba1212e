import { EVENT_NAMES, IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES, type EventName, type IpcResult, type PayloadOf, type Subscribe } from '../../common/ipc';
import type { IpcHandlers } from './create-handlers';
import type { SenderEvent } from './trusted-sender';

/** The part of Electron's ipcMain used here; a fake in tests. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

const untrusted: IpcResult<never> = {
  ok: false,
  error: { code: 'untrusted_sender', message: 'This request did not come from the S3 Desk window and was refused.' },
};

/**
 * Registers every operation of the contract with ipcMain. Each call checks its
 * sender first — on every call, not once, because a frame can navigate —
 * then hands the argument list to the plain handler. Returns the function
 * that unregisters them all.
 */
export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, isTrustedSender: (event: SenderEvent) => boolean): () => void {
  for (const name of OPERATION_NAMES) {
    const handler = handlers[name] as (args: unknown[]) => Promise<unknown>;
    ipcMain.handle(IPC_OPERATIONS[name].channel, async (event, ...args) => {
      if (!isTrustedSender(event)) return untrusted;
      return handler(args);
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(IPC_OPERATIONS[name].channel);
  };
}

/** The part of a webContents used to push events. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Where each contract event comes from: the same subscription window.api offers, on the main side. */
export type EventSources = { [E in EventName]: Subscribe<PayloadOf<E>> };

/** Forwards every contract event to the window; returns the function that stops them all. */
export function forwardEvents(sources: EventSources, getTarget: () => EventTarget | null): () => void {
  const stops = EVENT_NAMES.map((name) => {
    const channel = IPC_EVENTS[name].channel;
    return (sources[name] as Subscribe<unknown>)((payload) => {
      const target = getTarget();
      if (target && !target.isDestroyed()) target.send(channel, payload);
    });
  });
  return () => stops.forEach((stop) => stop());
}
