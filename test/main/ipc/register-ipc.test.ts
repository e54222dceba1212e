import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES, type ListingEvent, type SessionState, type TransferJob, type UpdateState } from '../../../common/ipc';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';
import { forwardEvents, registerIpc, type IpcMainLike } from '../../../main/ipc/register-ipc';
import { createAppUrlMatcher, createSenderValidator, type SenderEvent } from '../../../main/ipc/trusted-sender';

/** Records handlers like ipcMain.handle does, and lets the test invoke them with any event. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: SenderEvent, ...args: unknown[]) {
    return this.handlers.get(channel)!(event, ...args);
  }
}

const CHANNELS = OPERATION_NAMES.map((name) => IPC_OPERATIONS[name].channel);

const signedOut: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };

function fakeHandlers() {
  const calls: Array<[string, unknown[]]> = [];
  const handler = (name: string) => async (args: unknown[]) => {
    calls.push([name, args]);
    return { ok: true as const, value: signedOut };
  };
  const handlers = Object.fromEntries(OPERATION_NAMES.map((name) => [name, handler(name)])) as unknown as IpcHandlers;
  return { handlers, calls };
}

const APP_URL = 'http://localhost:5173/';
const ourWebContents = { id: 1 };
const mainFrame = (url = APP_URL) => ({ url, parent: null });
const event = (overrides: Partial<SenderEvent> = {}): SenderEvent => ({ sender: ourWebContents, senderFrame: mainFrame(), ...overrides });

function setup() {
  const ipcMain = new FakeIpcMain();
  const { handlers, calls } = fakeHandlers();
  const isTrusted = createSenderValidator({
    getAppWebContents: () => ourWebContents,
    isAppUrl: createAppUrlMatcher({ kind: 'dev-server', url: APP_URL }),
  });
  const unregister = registerIpc(ipcMain, handlers, isTrusted);
  return { ipcMain, calls, unregister };
}

describe('registerIpc', () => {
  it("registers every operation's channel and passes the argument list to its handler", async () => {
    const { ipcMain, calls } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const request = { backendUrl: 'http://127.0.0.1:8787', username: 'demo', password: 'pw' };
    expect(await ipcMain.invoke(IPC_OPERATIONS.signIn.channel, event(), request)).toEqual({ ok: true, value: signedOut });
    expect(await ipcMain.invoke(IPC_OPERATIONS.signOut.channel, event())).toEqual({ ok: true, value: signedOut });
    expect(calls).toEqual([
      ['signIn', [request]],
      ['signOut', []],
    ]);
  });

  it('refuses untrusted senders with untrusted_sender, without calling the handler', async () => {
    const { ipcMain, calls } = setup();
    const untrusted: Array<[string, SenderEvent]> = [
      ['another webContents', event({ sender: { id: 2 } })],
      ['a subframe', event({ senderFrame: { url: APP_URL, parent: mainFrame() } })],
      ['a page navigated elsewhere', event({ senderFrame: mainFrame('https://evil.example/') })],
      ['a different dev-server port', event({ senderFrame: mainFrame('http://localhost:5174/') })],
      ['a destroyed frame', event({ senderFrame: null })],
    ];
    for (const [what, untrustedEvent] of untrusted) {
      for (const channel of CHANNELS) {
        expect(await ipcMain.invoke(channel, untrustedEvent), `${what} on ${channel}`).toEqual({
          ok: false,
          error: { code: 'untrusted_sender', message: expect.any(String) },
        });
      }
    }
    expect(calls).toEqual([]);
  });

  it('refuses everything while there is no window', async () => {
    const ipcMain = new FakeIpcMain();
    const { handlers, calls } = fakeHandlers();
    registerIpc(ipcMain, handlers, createSenderValidator({ getAppWebContents: () => null, isAppUrl: () => true }));
    expect(await ipcMain.invoke(IPC_OPERATIONS.getSessionState.channel, event())).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(calls).toEqual([]);
  });

  it('unregisters every channel', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  function source<T>() {
    const listeners = new Set<(payload: T) => void>();
    return {
      listeners,
      subscribe: (listener: (payload: T) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (payload: T) => listeners.forEach((listener) => listener(payload)),
    };
  }

  it('forwards session states, listing events and transfer lists on their own contract events, and stops them all', () => {
    const session = source<SessionState>();
    const listings = source<ListingEvent>();
    const transfers = source<TransferJob[]>();
    const updates = source<UpdateState>();
    const target = { isDestroyed: () => false, send: vi.fn() };
    const stop = forwardEvents(
      { onSessionStateChanged: session.subscribe, onListingEvent: listings.subscribe, onTransfersChanged: transfers.subscribe, onUpdateStateChanged: updates.subscribe },
      () => target,
    );
    const done: ListingEvent = { listingId: 'l1', kind: 'done', folderCount: 1, objectCount: 2 };
    session.emit(signedOut);
    listings.emit(done);
    transfers.emit([]);
    updates.emit({ status: 'checking' });
    expect(target.send.mock.calls).toEqual([
      [IPC_EVENTS.onSessionStateChanged.channel, signedOut],
      [IPC_EVENTS.onListingEvent.channel, done],
      [IPC_EVENTS.onTransfersChanged.channel, []],
      [IPC_EVENTS.onUpdateStateChanged.channel, { status: 'checking' }],
    ]);
    stop();
    expect(session.listeners.size + listings.listeners.size + transfers.listeners.size + updates.listeners.size).toBe(0);
  });

  it('skips a destroyed or missing window', () => {
    const session = source<SessionState>();
    const target = { isDestroyed: () => true, send: vi.fn() };
    let current: typeof target | null = target;
    forwardEvents({ onSessionStateChanged: session.subscribe, onListingEvent: source<ListingEvent>().subscribe, onTransfersChanged: source<TransferJob[]>().subscribe, onUpdateStateChanged: source<UpdateState>().subscribe }, () => current);
    session.emit(signedOut);
    current = null;
    session.emit(signedOut);
    expect(target.send).not.toHaveBeenCalled();
  });
});
