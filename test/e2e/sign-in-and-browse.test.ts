import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import keytar from 'keytar';
import type { Browser, Page } from 'playwright-core';
import { createIpcHandlers } from '../../main/ipc/create-handlers';
import { createServices, type Services } from '../../main/create-services';
import type { Logger } from '../../main/shared/logger';
import { KeytarSecretStore, SECRET_SERVICE_NAME, secretAccount } from '../../main/session/secret-store';
import { startStack, type RunningStack } from '../../devstack/stack';
import { buildRenderer } from './harness/build-renderer';
import { launchChromium } from './harness/chromium';
import { installDeskApi, type BridgeRecord } from './harness/desk-api-bridge';
import { captureScreen } from './harness/accessibility';
import { findLeaks, recordBackendSecrets } from './harness/leak-canary';
import { rendererExposure } from './harness/renderer-exposure';
import { serveFolder } from './harness/static-server';

/**
 * The real renderer in Debian's Chromium, window.api backed by the real
 * main-process handlers and services, against the real local stack and the
 * real OS keychain (gnome-keyring, inside run-keyring.sh). Only the Electron
 * shell itself is absent: its binary cannot be downloaded on these machines.
 */
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';
const SHOTS = resolve('test-results/e2e');

describe.runIf(insideKeyring)('S3 Desk end to end: sign in, browse, sign out', () => {
  let scratch: string;
  let stack: RunningStack;
  let services: Services;
  let browser: Browser;
  let page: Page;
  let bridge: BridgeRecord;
  let stopServing: () => Promise<void>;
  let stopRecording: () => void;
  const secrets = new Map<string, string>();
  const logs: string[] = [];
  const consoleLines: string[] = [];
  const domSnapshots: Record<string, string> = {};

  const capture: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };

  async function screen(name: string): Promise<void> {
    domSnapshots[name] = await page.content();
    await captureScreen(page, name, join(SHOTS, `${name}.png`));
  }

  async function signIn(backendUrl: string, password: string): Promise<void> {
    await page.fill('input[name="backendUrl"]', backendUrl);
    await page.fill('input[name="username"]', stack.info.demoUser.username);
    await page.fill('input[name="password"]', password);
    await page.click('[data-testid="sign-in-submit"]');
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 's3desk-e2e-'));
    stack = await startStack({ stateDir: join(scratch, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    stopRecording = recordBackendSecrets(stack.info.backendUrl, secrets);

    const outDir = join(scratch, 'renderer');
    await buildRenderer(outDir);
    const served = await serveFolder(outDir);
    stopServing = served.close;

    services = await createServices({
      secrets: new KeytarSecretStore(keytar),
      settingsPath: join(scratch, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      suggestedBackendUrl: stack.info.backendUrl,
      logger: capture,
    });
    const handlers = createIpcHandlers({ ...services, logger: capture });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1180, height: 720 }, reducedMotion: 'reduce' });
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    bridge = await installDeskApi(page, {
      handlers,
      appOrigin: served.origin,
      events: services.events,
    });
    await page.goto(`${served.origin}/index.html`);
  }, 120_000);

  afterAll(async () => {
    stopRecording?.();
    await browser?.close();
    services?.dispose();
    await stopServing?.();
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('opens on the sign-in screen with the organisation address suggested', async () => {
    await page.waitForSelector('[data-testid="sign-in-form"]');
    expect(await page.inputValue('input[name="backendUrl"]')).toBe(stack.info.backendUrl);
    await screen('01-sign-in');
  });

  it('says so when the password is wrong', async () => {
    await signIn(stack.info.backendUrl, 'definitely not the password');
    await expect(page.locator('[data-testid="sign-in-error"]')).toBeDefined();
    await page.waitForSelector('[data-testid="sign-in-error"]:has-text("incorrect")');
    await screen('02-wrong-password');
  });

  it('says so when the backend cannot be reached', async () => {
    await signIn('http://127.0.0.1:9', stack.info.demoUser.password);
    await page.waitForSelector('[data-testid="sign-in-error"]:has-text("reach")');
    await screen('03-unreachable-backend');
  });

  it('signs in, remembers the identity in the keychain, and shows the buckets and the home folder', async () => {
    await signIn(stack.info.backendUrl, stack.info.demoUser.password);
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    // The stack labels its entries: people see "My files" and "Team library", never the home prefix's IdentityId.
    const buckets = await page.locator('[data-testid="bucket-item"] .sidebar__name').allInnerTexts();
    expect(buckets).toEqual(['My files', 'Team library']);
    expect((await page.innerText('[data-testid="breadcrumb"]')).trim()).toBe('My files');
    expect(await page.title()).toBe('My files — S3 Desk');
    for (const shown of [await page.innerText('[data-testid="bucket-list"]'), await page.innerText('[data-testid="breadcrumb"]'), await page.title()]) {
      expect(shown).not.toContain(stack.info.demoUser.identityId);
    }
    expect(await page.innerText('[data-testid="signed-in-as"]')).toContain('demo');
    const folders = await page.locator('[data-testid="object-row"][data-kind="folder"]').allInnerTexts();
    expect(folders.map((f) => f.trim().split('\n')[0])).toEqual(['documents', 'photos']);

    const entry = await keytar.getPassword(SECRET_SERVICE_NAME, secretAccount(new URL(stack.info.backendUrl).origin, 'demo'));
    expect(JSON.parse(entry!)).toEqual({ identityId: stack.info.demoUser.identityId, refreshToken: expect.any(String) });
    await screen('04-signed-in-home');
  });

  it('opens a folder and goes back up', async () => {
    await page.dblclick('[data-testid="object-row"][data-kind="folder"] >> text=documents');
    await page.waitForSelector('[data-testid="object-table"] >> text=notes.md');
    expect(await page.innerText('[data-testid="breadcrumb"]')).toContain('documents');
    await screen('05-folder-opened');
    await page.click('[data-testid="go-up"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
  });

  it('browses the shared library, including awkward keys', async () => {
    await page.click('[data-testid="bucket-item"] >> text=Team library');
    await page.waitForSelector('[data-testid="object-table"] >> text=odd names');
    await page.dblclick('[data-testid="object-row"][data-kind="folder"] >> text=odd names');
    await page.waitForSelector('[data-testid="object-table"] >> text=日本語のファイル.txt');
    await screen('06-shared-odd-names');
  });

  it('signs out from the account menu, and the keychain entry is gone', async () => {
    await page.click('[data-testid="account-menu"]');
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="sign-in-form"]');
    const entry = await keytar.getPassword(SECRET_SERVICE_NAME, secretAccount(new URL(stack.info.backendUrl).origin, 'demo'));
    expect(entry).toBeNull();
    await screen('07-signed-out');
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    for (const secret of stack.emulator.issuedSecrets()) if (!secrets.has(secret)) secrets.set(secret, 'AWS credential or OpenID token');
    // A canary that saw nothing proves nothing.
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.replies.length).toBeGreaterThan(5);
    expect(bridge.events.length).toBeGreaterThan(1);
    const leaks = findLeaks(secrets, await rendererExposure(page, { bridge, consoleLines, logs, domSnapshots }));
    expect(leaks).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
