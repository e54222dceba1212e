import { vi } from 'vitest';

/**
 * Electron as main/index.ts uses it, replaced by recording fakes, so the
 * composition root runs in plain Node. One per test file (each file has its
 * own module graph); set `app.isPackaged` before importing main/index.
 */
export function createFakeElectron() {
  const userData = { path: '' };
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const powerListeners = new Map<string, () => void>();
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const windows: Array<{ options: Record<string, unknown>; webContents: Record<string, unknown>; sent: unknown[][]; loaded: string[] }> = [];
  class BrowserWindow {
    webContents: Record<string, unknown>;
    sent: unknown[][] = [];
    loaded: string[] = [];
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
    async loadURL(url: string) {
      this.loaded.push(url);
    }
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
  const privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  const menus: unknown[] = [];
  const electron = {
    protocol: { registerSchemesAsPrivileged: (schemes: typeof privilegedSchemes) => privilegedSchemes.push(...schemes) },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) },
    clipboard: { writeText: vi.fn() },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => menus.push(menu) },
    app: {
      name: 'S3 Desk',
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: () => true,
      isPackaged: false,
      getVersion: () => '0.1.0',
      getPath: (name: string) => (name === 'userData' ? userData.path : name === 'logs' ? `${userData.path}/logs` : '/nonexistent'),
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
    shell: { openExternal: vi.fn(async () => {}), showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') },
    powerMonitor: { on: (event: string, listener: () => void) => powerListeners.set(event, listener) },
    Notification: Object.assign(class {
      show() {}
    }, { isSupported: () => false }),
  };
  return { userData, appListeners, powerListeners, handlers, windows, protocolHandlers, privilegedSchemes, menus, electron };
}

export const fakeElectron = createFakeElectron();

export const fakeKeytar = { default: { getPassword: vi.fn(), setPassword: vi.fn(), deletePassword: vi.fn(), findCredentials: vi.fn(async () => []) } };

/** An IPC event from our window's main frame showing our page on app://s3desk/. */
export const fromOurPage = (sender: unknown) => ({ sender, senderFrame: { url: 'app://s3desk/index.html', parent: null } });
