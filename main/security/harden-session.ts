import type { Session } from 'electron';

/**
 * Session-wide rules: no web permission is ever granted (camera, notifications,
 * clipboard-read, …: the app needs none), and the dev server's responses carry
 * the CSP. The packaged page's come from app-scheme.ts, which sets it itself;
 * index.html carries the same policy in a <meta> tag as a second line.
 */
export function hardenSession(session: Session, options: { isAppUrl: (url: string) => boolean; csp: string }): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!options.isAppUrl(details.url)) {
      callback({});
      return;
    }
    const headers = { ...(details.responseHeaders ?? {}) };
    // Replace, not add: a second, looser policy from the server must not survive.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [options.csp];
    callback({ responseHeaders: headers });
  });
}
