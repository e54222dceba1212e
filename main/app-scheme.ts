import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * The packaged page is served from app://s3desk/, never from file:// (which
 * would give a script in the page the reach of file URLs): a privileged
 * standard scheme whose handler reads only the built renderer's own files.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 's3desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Chromium needs the scheme to be standard (relative URLs, an origin) and secure (a secure context). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppFileHandlerOptions {
  /** The built renderer folder (out/renderer): nothing outside it is ever served. */
  root: string;
  /** Sent as a response header with every file, so the page's policy does not depend on its <meta> tag. */
  csp: string;
  readFile?: (path: string) => Promise<Buffer>;
}

/** A protocol.handle handler for app://s3desk/… requests. */
export function createAppFileHandler(options: AppFileHandlerOptions): (request: Request) => Promise<Response> {
  const root = resolve(options.root);
  const read = options.readFile ?? ((path: string) => readFile(path));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD are served here.');
    const path = filePathFor(root, request.url);
    if (!path) return plain(404, 'Not found.');
    const type = MIME_TYPES[extname(path).toLowerCase()];
    if (!type) return plain(404, 'Not found.');
    let body: Buffer;
    try {
      body = await read(path);
    } catch {
      return plain(404, 'Not found.');
    }
    const headers = {
      'Content-Type': type,
      'Content-Length': String(body.length),
      'Content-Security-Policy': options.csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/**
 * The file a URL names inside root, or null: another host, an undecodable or
 * NUL-carrying path, a backslash (a Windows separator in disguise), or
 * anything that resolves outside root after `..` and percent-decoding.
 */
export function filePathFor(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const path = resolve(root, relative);
  return path.startsWith(root + sep) ? path : null;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
