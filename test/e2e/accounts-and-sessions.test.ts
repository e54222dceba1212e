import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import type { Page } from 'playwright-core';
import { startOutageProxy, type OutageProxy } from '../../devstack/outage-proxy';
import type { RunningStack } from '../../devstack/stack';
import type { Services } from '../../main/create-services';
import { KeytarSecretStore, SECRET_SERVICE_NAME, type SecretStore } from '../../main/session/secret-store';
import { UnavailableKeychain } from '../helpers/unavailable-keychain';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';
import { stealAndMoveOn } from '../helpers/stolen-refresh-token';

/**
 * Sessions that last, seen from the real UI: several accounts, switching and
 * forgetting them, a silent sign-in after a restart (no flash of the sign-in
 * form), reconnecting while the backend is away, the session-expired
 * message, and no keychain. Real renderer in Chromium, real main-process
 * services, real stack and real keychain (inside run-keyring.sh). The
 * backend is reached through an outage proxy so it can be taken away.
 */
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';

describe.runIf(insideKeyring)('S3 Desk end to end: accounts and sessions that last', () => {
  let app: E2eApp;
  let stack: RunningStack;
  let proxy: OutageProxy;
  let services: Services;
  let page: Page;
  let bridge: BridgeRecord;
  let secrets: Map<string, string>;
  const bobPassword = randomBytes(12).toString('base64url');
  /** The app's clock runs this far ahead of the real one (to bring a refresh due without waiting). */
  let clockOffsetMs = 0;
  /** Holds the app's refresh calls to the backend until resolved (to photograph the resuming screen). */
  let refreshGate: Promise<void> | null = null;
  const gatedFetch: typeof fetch = async (input, init) => {
    if (refreshGate && String(input).endsWith('/v1/auth/refresh')) await refreshGate;
    return fetch(input, init);
  };

  const demo = () => stack.info.demoUser;
  const accountId = (username: string) => `${proxy.url}|${username}`;
  const screen = (name: string) => app.screen(name);

  /** Restarts the main-process services behind the same page, as app launch does. */
  async function launch(secretStore?: SecretStore): Promise<void> {
    services = await app.relaunch(secretStore ? { secrets: secretStore } : {});
  }

  const signInWithPassword = (username: string, password: string) => app.signIn({ username, password });

  const openMenu = async () => {
    if (!(await page.isVisible('[data-testid="account-menu-panel"]'))) await page.click('[data-testid="account-menu"]');
    await page.waitForSelector('[data-testid="account-menu-panel"]');
  };
  const signedInAs = () => page.innerText('[data-testid="signed-in-as"]');
  /** This suite's entries only: the other E2E file may share the keyring. */
  const keychainAccounts = async () =>
    (await keytar.findCredentials(SECRET_SERVICE_NAME))
      .map((entry) => entry.account)
      .filter((account) => account.startsWith(`${proxy.url}|`))
      .sort();

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'accounts',
      viewport: { width: 1180, height: 720 },
      seed: async (seeded) => {
        await seeded.backend.users.add('bob', bobPassword);
      },
      // The backend is reached through the outage proxy, so that it can be taken away.
      frontBackend: async (backendUrl) => (proxy = await startOutageProxy(backendUrl)),
      services: () => ({ secrets: new KeytarSecretStore(keytar), clock: () => Date.now() + clockOffsetMs, backend: { fetch: gatedFetch } }),
      // Records whether the sign-in form is ever in the DOM, however briefly, from the first paint on.
      preparePage: (page) =>
        page.addInitScript(() => {
          const root = globalThis as unknown as { __signInFormSeen?: boolean; document: { querySelector(s: string): unknown; documentElement: unknown } };
          root.__signInFormSeen = false;
          const check = () => {
            if (root.document.querySelector('[data-testid="sign-in-form"]')) root.__signInFormSeen = true;
          };
          const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void } }).MutationObserver;
          new Observer(check).observe(root.document.documentElement, { childList: true, subtree: true });
        }),
    });
    ({ stack, services, page, bridge, secrets } = app);
  }, 120_000);

  // A failed step leaves a screenshot and the screen's text behind, so CI failures can be read.
  afterEach(async (context) => {
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('signs in as demo, then adds bob from the account menu; both stay saved', async () => {
    await page.waitForSelector('[data-testid="sign-in-form"]');
    await signInWithPassword(demo().username, demo().password);
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    expect(await page.getAttribute('[data-testid="session-status"]', 'data-status')).toBe('online');

    await openMenu();
    await page.click('[data-testid="add-account"]');
    await page.waitForSelector('[data-testid="add-account-screen"]');
    await screen('10-add-account');
    await signInWithPassword('bob', bobPassword);
    // bob is new: his home folder is empty.
    await page.waitForSelector('[data-testid="signed-in-as"]:has-text("bob")');
    await page.waitForSelector('[data-testid="empty-state"]');
    expect(await keychainAccounts()).toEqual([accountId('bob'), accountId('demo')]);
  });

  it('the account menu shows who and where, and the other saved account', async () => {
    await openMenu();
    const panel = await page.innerText('[data-testid="account-menu-panel"]');
    expect(panel).toContain('bob');
    expect(panel).toContain(new URL(proxy.url).host);
    // (The other E2E file may have saved an account of its own in the shared keyring: look for ours by id.)
    expect(await page.locator(`[data-testid="account-item"][data-account-id="${accountId('demo')}"]`).count()).toBe(1);
    await screen('11-account-menu');
  });

  it('switches back to demo without a password', async () => {
    await page.click(`[data-testid="account-item"][data-account-id="${accountId('demo')}"] [data-testid="switch-account"]`);
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    expect(await signedInAs()).toContain('demo');
    await screen('12-switched-to-demo');
  });

  it('the backend goes away: "reconnecting" with a countdown, browsing still works; Retry now recovers once it is back', async () => {
    await proxy.down();
    // As when Cognito rejects the token: the session must get a new one now, from a backend that is gone.
    const currentToken = [...secrets].filter(([, kind]) => kind === 'OpenID token').at(-1)![0];
    services.session.invalidateToken(currentToken);
    await services.session.freshToken().catch(() => undefined);
    await page.waitForSelector('[data-testid="session-status"][data-status="reconnecting"]');
    expect(await page.innerText('[data-testid="reconnect-message"]')).toMatch(/refused the connection|closed|reach/);
    // AWS credentials are still valid for an hour: the listing keeps working meanwhile.
    await page.click('[data-testid="refresh"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    await screen('13-reconnecting');

    await proxy.up();
    // "Retry now"; on a loaded machine main's own next attempt (due in seconds) may get there first and the
    // button leaves with the banner. Either way the session must be back.
    const online = page.waitForSelector('[data-testid="session-status"][data-status="online"]');
    const retried = page.click('[data-testid="reconnect-now"]').catch(async (error: unknown) => {
      if ((await page.$('[data-testid="session-status"][data-status="online"]')) === null) throw error;
    });
    await Promise.race([retried, online]);
    await online;
  });

  it('after a restart, signs in silently as the last account: a resuming screen, never the sign-in form', async () => {
    let release!: () => void;
    refreshGate = new Promise((done) => (release = done));
    await launch();
    const resumed = services.session.resume();
    await page.reload();
    await page.waitForSelector('[data-testid="resuming"]');
    // The message fades in after a moment (a quick resume should not flash text); photograph it once shown.
    await page.waitForFunction(() => {
      const view = globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(e: unknown): { opacity: string } };
      const message = view.document.querySelector('[data-testid="resuming"] [role="status"]');
      return message !== null && view.getComputedStyle(message).opacity === '1';
    });
    expect(await page.innerText('[data-testid="resuming"]')).toContain('Signing in as demo');
    await screen('14-resuming');
    release();
    await resumed;
    refreshGate = null;
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    expect(await signedInAs()).toContain('demo');
    expect(await page.evaluate(() => (globalThis as unknown as { __signInFormSeen: boolean }).__signInFormSeen)).toBe(false);
    await screen('15-resumed');
  });

  it('forgets bob from the menu: gone from the keychain and the menu', async () => {
    await openMenu();
    await page.click(`[data-testid="account-item"][data-account-id="${accountId('bob')}"] [data-testid="forget-account"]`);
    await page.waitForSelector('[data-testid="confirm-forget"]');
    await screen('16-forget-confirm');
    await page.click('[data-testid="confirm-forget"]');
    await page.waitForSelector(`[data-testid="account-item"][data-account-id="${accountId('bob')}"]`, { state: 'detached' });
    expect(await keychainAccounts()).toEqual([accountId('demo')]);
    await page.keyboard.press('Escape');
  });

  it('when the sign-in is revoked elsewhere, says the session ended, with the account pre-filled', async () => {
    // Someone presents demo's remembered refresh token and keeps going; the backend then revokes the whole sign-in.
    const stolen = (JSON.parse((await keytar.getPassword(SECRET_SERVICE_NAME, accountId('demo')))!) as { refreshToken: string }).refreshToken;
    await stealAndMoveOn(stack.info.backendUrl, stolen);
    clockOffsetMs = 15 * 60_000;
    services.session.checkNow();
    await page.waitForSelector('[data-testid="sign-in-reason"]');
    clockOffsetMs = 0;
    expect(await page.innerText('[data-testid="sign-in-reason"]')).toContain('used elsewhere');
    expect(await page.inputValue('input[name="username"]')).toBe('demo');
    expect(await page.inputValue('input[name="backendUrl"]')).toBe(proxy.url);
    expect(await keychainAccounts()).toEqual([]);
    await screen('17-session-expired');
  });

  it('with no keychain: the sign-in screen warns, and the session works but says it will not be remembered', async () => {
    await launch(new UnavailableKeychain());
    await services.session.resume();
    await page.reload();
    await page.waitForSelector('[data-testid="keychain-warning"]');
    expect(await page.innerText('[data-testid="keychain-warning"]')).toContain('No keychain service');
    await screen('18-no-keychain');
    await page.fill('input[name="password"]', demo().password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    await page.waitForSelector('[data-testid="not-remembered"]');
    await screen('19-not-remembered');
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    secrets.set(bobPassword, 'password');
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.events.length).toBeGreaterThan(5);
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
