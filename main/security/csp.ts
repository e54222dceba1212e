import { PREVIEW_SCHEME } from '../../common/ipc';

/**
 * The Content-Security-Policy of the app's page. Packaged, everything comes
 * from the app itself: no inline script, no eval, no remote anything. The dev
 * server needs two relaxations Vite cannot avoid: React Fast Refresh's inline
 * preamble and injected <style> tags ('unsafe-inline'), and the HMR websocket.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  const hmrSocket = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : null;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    // Vite inlines small images and fonts as data: URLs; previews stream from main on their own scheme.
    ['img-src', ["'self'", 'data:', `${PREVIEW_SCHEME}:`]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', hmrSocket ? ["'self'", `${PREVIEW_SCHEME}:`, hmrSocket] : ["'self'", `${PREVIEW_SCHEME}:`]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
