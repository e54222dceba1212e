import type { BrowserWindow, Session, Shell } from 'electron';
import { APP_ENTRY_URL } from './app-scheme';
import type { AppLocation } from './ipc/trusted-sender';
import { contentSecurityPolicy } from './security/csp';
import { isSafeExternalUrl } from './security/external-url';
import { hardenSession } from './security/harden-session';
import { describeError, silentLogger, type Logger } from './shared/logger';

export interface MainWindowOptions {
  /** Electron's BrowserWindow class, passed in so this file imports no Electron values. */
  BrowserWindow: typeof BrowserWindow;
  session: Session;
  shell: Pick<Shell, 'openExternal'>;
  preloadPath: string;
  location: AppLocation;
  isAppUrl: (url: string) => boolean;
  /** Packaged builds keep DevTools closed unless the organisation's policy allows them. */
  devTools: boolean;
  /** The window icon, for the platforms that take it from the window (Linux). */
  iconPath?: string;
  logger?: Logger;
}

/**
 * The one S3 Desk window, locked down per DESIGN.md §4: isolated, sandboxed
 * renderer without Node; no navigation away from the app, no new windows
 * (vetted https links go to the OS browser instead), no permissions, strict CSP.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const logger = options.logger ?? silentLogger;
  hardenSession(options.session, {
    isAppUrl: options.isAppUrl,
    csp: contentSecurityPolicy(options.location.kind === 'dev-server' ? { devServerUrl: options.location.url } : {}),
  });

  const window = new options.BrowserWindow({
    title: 'S3 Desk',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      session: options.session,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });

  const openExternally = (url: string) => {
    if (!isSafeExternalUrl(url)) {
      logger.warn('Blocked a link that is not a plain https:// address.');
      return;
    }
    options.shell.openExternal(url).catch((error: unknown) => logger.warn(`Could not open a link: ${describeError(error)}`));
  };

  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url);
  });
  // Frames (should the page ever have one) may not navigate either.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  window.once('ready-to-show', () => window.show());

  // Never loadFile: the packaged page comes from app://s3desk/ (app-scheme.ts), not file://.
  const load = window.loadURL(options.location.kind === 'dev-server' ? options.location.url : APP_ENTRY_URL);
  load.catch((error: unknown) => logger.error(`Could not load the S3 Desk page: ${describeError(error)}`));
  return window;
}
