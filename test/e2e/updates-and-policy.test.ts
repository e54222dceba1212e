import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import keytar from 'keytar';
import type { Page } from 'playwright-core';
import { parseBackendUrl } from '../../main/session/backend-url';
import { NO_POLICY, type PolicyReading } from '../../main/session/policy';
import { KeytarSecretStore } from '../../main/session/secret-store';
import { UpdateRefusedError } from '../../main/updates/update-refusal';
import type { UpdateCheck } from '../../main/updates/updater-port';
import { UpdaterStandIn } from '../helpers/updater-stand-in';
import type { RunningStack } from '../../devstack/stack';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * Updates and the organisation's policy, end to end: the real renderer in
 * Debian's Chromium, window.api backed by the real handlers and services —
 * the real UpdateService and BackendGate — against the local stack. Only the
 * platform updater underneath UpdateService is a stand-in (it would replace
 * the running program), scripted check by check.
 */
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';

/** electron-updater's part, as UpdateService drives it: each check does what the test scripted next. */
class ScriptedUpdater extends UpdaterStandIn {
  installs = 0;

  constructor(private readonly checks: Array<(updater: ScriptedUpdater) => Promise<UpdateCheck | null>>) {
    super();
  }

  checkForUpdates(): Promise<UpdateCheck | null> {
    const next = this.checks.shift();
    return next ? next(this) : Promise.resolve({ isUpdateAvailable: false, updateInfo: { version: '1.1.0' } });
  }

  quitAndInstall(): void {
    this.installs++;
  }
}

/** A download the test finishes by hand, so its progress can be seen. */
function heldDownload() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { done, finish };
}

describe.runIf(insideKeyring)('S3 Desk end to end: updates and the organisation’s policy', () => {
  let app: E2eApp;
  let stack: RunningStack;
  let logs: string[];
  let page: Page | undefined;
  let windowsOpened = 0;

  const download = heldDownload();
  const updater = new ScriptedUpdater([
    // At start: a manifest signed with another key.
    () => Promise.reject(new UpdateRefusedError('other-key', 'The update was not signed with the S3 Desk release key.')),
    // "Check again": a verified update, downloaded while the test watches.
    async (self) => {
      setTimeout(() => self.emit('download-progress', { percent: 42 }), 0);
      return { isUpdateAvailable: true, updateInfo: { version: '1.2.0' }, downloadPromise: download.done };
    },
  ]);

  /** A fresh window on services built with `policy` (and the scripted updater when `withUpdates`). */
  async function openApp(policy: PolicyReading, withUpdates: boolean): Promise<Page> {
    page = await app.openWindow({
      secrets: new KeytarSecretStore(keytar),
      settingsPath: join(app.scratch, `settings-${windowsOpened++}.json`),
      suggestedBackendUrl: null,
      policy,
      updates: withUpdates
        ? { createUpdater: () => updater, feedUrl: 'https://updates.example.com/s3desk/', currentVersion: '1.1.0', isPackaged: true }
        : undefined,
    });
    return page;
  }

  const screen = (name: string) => app.screen(name);

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'updates',
      screenshotPrefix: 'updates-',
      viewport: { width: 1180, height: 720 },
      // Each window is opened by its test, on services built with that test's policy.
      openWindow: false,
      // As the app's start does: the first check runs as soon as the services are up.
      launched: (services) => services.updates.start(),
    });
    ({ stack, logs } = app);
  }, 120_000);

  afterEach(async (context) => {
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    download.finish();
    await app?.close();
  });

  it('shows an address locked by the policy read-only on the sign-in screen', async () => {
    const backendUrl = parseBackendUrl(stack.info.backendUrl).baseUrl;
    const app = await openApp({ policy: { ...NO_POLICY, backendUrl, lockBackendUrl: true }, source: '/etc/s3desk/policy.json', problem: null }, true);
    await app.waitForSelector('[data-testid="backend-url-locked"]');
    const field = app.locator('input[name="backendUrl"]');
    expect(await field.inputValue()).toBe(backendUrl);
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await field.getAttribute('aria-readonly')).toBe('true');
    await app.fill('input[name="username"]', stack.info.demoUser.username);
    await screen('01-locked-sign-in');
  });

  it('signs in to the locked address, and warns that the refused update could not be verified', async () => {
    const app = page!;
    await app.fill('input[name="password"]', stack.info.demoUser.password);
    await app.click('[data-testid="sign-in-submit"]');
    const notice = app.locator('[data-testid="update-unverified"]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('This update could not be verified');
    expect(await notice.innerText()).toContain('The update was not signed with the S3 Desk release key.');
    expect(logs.join('\n')).toMatch(/Update refused \(other-key\)/);
    await app.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    await screen('02-unverified');
  });

  it('checks again: downloads the verified update, then offers to restart to install it', async () => {
    const app = page!;
    await app.click('[data-testid="update-unverified"] >> role=button[name="Check again"]');
    await app.waitForSelector('[data-testid="update-indicator"] >> text=Downloading update 1.2.0… 42%');
    await screen('03-downloading');

    download.finish();
    await app.waitForSelector('[data-testid="update-indicator"] >> text=Update ready — restart to install');
    expect(await app.locator('[data-testid="update-unverified"]').count()).toBe(0);
    await screen('04-ready');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screen('05-ready-dark');
    await app.emulateMedia({ colorScheme: 'light' });
  });

  it('says how updates are in the account menu', async () => {
    const app = page!;
    await app.click('[data-testid="account-menu"]');
    expect(await app.innerText('[data-testid="update-menu-state"]')).toBe('Update 1.2.0 is ready — restart to install');
    await screen('06-account-menu');
    await app.keyboard.press('Escape');
  });

  it('restarts into the update when asked, no transfers running', async () => {
    const app = page!;
    expect(updater.installs).toBe(0);
    await app.click('[data-testid="restart-to-install"]');
    await expect.poll(() => updater.installs).toBe(1);
    expect(updater.feed?.url).toBe('https://updates.example.com/s3desk/');
  });

  it('says why a broken policy file was ignored', async () => {
    const problem = 'Your organisation’s S3 Desk policy (/etc/s3desk/policy.json) was ignored because it is not valid JSON. Tell your administrator.';
    const app = await openApp({ policy: NO_POLICY, source: '/etc/s3desk/policy.json', problem }, false);
    const notice = app.locator('[data-testid="policy-problem"]');
    await notice.waitFor();
    expect(await notice.innerText()).toBe(problem);
    expect(await app.getAttribute('input[name="backendUrl"]', 'readonly')).toBeNull();
    await screen('07-policy-problem');
  });
});
