import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppLocation } from './ipc/trusted-sender';

/**
 * Where electron-vite puts the page and the preload, relative to the built
 * main bundle (out/main). A sandboxed preload must be CommonJS, which
 * electron-vite writes as index.cjs in a "type": "module" package (index.js otherwise).
 */
export function preloadPath(mainDir: string): string {
  const candidates = ['index.cjs', 'index.js'].map((name) => join(mainDir, '../preload', name));
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

/**
 * The dev server in development (electron-vite sets ELECTRON_RENDERER_URL),
 * else the built renderer served on app://s3desk/. A packaged build never
 * follows the variable: it could point the window, and window.api, anywhere.
 */
export function appLocation(mainDir: string, rendererUrl: string | undefined, packaged: boolean): AppLocation {
  if (!packaged && rendererUrl) return { kind: 'dev-server', url: rendererUrl };
  return { kind: 'app-scheme', root: join(mainDir, '../renderer') };
}

/** The window icon (Linux shows it; macOS and Windows take the bundle's): beside the app when packaged, in build/ otherwise. */
export function windowIconPath(mainDir: string, resourcesPath: string, packaged: boolean): string {
  return packaged ? join(resourcesPath, 'icon.png') : join(mainDir, '../../build/icon.png');
}
