import { IPC_CHANNELS, IPC_EVENTS, type IpcChannel, type IpcResult, type ListingEvent, type SessionState, type TransferJob } from '../../common/ipc-contract';
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
 * Registers every channel of the contract with ipcMain. Each call checks its
 * sender first — on every call, not once, because a frame can navigate —
 * then hands the argument list to the plain handler. Returns the function
 * that unregisters them all.
 */
export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, isTrustedSender: (event: SenderEvent) => boolean): () => void {
  const channels = Object.values(IPC_CHANNELS) as IpcChannel[];
  for (const channel of channels) {
    const handler = handlers[channel] as (args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event)) return untrusted;
      return handler(args);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** The part of a webContents used to push events. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Pushes every session state change to the window, on IPC_EVENTS.sessionStateChanged.
 * SessionState holds no secrets by construction, so it may cross as is.
 */
export function forwardSessionState(
  session: { onStateChanged(listener: (state: SessionState) => void): () => void },
  getTarget: () => EventTarget | null,
): () => void {
  return session.onStateChanged(toWindow(IPC_EVENTS.sessionStateChanged, getTarget));
}

/** The services whose events the window hears. */
export interface EventSources {
  session: { onStateChanged(listener: (state: SessionState) => void): () => void };
  listings: { onEvent(listener: (event: ListingEvent) => void): () => void };
  transfers: { onChanged(listener: (jobs: TransferJob[]) => void): () => void };
}

/** Forwards every contract event (IPC_EVENTS) to the window; returns the function that stops them all. */
export function forwardEvents(sources: EventSources, getTarget: () => EventTarget | null): () => void {
  const stops = [
    forwardSessionState(sources.session, getTarget),
    sources.listings.onEvent(toWindow(IPC_EVENTS.listingEvent, getTarget)),
    sources.transfers.onChanged(toWindow(IPC_EVENTS.transfersChanged, getTarget)),
  ];
  return () => stops.forEach((stop) => stop());
}

function toWindow<T>(channel: string, getTarget: () => EventTarget | null): (payload: T) => void {
  return (payload) => {
    const target = getTarget();
    if (target && !target.isDestroyed()) target.send(channel, payload);
  };
}
