import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import keytar from 'keytar';
import type { Browser, Page } from 'playwright-core';
import type { ListingEvent, SessionState, TransferJob } from '../../common/ipc';
import { startOutageProxy, type OutageProxy } from '../../devstack/outage-proxy';
import { startStack, type RunningStack } from '../../devstack/stack';
import { createIpcHandlers, type IpcHandlers } from '../../main/ipc/create-handlers';
import { createServices, type Services } from '../../main/create-services';
import type { Logger } from '../../main/shared/logger';
import { KeytarSecretStore, SECRET_SERVICE_NAME, type SecretStore } from '../../main/session/secret-store';
import { UnavailableKeychain } from '../helpers/unavailable-keychain';
import { buildRenderer } from './harness/build-renderer';
import { launchChromium } from './harness/chromium';
import { installDeskApi, type BridgeRecord } from './harness/desk-api-bridge';
import { captureScreen } from './harness/accessibility';
import { findLeaks, recordBackendSecrets } from './harness/leak-canary';
import { rendererExposure } from './harness/renderer-exposure';
import { reportFailure } from './harness/report-failure';
import { serveFolder } from './harness/static-server';
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
const SHOTS = resolve('test-results/e2e');

/** window.api's handlers, pointing at whichever services instance is "running" (a restart swaps it). */
function switchableHandlers(current: () => IpcHandlers): IpcHandlers {
  return new Proxy({} as IpcHandlers, { get: (_target, channel) => current()[channel as keyof IpcHandlers] });
}

describe.runIf(insideKeyring)('S3 Desk end to end: accounts and sessions that last', () => {
  let scratch: string;
  let stack: RunningStack;
  let proxy: OutageProxy;
  let services: Services;
  let handlers: IpcHandlers;
  let browser: Browser;
  let page: Page;
  let bridge: BridgeRecord;
  let stopServing: () => Promise<void>;
  let stopRecording: () => void;
  let appOrigin: string;
  let bobPassword: string;
  /** The app's clock runs this far ahead of the real one (to bring a refresh due without waiting). */
  let clockOffsetMs = 0;
  /** Holds the app's refresh calls to the backend until resolved (to photograph the resuming screen). */
  let refreshGate: Promise<void> | null = null;
  const secrets = new Map<string, string>();
  const logs: string[] = [];
  const consoleLines: string[] = [];
  const domSnapshots: Record<string, string> = {};
  const stateListeners = new Set<(state: SessionState) => void>();
  const listingListeners = new Set<(event: ListingEvent) => void>();
  const transferListeners = new Set<(jobs: TransferJob[]) => void>();
  const relayTo =
    <T,>(listeners: Set<(payload: T) => void>) =>
    (listener: (payload: T) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
  const capture: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };

  const demo = () => stack.info.demoUser;
  const accountId = (username: string) => `${proxy.url}|${username}`;

  async function screen(name: string): Promise<void> {
    domSnapshots[name] = await page.content();
    await captureScreen(page, name, join(SHOTS, `${name}.png`));
  }

  /** Starts (or restarts) the main-process services, as app launch does. */
  async function launch(secretStore: SecretStore = new KeytarSecretStore(keytar)): Promise<void> {
    services?.dispose();
    const gatedFetch: typeof fetch = async (input, init) => {
      if (refreshGate && String(input).endsWith('/v1/auth/refresh')) await refreshGate;
      return fetch(input, init);
    };
    services = await createServices({
      secrets: secretStore,
      settingsPath: join(scratch, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      suggestedBackendUrl: proxy.url,
      logger: capture,
      clock: () => Date.now() + clockOffsetMs,
      backend: { fetch: gatedFetch },
    });
    handlers = createIpcHandlers({ ...services, logger: capture });
    services.session.onStateChanged((state) => stateListeners.forEach((listener) => listener(state)));
    services.listings.onEvent((event) => listingListeners.forEach((listener) => listener(event)));
    services.transfers.onChanged((jobs) => transferListeners.forEach((listener) => listener(jobs)));
  }

  async function signInWithPassword(username: string, password: string): Promise<void> {
    await page.fill('input[name="backendUrl"]', proxy.url);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', password);
    await page.click('[data-testid="sign-in-submit"]');
  }

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
    mkdirSync(SHOTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 's3desk-e2e-accounts-'));
    stack = await startStack({ stateDir: join(scratch, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    bobPassword = randomBytes(12).toString('base64url');
    await stack.backend.users.add('bob', bobPassword);
    proxy = await startOutageProxy(stack.info.backendUrl);
    stopRecording = recordBackendSecrets(proxy.url, secrets);

    const outDir = join(scratch, 'renderer');
    await buildRenderer(outDir);
    const served = await serveFolder(outDir);
    stopServing = served.close;
    appOrigin = served.origin;

    await launch();
    browser = await launchChromium();
    // Reduced motion: screenshots show finished states, not a menu halfway through fading in.
    page = await browser.newPage({ viewport: { width: 1180, height: 720 }, reducedMotion: 'reduce' });
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    // Records whether the sign-in form is ever in the DOM, however briefly, from the first paint on.
    await page.addInitScript(() => {
      const root = globalThis as unknown as { __signInFormSeen?: boolean; document: { querySelector(s: string): unknown; documentElement: unknown } };
      root.__signInFormSeen = false;
      const check = () => {
        if (root.document.querySelector('[data-testid="sign-in-form"]')) root.__signInFormSeen = true;
      };
      const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void } }).MutationObserver;
      new Observer(check).observe(root.document.documentElement, { childList: true, subtree: true });
    });
    bridge = await installDeskApi(page, {
      handlers: switchableHandlers(() => handlers),
      appOrigin,
      // Relays, because a relaunch replaces the services behind the same page.
      events: {
        onSessionStateChanged: relayTo(stateListeners),
        onListingEvent: relayTo(listingListeners),
        onTransfersChanged: relayTo(transferListeners),
        // Updates are off in the harness (not packaged); nothing to relay across relaunches.
        onUpdateStateChanged: () => () => {},
      },
    });
    await page.goto(`${appOrigin}/index.html`);
  }, 120_000);

  // A failed step leaves a screenshot and the screen's text behind, so CI failures can be read.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await reportFailure(page, { shotsDir: SHOTS, prefix: 'failed-', testName: context.task.name, logs });
  });

  afterAll(async () => {
    stopRecording?.();
    await browser?.close();
    services?.dispose();
    await stopServing?.();
    await proxy?.close();
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
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
    await page.click('[data-testid="reconnect-now"]');
    await page.waitForSelector('[data-testid="session-status"][data-status="online"]');
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
    for (const secret of stack.emulator.issuedSecrets()) if (!secrets.has(secret)) secrets.set(secret, 'AWS credential or OpenID token');
    secrets.set(bobPassword, 'password');
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.events.length).toBeGreaterThan(5);
    const leaks = findLeaks(secrets, await rendererExposure(page, { bridge, consoleLines, logs, domSnapshots }));
    expect(leaks).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
