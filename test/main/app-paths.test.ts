import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appLocation, preloadPath, windowIconPath } from '../../main/app-paths';

describe('app paths from the built main bundle', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('uses the CommonJS preload electron-vite writes (index.cjs), else index.js', () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-out-'));
    mkdirSync(join(dir, 'main'));
    mkdirSync(join(dir, 'preload'));
    expect(preloadPath(join(dir, 'main'))).toBe(join(dir, 'preload', 'index.cjs'));
    writeFileSync(join(dir, 'preload', 'index.js'), '');
    expect(preloadPath(join(dir, 'main'))).toBe(join(dir, 'preload', 'index.js'));
    writeFileSync(join(dir, 'preload', 'index.cjs'), '');
    expect(preloadPath(join(dir, 'main'))).toBe(join(dir, 'preload', 'index.cjs'));
  });

  it('loads the dev server only when not packaged; otherwise the built renderer on app://', () => {
    expect(appLocation('/app/out/main', 'http://localhost:5173', false)).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(appLocation('/app/out/main', 'http://localhost:5173', true)).toEqual({ kind: 'app-scheme', root: '/app/out/renderer' });
    expect(appLocation('/app/out/main', undefined, false)).toEqual({ kind: 'app-scheme', root: '/app/out/renderer' });
  });

  it('takes the window icon from resources when packaged, from build/ otherwise', () => {
    expect(windowIconPath('/app/out/main', '/opt/S3 Desk/resources', true)).toBe('/opt/S3 Desk/resources/icon.png');
    expect(windowIconPath('/app/out/main', '/ignored', false)).toBe('/app/build/icon.png');
  });
});
