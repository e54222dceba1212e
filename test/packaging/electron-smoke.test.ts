/**
 * The real app in real Electron (DESIGN.md §5: "A `_electron` smoke test runs
 * where an Electron binary is present"). The build machines have no Electron
 * binary, so there this file reports itself skipped, with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../scripts/electron-binary';
import { stageBuiltApp } from './staged-app';

const lookup = findElectronBinary();
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !lookup.found
  ? `no Electron binary on this machine (${lookup.source}: ${lookup.looked} does not exist)`
  : needsDisplay
    ? 'no display (DISPLAY / WAYLAND_DISPLAY unset; run under xvfb-run)'
    : '';

describe.skipIf(skipReason !== '')(`S3 Desk in real Electron${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let work: string;
  let app: ElectronApplication;
  let window: Page;

  beforeAll(async () => {
    if (!lookup.found) return;
    work = mkdtempSync(join(tmpdir(), 's3desk-electron-'));
    const { projectDir } = await stageBuiltApp(work);
    const home = join(work, 'home');
    app = await _electron.launch({
      executablePath: lookup.path,
      // On Linux Playwright adds --no-sandbox itself (chromiumSandbox: false), so this also runs as root in CI containers.
      args: [projectDir],
      cwd: projectDir,
      // A throw-away home: no saved sign-in from the keychain, settings in a temp folder.
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), S3DESK_BACKEND_URL: 'http://127.0.0.1:8787' },
      timeout: 60_000,
    });
    window = await app.firstWindow();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens one window titled "S3 Desk" with the sign-in form', async () => {
    await window.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    expect(await window.title()).toBe('S3 Desk');
    await expect(window.getByLabel('Organisation address').isVisible()).resolves.toBe(true);
    await expect(window.getByLabel('Username').isVisible()).resolves.toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('gives the page the preload API and no Node', async () => {
    const globals = await window.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return { api: typeof scope.api, require: typeof scope.require, process: typeof scope.process };
    });
    expect(globals).toEqual({ api: 'object', require: 'undefined', process: 'undefined' });
  });

  it('runs as "S3 Desk" from package.json "main"', async () => {
    const about = await app.evaluate(({ app: electronApp }) => ({ name: electronApp.getName(), packaged: electronApp.isPackaged }));
    expect(about).toEqual({ name: 'S3 Desk', packaged: false });
  });
});
