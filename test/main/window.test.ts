import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Session } from 'electron';
import { createMainWindow } from '../../main/window';
import { createAppUrlMatcher, type AppLocation } from '../../main/ipc/trusted-sender';

type Listener = (...args: unknown[]) => void;

/** Just enough of BrowserWindow / webContents / session to record what the window sets up. */
function fakes(options: { location?: AppLocation; devTools?: boolean; iconPath?: string } = {}) {
  const contentsListeners = new Map<string, Listener>();
  let windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  const windowListeners = new Map<string, Listener>();
  const created: Array<Record<string, unknown>> = [];
  const loaded: string[] = [];

  class FakeBrowserWindow {
    webContents = {
      on: (event: string, listener: Listener) => contentsListeners.set(event, listener),
      setWindowOpenHandler: (handler: typeof windowOpenHandler) => (windowOpenHandler = handler),
    };
    show = vi.fn();
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
    once(event: string, listener: Listener) {
      windowListeners.set(event, listener);
    }
    async loadURL(url: string) {
      loaded.push(url);
    }
  }

  let permissionRequest: ((...args: unknown[]) => void) | undefined;
  let permissionCheck: ((...args: unknown[]) => boolean) | undefined;
  let headersReceived: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
  const session = {
    setPermissionRequestHandler: (handler: typeof permissionRequest) => (permissionRequest = handler),
    setPermissionCheckHandler: (handler: typeof permissionCheck) => (permissionCheck = handler),
    webRequest: { onHeadersReceived: (handler: typeof headersReceived) => (headersReceived = handler) },
  };
  const shell = { openExternal: vi.fn(async () => {}) };

  const window = createMainWindow({
    BrowserWindow: FakeBrowserWindow as unknown as typeof BrowserWindow,
    session: session as unknown as Session,
    shell,
    preloadPath: '/app/out/preload/index.cjs',
    location: options.location ?? { kind: 'dev-server', url: 'http://localhost:5173' },
    isAppUrl: createAppUrlMatcher(options.location ?? { kind: 'dev-server', url: 'http://localhost:5173' }),
    devTools: options.devTools ?? true,
    iconPath: options.iconPath,
  }) as unknown as FakeBrowserWindow;

  return {
    window,
    created,
    loaded,
    shell,
    contentsListeners,
    windowListeners,
    windowOpen: (url: string) => windowOpenHandler!({ url }),
    permissionRequest: () => permissionRequest!,
    permissionCheck: () => permissionCheck!,
    headersReceived: () => headersReceived!,
  };
}

describe('createMainWindow', () => {
  it('creates a locked-down, hidden-until-ready window titled S3 Desk and loads the app', () => {
    const { created, loaded, window, windowListeners } = fakes();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ title: 'S3 Desk', show: false, minWidth: expect.any(Number), minHeight: expect.any(Number) });
    expect(created[0]!.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(loaded).toEqual(['http://localhost:5173']);
    expect(window.show).not.toHaveBeenCalled();
    windowListeners.get('ready-to-show')!();
    expect(window.show).toHaveBeenCalled();
  });

  it('packaged: loads app://s3desk/index.html (never a file:// page), DevTools as the policy says, with the icon', () => {
    const { created, loaded } = fakes({ location: { kind: 'app-scheme', root: '/opt/app/out/renderer' }, devTools: false, iconPath: '/opt/app/icon.png' });
    expect(loaded).toEqual(['app://s3desk/index.html']);
    expect(created[0]!.webPreferences).toMatchObject({ devTools: false });
    expect(created[0]!.icon).toBe('/opt/app/icon.png');
    expect(fakes({ location: { kind: 'app-scheme', root: '/opt/app/out/renderer' }, devTools: true }).created[0]!.webPreferences).toMatchObject({ devTools: true });
  });

  it('denies every new window; opens only vetted https links in the OS browser', () => {
    const { windowOpen, shell } = fakes();
    expect(windowOpen('https://docs.aws.amazon.com/')).toEqual({ action: 'deny' });
    expect(windowOpen('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(windowOpen('http://example.com')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.aws.amazon.com/']]);
  });

  it('blocks navigation and webviews', () => {
    const { contentsListeners } = fakes();
    const navigation = { url: 'https://evil.example/', preventDefault: vi.fn() };
    contentsListeners.get('will-navigate')!(navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contentsListeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const { permissionRequest, permissionCheck } = fakes();
    const callback = vi.fn();
    permissionRequest()({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(permissionCheck()({}, 'notifications', 'http://localhost:5173', {})).toBe(false);
  });

  it('sets the CSP on the app origin responses, replacing any other, and leaves other responses alone', () => {
    const { headersReceived } = fakes();
    const appResponse = vi.fn();
    headersReceived()({ url: 'http://localhost:5173/', responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } }, appResponse);
    const headers = (appResponse.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(headers['Content-Type']).toEqual(['text/html']);
    const otherResponse = vi.fn();
    headersReceived()({ url: 'http://127.0.0.1:4566/bucket', responseHeaders: {} }, otherResponse);
    expect(otherResponse).toHaveBeenCalledWith({});
  });
});
