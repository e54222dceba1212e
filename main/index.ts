import { BrowserWindow, app, clipboard, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import keytar from 'keytar';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_SCHEME } from '../common/ipc';
import { appLocation, preloadPath } from './app-paths';
import { createDesktopIntegration } from './desktop-integration';
import { createIpcHandlers } from './ipc/create-handlers';
import { forwardEvents, registerIpc } from './ipc/register-ipc';
import { createAppUrlMatcher, createSenderValidator } from './ipc/trusted-sender';
import { createServices, type Services } from './create-services';
import { consoleLogger } from './shared/logger';
import { KeytarSecretStore } from './session/secret-store';
import { createMainWindow } from './window';

/**
 * Composition root: the only place that touches Electron's app, ipcMain,
 * BrowserWindow, session, shell, dialog, clipboard, protocol and
 * powerMonitor, and keytar. Everything else receives them.
 *
 * Environment:
 *   S3DESK_AWS_ENDPOINT   one endpoint for Cognito Identity and S3 (the local stack); unset for AWS
 *   S3DESK_BACKEND_URL    suggested backend address for a first sign-in
 *   ELECTRON_RENDERER_URL the dev server (set by electron-vite in development)
 */
const mainDir = dirname(fileURLToPath(import.meta.url));
const logger = consoleLogger('main');

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// Previews stream from main on their own scheme (before 'ready', as Electron requires):
// fetch() and <img> may load it, nothing else about it is special.
protocol.registerSchemesAsPrivileged([{ scheme: PREVIEW_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

if (!app.requestSingleInstanceLock()) {
  // Another S3 Desk is running; it gets focus through 'second-instance'.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let services: Services | null = null;

  const location = appLocation(mainDir, process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  const isAppUrl = createAppUrlMatcher(location);

  const openWindow = () => {
    window = createMainWindow({ BrowserWindow, session: session.defaultSession, shell, preloadPath: preloadPath(mainDir), location, isAppUrl, logger });
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Defence in depth for any webContents, including ones we did not create.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app
    .whenReady()
    .then(async () => {
      services = await createServices({
        secrets: new KeytarSecretStore(keytar),
        settingsPath: join(app.getPath('userData'), 'settings.json'),
        awsEndpoint: process.env.S3DESK_AWS_ENDPOINT || undefined,
        suggestedBackendUrl: process.env.S3DESK_BACKEND_URL || null,
        logger,
        desktop: createDesktopIntegration({ dialog, clipboard, shell, getWindow: () => window }),
        previewBaseUrl: `${PREVIEW_SCHEME}://preview/`,
      });
      const previews = services.previews;
      session.defaultSession.protocol.handle(PREVIEW_SCHEME, (request) => previews.handle(request));
      const handlers = createIpcHandlers({ ...services, logger });
      registerIpc(ipcMain, handlers, createSenderValidator({ getAppWebContents: () => window?.webContents ?? null, isAppUrl }));
      forwardEvents(services.events, () => window?.webContents ?? null);
      // The window opens at once on a 'resuming' splash; the silent sign-in's result arrives as a state event.
      openWindow();
      void services.session.resume();
      // Timers do not run while the computer sleeps: catch up on a token refresh that came due meanwhile.
      const catchUp = () => services?.session.checkNow();
      powerMonitor.on('resume', catchUp);
      powerMonitor.on('unlock-screen', catchUp);
      // macOS: clicking the dock icon with no window open opens one.
      app.on('activate', () => {
        if (!window) openWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error(`S3 Desk could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => services?.dispose());
}
