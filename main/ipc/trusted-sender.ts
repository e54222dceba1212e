import { APP_HOST, APP_SCHEME } from '../app-scheme';

/** Where the app's own page comes from: the dev server, or the built renderer on app://s3desk/. */
export type AppLocation = { kind: 'dev-server'; url: string } | { kind: 'app-scheme'; root: string };

/** The bits of an IPC event the check reads (Electron's IpcMainInvokeEvent has them). */
export interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * True for a URL of our own page: the dev server's origin in development,
 * app://s3desk/ otherwise (whatever the path: that scheme serves nothing but
 * the built renderer). Nothing on file:// counts.
 */
export function createAppUrlMatcher(location: AppLocation): (url: string) => boolean {
  if (location.kind === 'dev-server') {
    const origin = new URL(location.url).origin;
    return (url) => safeUrl(url)?.origin === origin;
  }
  // Node's URL gives non-special schemes an opaque origin ('null'), so compare scheme and host.
  return (url) => {
    const parsed = safeUrl(url);
    return parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  };
}

/**
 * VS Code's validatedIpcMain idea: a call is trusted only when it comes from
 * the main frame (not an iframe) of our own window's webContents, and that
 * frame shows our own page. Anything else — another window, an embedded
 * frame, a page navigated elsewhere — is refused.
 */
export function createSenderValidator(options: {
  /** Our window's webContents, or null while there is no window. */
  getAppWebContents: () => unknown;
  isAppUrl: (url: string) => boolean;
}): (event: SenderEvent) => boolean {
  return (event) => {
    const webContents = options.getAppWebContents();
    if (!webContents || event.sender !== webContents) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return options.isAppUrl(frame.url);
  };
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
