import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Where the app's own page comes from. */
export type AppLocation = { kind: 'dev-server'; url: string } | { kind: 'file'; path: string };

/** The bits of an IPC event the check reads (Electron's IpcMainInvokeEvent has them). */
export interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * True for the URL of our own page: the dev server's origin in development,
 * exactly our index.html when packaged. Query and fragment are ignored (a
 * client-side router may use them); nothing else on file:// counts.
 */
export function createAppUrlMatcher(location: AppLocation): (url: string) => boolean {
  if (location.kind === 'dev-server') {
    const origin = new URL(location.url).origin;
    return (url) => safeUrl(url)?.origin === origin;
  }
  const indexPath = resolve(location.path);
  return (url) => {
    const parsed = safeUrl(url);
    if (parsed?.protocol !== 'file:' || parsed.host !== '') return false;
    try {
      return resolve(fileURLToPath(parsed)) === indexPath;
    } catch {
      return false;
    }
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
