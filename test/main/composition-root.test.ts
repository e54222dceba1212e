import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES } from '../../common/ipc';

/**
 * main/index.ts with Electron and keytar replaced by recording fakes: proves
 * the composition root wires services, IPC (with the sender check) and the
 * window together, without an Electron binary.
 */
const fake = vi.hoisted(() => {
  const userData = { path: '' };
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const powerListeners = new Map<string, () => void>();
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const windows: Array<{ options: Record<string, unknown>; webContents: Record<string, unknown>; sent: unknown[][] }> = [];
  class BrowserWindow {
    webContents: Record<string, unknown>;
    sent: unknown[][] = [];
    constructor(public options: Record<string, unknown>) {
      const sent = this.sent;
      this.webContents = {
        on: () => {},
        setWindowOpenHandler: () => {},
        isDestroyed: () => false,
        send: (...args: unknown[]) => sent.push(args),
      };
      windows.push(this as never);
    }
    once() {}
    on() {}
    async loadURL() {}
    async loadFile() {}
  }
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const session = {
    defaultSession: {
      setPermissionRequestHandler: () => {},
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: () => {} },
      protocol: { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler) },
    },
  };
  const privilegedSchemes: unknown[] = [];
  return {
    userData,
    appListeners,
    powerListeners,
    handlers,
    windows,
    protocolHandlers,
    privilegedSchemes,
    electron: {
      protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => privilegedSchemes.push(...schemes) },
      dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) },
      clipboard: { writeText: vi.fn() },
      app: {
        enableSandbox: vi.fn(),
        requestSingleInstanceLock: () => true,
        isPackaged: true,
        getPath: (name: string) => (name === 'userData' ? userData.path : '/nonexistent'),
        whenReady: () => Promise.resolve(),
        on: (event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener),
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, listener),
        removeHandler: (channel: string) => handlers.delete(channel),
      },
      session,
      shell: { openExternal: vi.fn(async () => {}), showItemInFolder: vi.fn() },
      powerMonitor: { on: (event: string, listener: () => void) => powerListeners.set(event, listener) },
    },
  };
});
vi.mock('electron', () => fake.electron);
vi.mock('keytar', () => ({ default: { getPassword: vi.fn(), setPassword: vi.fn(), deletePassword: vi.fn(), findCredentials: vi.fn(async () => []) } }));

/** An IPC event from our window's main frame showing the packaged page (../renderer/index.html from main/). */
const fromOurPage = (sender: unknown) => ({ sender, senderFrame: { url: pathToFileURL(join(process.cwd(), 'renderer/index.html')).href, parent: null } });

describe('main/index.ts (composition root)', () => {
  fake.userData.path = mkdtempSync(join(tmpdir(), 's3desk-userdata-'));
  afterAll(() => {
    rmSync(fake.userData.path, { recursive: true, force: true });
    delete process.env.S3DESK_BACKEND_URL;
  });

  it('sandboxes every renderer, registers every channel, and opens one hardened window', async () => {
    process.env.S3DESK_BACKEND_URL = 'http://127.0.0.1:8787';
    await import('../../main/index');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect([...fake.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((name) => IPC_OPERATIONS[name].channel).sort());
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.c?js$/);
  });

  it('serves previews on the s3desk-preview: scheme from main, and nothing without a live handle', async () => {
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 's3desk-preview', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
    const handle = fake.protocolHandlers.get('s3desk-preview')!;
    expect(handle).toBeTypeOf('function');
    const response = await handle(new Request('s3desk-preview://preview/00000000-0000-0000-0000-000000000000'));
    expect(response.status).toBe(404);
  });

  it('answers the window with the session state, pre-filled from S3DESK_BACKEND_URL, and refuses other senders', async () => {
    const window = fake.windows[0]!;
    const getState = fake.handlers.get(IPC_OPERATIONS.getSessionState.channel)!;
    const fromUs = fromOurPage(window.webContents);
    expect(await getState(fromUs)).toEqual({
      ok: true,
      value: {
        status: 'signed-out',
        lastBackendUrl: 'http://127.0.0.1:8787',
        lastUsername: null,
        reason: null,
        accounts: [],
        keychain: { available: true },
      },
    });
    expect(await getState({ ...fromUs, sender: {} })).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('catches up on token refreshes when the computer wakes or the screen is unlocked', () => {
    expect([...fake.powerListeners.keys()].sort()).toEqual(['resume', 'unlock-screen']);
    expect(() => fake.powerListeners.get('resume')!()).not.toThrow();
  });

  it('pushes session state changes to the window', async () => {
    const window = fake.windows[0]!;
    const signOut = fake.handlers.get(IPC_OPERATIONS.signOut.channel)!;
    const fromUs = fromOurPage(window.webContents);
    await signOut(fromUs);
    expect(window.sent.at(-1)?.[0]).toBe(IPC_EVENTS.onSessionStateChanged.channel);
  });
});
