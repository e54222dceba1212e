import { BrowserWindow, Menu, Notification, app, clipboard, dialog, ipcMain, nativeImage, powerMonitor, protocol, session, shell, type NativeImage } from 'electron';
import keytar from 'keytar';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_SCHEME } from '../common/ipc';
import { appMenuTemplate } from './app-menu';
import { appLocation, preloadPath, windowIconPath } from './app-paths';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppFileHandler } from './app-scheme';
import { createServices, type Services } from './create-services';
import { createDesktopIntegration } from './desktop-integration';
import { developmentOverrides } from './development-overrides';
import { createIpcHandlers } from './ipc/create-handlers';
import { forwardEvents, registerIpc } from './ipc/register-ipc';
import { createAppUrlMatcher, createSenderValidator } from './ipc/trusted-sender';
import { createPlatformUpdater } from './platform-updater';
import { contentSecurityPolicy } from './security/csp';
import { policyPath, readPolicy } from './session/policy';
import { KeytarSecretStore } from './session/secret-store';
import { fileLogger, teeLogger } from './shared/file-logger';
import { consoleLogger, describeError } from './shared/logger';
import { builtInFeedUrl } from './updates/built-in-feed';
import { createMainWindow } from './window';

/**
 * Composition root: the only place that touches Electron's app, ipcMain,
 * BrowserWindow, Menu, session, shell, dialog, clipboard, Notification,
 * protocol and powerMonitor, keytar and electron-updater. Everything else receives them.
 *
 * Development only (a packaged build ignores them, see development-overrides.ts):
 *   S3DESK_AWS_ENDPOINT   one endpoint for Cognito Identity and S3 (the local stack); unset for AWS
 *   S3DESK_BACKEND_URL    suggested backend address for a first sign-in
 *   ELECTRON_RENDERER_URL the dev server (set by electron-vite in development)
 */
const mainDir = dirname(fileURLToPath(import.meta.url));
const packaged = app.isPackaged;
const overrides = developmentOverrides(process.env, packaged);
const logger = teeLogger(consoleLogger('main'), fileLogger(() => join(app.getPath('logs'), 'main.log')));

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// Before 'ready', as Electron requires. The page comes from app://s3desk/ (a secure, standard
// origin that serves only the built renderer); previews stream from main on their own scheme.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES },
  // corsEnabled: the page fetch()es text previews across origins (PreviewService names it as allowed).
  { scheme: PREVIEW_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another S3 Desk is running; it gets focus through 'second-instance'.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let services: Services | null = null;

  const location = appLocation(mainDir, overrides.rendererUrl, packaged);
  const isAppUrl = createAppUrlMatcher(location);
  const iconPath = windowIconPath(mainDir, process.resourcesPath, packaged);
  // Made once, at the first drag out: the app's icon at a size that sits under the cursor.
  let dragIcon: NativeImage | null = null;
  const smallIcon = () => (dragIcon ??= nativeImage.createFromPath(iconPath).resize({ width: 64, height: 64 }));

  const openWindow = (devTools: boolean) => {
    window = createMainWindow({
      BrowserWindow,
      session: session.defaultSession,
      shell,
      preloadPath: preloadPath(mainDir),
      location,
      isAppUrl,
      devTools,
      iconPath,
      logger,
    });
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
      const policy = await readPolicy(policyPath(process.platform, process.env));
      if (policy.problem) logger.warn(policy.problem);
      const devTools = !packaged || policy.policy.allowDevTools;

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            platform: process.platform,
            appName: app.name,
            version: app.getVersion(),
            development: !packaged,
            openLogFolder: () => void shell.openPath(app.getPath('logs')),
          }),
        ),
      );

      services = await createServices({
        secrets: new KeytarSecretStore(keytar, { logger }),
        settingsPath: join(app.getPath('userData'), 'settings.json'),
        uploadRegistryPath: join(app.getPath('userData'), 'uploads.json'),
        transferJournalPath: join(app.getPath('userData'), 'transfers.json'),
        awsEndpoint: overrides.awsEndpoint,
        suggestedBackendUrl: overrides.backendUrl,
        logger,
        desktop: createDesktopIntegration({ dialog, clipboard, shell, Notification, getWindow: () => window, dragIcon: smallIcon }),
        openedFilesRoot: app.getPath('temp'),
        previewBaseUrl: `${PREVIEW_SCHEME}://preview/`,
        pageOrigin: location.kind === 'dev-server' ? new URL(location.url).origin : APP_ORIGIN,
        policy,
        // A packaged build signs in to this computer only when the policy's backend is here.
        allowLoopbackBackend: !packaged,
        updates: {
          createUpdater: () => createPlatformUpdater(process.platform, process.env),
          feedUrl: packaged ? builtInFeedUrl(join(process.resourcesPath, 'app-update.yml')) : null,
          currentVersion: app.getVersion(),
          isPackaged: packaged,
        },
      });
      const { previews } = services;
      session.defaultSession.protocol.handle(PREVIEW_SCHEME, (request) => previews.handle(request));
      if (location.kind === 'app-scheme') {
        session.defaultSession.protocol.handle(APP_SCHEME, createAppFileHandler({ root: location.root, csp: contentSecurityPolicy() }));
      }
      const handlers = createIpcHandlers({ ...services, logger });
      registerIpc(ipcMain, handlers, createSenderValidator({ getAppWebContents: () => window?.webContents ?? null, isAppUrl }));
      forwardEvents(services.events, () => window?.webContents ?? null);
      // The window opens at once on a 'resuming' splash; the silent sign-in's result arrives as a state event.
      openWindow(devTools);
      void services.session.resume();
      services.updates.start();
      // Timers do not run while the computer sleeps: catch up on a token refresh that came due meanwhile.
      const catchUp = () => services?.session.checkNow();
      powerMonitor.on('resume', catchUp);
      powerMonitor.on('unlock-screen', catchUp);
      // macOS: clicking the dock icon with no window open opens one.
      app.on('activate', () => {
        if (!window) openWindow(devTools);
      });
    })
    .catch((error: unknown) => {
      logger.error(`S3 Desk could not start: ${describeError(error)}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => services?.dispose());
}
