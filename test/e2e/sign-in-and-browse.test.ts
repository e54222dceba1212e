import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import type { Page } from 'playwright-core';
import { KeytarSecretStore, SECRET_SERVICE_NAME, secretAccount } from '../../main/session/secret-store';
import type { RunningStack } from '../../devstack/stack';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * The real renderer in Debian's Chromium, window.api backed by the real
 * main-process handlers and services, against the real local stack and the
 * real OS keychain (gnome-keyring, inside run-keyring.sh). Only the Electron
 * shell itself is absent: its binary cannot be downloaded on these machines.
 */
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';

describe.runIf(insideKeyring)('S3 Desk end to end: sign in, browse, sign out', () => {
  let app: E2eApp;
  let stack: RunningStack;
  let page: Page;
  let bridge: BridgeRecord;

  const screen = (name: string) => app.screen(name);
  const signIn = (backendUrl: string, password: string) => app.signIn({ backendUrl, password });

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'sign-in',
      viewport: { width: 1180, height: 720 },
      services: () => ({ secrets: new KeytarSecretStore(keytar) }),
    });
    ({ stack, page, bridge } = app);
  }, 120_000);

  afterEach(async (context) => {
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
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
    app.recordIssuedSecrets();
    // A canary that saw nothing proves nothing.
    expect([...app.secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.replies.length).toBeGreaterThan(5);
    expect(bridge.events.length).toBeGreaterThan(1);
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
