import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS, type DeskApi, type SessionState } from '../../common/ipc-contract';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() },
}));
vi.mock('electron', () => electron);

/** Exactly the operations of DeskApi: adding one to the contract must add it here, on purpose. */
const DESK_API_FUNCTIONS: Array<keyof DeskApi> = [
  'forgetAccount',
  'getSessionState',
  'listBuckets',
  'listObjects',
  'onSessionStateChanged',
  'reconnect',
  'signIn',
  'signOut',
  'switchAccount',
];

describe('preload: window.api', () => {
  let api: DeskApi;

  beforeAll(async () => {
    await import('../../preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
    expect(name).toBe('api');
    api = exposed as DeskApi;
  });

  it('exposes exactly the DeskApi functions: no generic invoke, send or ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual(DESK_API_FUNCTIONS);
    for (const name of DESK_API_FUNCTIONS) expect(typeof api[name]).toBe('function');
  });

  it('forwards each operation to its own channel with its one argument', async () => {
    const signIn = { backendUrl: 'http://127.0.0.1:8787', username: 'demo', password: 'pw' };
    const listObjects = { bucket: 'desk-shared', prefix: 'library/' };
    await api.signIn(signIn);
    await api.signOut();
    await api.getSessionState();
    await api.listBuckets();
    await api.listObjects(listObjects);
    await api.switchAccount('https://desk.example.com|ann');
    await api.forgetAccount('https://desk.example.com|bob');
    await api.reconnect();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC_CHANNELS.signIn, signIn],
      [IPC_CHANNELS.signOut],
      [IPC_CHANNELS.getSessionState],
      [IPC_CHANNELS.listBuckets],
      [IPC_CHANNELS.listObjects, listObjects],
      [IPC_CHANNELS.switchAccount, 'https://desk.example.com|ann'],
      [IPC_CHANNELS.forgetAccount, 'https://desk.example.com|bob'],
      [IPC_CHANNELS.reconnect],
    ]);
  });

  it('does not pass extra arguments through no-argument operations', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await (api.signOut as (...args: unknown[]) => Promise<unknown>)('smuggled');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.signOut);
  });

  it('returns what main answered', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not_signed_in', message: 'x' } });
    await expect(api.listBuckets()).resolves.toEqual({ ok: false, error: { code: 'not_signed_in', message: 'x' } });
  });

  it('onSessionStateChanged delivers the state without the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = api.onSessionStateChanged(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENTS.sessionStateChanged, expect.any(Function));
    const relay = electron.ipcRenderer.on.mock.calls.at(-1)![1] as (event: unknown, state: SessionState) => void;
    const state: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };
    relay({ sender: 'the IpcRendererEvent' }, state);
    expect(listener).toHaveBeenCalledWith(state);
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENTS.sessionStateChanged, relay);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onSessionStateChanged('nope' as unknown as () => void)).toThrow(TypeError);
  });
});
