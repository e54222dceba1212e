import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appLocation, preloadPath } from '../../main/app-paths';

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

  it('loads the dev server only when not packaged', () => {
    expect(appLocation('/app/out/main', 'http://localhost:5173', false)).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(appLocation('/app/out/main', 'http://localhost:5173', true)).toEqual({ kind: 'file', path: '/app/out/renderer/index.html' });
    expect(appLocation('/app/out/main', undefined, false)).toEqual({ kind: 'file', path: '/app/out/renderer/index.html' });
  });
});
