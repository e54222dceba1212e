import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS, type ListingEvent, type SessionState, type TransferJob } from '../../common/ipc-contract';
import type { IpcHandlers } from '../../main/ipc/create-handlers';
import { forwardEvents, forwardSessionState, registerIpc, type IpcMainLike } from '../../main/ipc/register-ipc';
import { createAppUrlMatcher, createSenderValidator, type SenderEvent } from '../../main/ipc/trusted-sender';

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

const signedOut: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };

function fakeHandlers() {
  const calls: Array<[string, unknown[]]> = [];
  const handler = (channel: string) => async (args: unknown[]) => {
    calls.push([channel, args]);
    return { ok: true as const, value: signedOut };
  };
  const handlers = Object.fromEntries(Object.values(IPC_CHANNELS).map((channel) => [channel, handler(channel)])) as unknown as IpcHandlers;
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
  it('registers every contract channel and passes the argument list to its handler', async () => {
    const { ipcMain, calls } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    const request = { backendUrl: 'http://127.0.0.1:8787', username: 'demo', password: 'pw' };
    expect(await ipcMain.invoke(IPC_CHANNELS.signIn, event(), request)).toEqual({ ok: true, value: signedOut });
    expect(await ipcMain.invoke(IPC_CHANNELS.signOut, event())).toEqual({ ok: true, value: signedOut });
    expect(calls).toEqual([
      [IPC_CHANNELS.signIn, [request]],
      [IPC_CHANNELS.signOut, []],
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
      for (const channel of Object.values(IPC_CHANNELS)) {
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
    expect(await ipcMain.invoke(IPC_CHANNELS.getSessionState, event())).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(calls).toEqual([]);
  });

  it('unregisters every channel', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('createAppUrlMatcher', () => {
  it('packaged: only our own index.html on file://', () => {
    const isApp = createAppUrlMatcher({ kind: 'file', path: '/opt/S3 Desk/resources/app.asar/out/renderer/index.html' });
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/index.html#/browse')).toBe(true);
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isApp('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(isApp('file://remote-host/opt/S3%20Desk/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isApp('http://localhost:5173/')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('development: the dev server origin only', () => {
    const isApp = createAppUrlMatcher({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(isApp('http://localhost:5173/index.html?x=1')).toBe(true);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
  });
});

describe('forwardSessionState', () => {
  it('sends each state change to the window on the contract event, and stops when unsubscribed', () => {
    const listeners = new Set<(state: SessionState) => void>();
    const session = {
      onStateChanged(listener: (state: SessionState) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const target = { isDestroyed: () => false, send: vi.fn() };
    const stop = forwardSessionState(session, () => target);
    for (const listener of listeners) listener(signedOut);
    expect(target.send).toHaveBeenCalledWith(IPC_EVENTS.sessionStateChanged, signedOut);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('skips a destroyed or missing window', () => {
    let listener: ((state: SessionState) => void) | undefined;
    const target = { isDestroyed: () => true, send: vi.fn() };
    let current: typeof target | null = target;
    forwardSessionState({ onStateChanged: (l) => ((listener = l), () => {}) }, () => current);
    listener!(signedOut);
    current = null;
    listener!(signedOut);
    expect(target.send).not.toHaveBeenCalled();
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
    const target = { isDestroyed: () => false, send: vi.fn() };
    const stop = forwardEvents(
      { session: { onStateChanged: session.subscribe }, listings: { onEvent: listings.subscribe }, transfers: { onChanged: transfers.subscribe } },
      () => target,
    );
    const done: ListingEvent = { listingId: 'l1', kind: 'done', folderCount: 1, objectCount: 2 };
    session.emit(signedOut);
    listings.emit(done);
    transfers.emit([]);
    expect(target.send.mock.calls).toEqual([
      [IPC_EVENTS.sessionStateChanged, signedOut],
      [IPC_EVENTS.listingEvent, done],
      [IPC_EVENTS.transfersChanged, []],
    ]);
    stop();
    expect(session.listeners.size + listings.listeners.size + transfers.listeners.size).toBe(0);
  });
});
