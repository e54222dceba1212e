import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the built renderer on loopback: Chromium will not run ES module
 * scripts from file:// the way Electron does, so the E2E suite loads it over
 * http with the same relative asset paths.
 */
export async function serveFolder(
  root: string,
  /** Extra handlers by path prefix, e.g. the preview protocol's, which Chromium reaches over http here. */
  routes: Record<string, (request: Request) => Promise<Response>> = {},
): Promise<{ origin: string; close(): Promise<void> }> {
  let origin = '';
  const server = createServer((req, res) => {
    const route = Object.entries(routes).find(([prefix]) => (req.url ?? '').startsWith(prefix));
    if (route) {
      void answer(route[1], origin, req, res);
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Node request → fetch Request → handler → fetch Response → Node response, as Electron's protocol.handle does. */
async function answer(handle: (request: Request) => Promise<Response>, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  try {
    const response = await handle(new Request(`${origin}${req.url ?? '/'}`, { method: req.method, signal: controller.signal }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]).pipe(res);
    else res.end();
  } catch {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
}
