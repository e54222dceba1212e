import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionState } from '../../../common/ipc';
import { SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { startStack, type RunningStack } from '../../../devstack/stack';
import { createServices, type Services } from '../../../main/create-services';
import { folderPageCommand } from '../../../main/browse/folder-page';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import type { SecretStore } from '../../../main/session/secret-store';
import { refreshAsThief, stealAndMoveOn } from '../../helpers/stolen-refresh-token';
import { UnavailableKeychain } from '../../helpers/unavailable-keychain';

/**
 * Sessions over time against the real local stack: expiry under load,
 * restarts, a stolen refresh token, AWS rejecting credentials our clock
 * trusts, and no keychain. Only Electron and the OS keychain are left out.
 */
describe('session lifecycle against the local stack', () => {
  let dir: string;
  let stack: RunningStack;
  let services: Services | null = null;
  let secrets: MemorySecretStore;
  /** Shifts the app's clock (not the stack's): the app believes this much more time has passed. */
  let clockOffsetMs = 0;
  const backendPaths: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    backendPaths.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  const count = (path: string) => backendPaths.filter((seen) => seen === path).length;
  const getCredentialsCalls = () => stack.emulator.controls.callCounts().GetCredentialsForIdentity ?? 0;

  async function start(options: { secrets?: SecretStore } = {}): Promise<Services> {
    services = await createServices({
      secrets: options.secrets ?? secrets,
      settingsPath: join(dir, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      clock: () => Date.now() + clockOffsetMs,
      backend: { fetch: recordingFetch },
    });
    return services;
  }
  const signIn = (target: Services) => target.session.signIn(stack.info.backendUrl, 'demo', stack.info.demoUser.password);
  // One folder page, as ObjectListings asks for it.
  const listShared = (target: Services) => target.clients.client().s3.send(folderPageCommand({ bucket: SHARED_BUCKET, prefix: SHARED_PREFIX }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-lifecycle-'));
    stack = await startStack({ stateDir: join(dir, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
  });
  afterEach(async () => {
    await services?.session.signOut().catch(() => undefined);
    services?.dispose();
    services = null;
    clockOffsetMs = 0;
    backendPaths.length = 0;
    stack.emulator.controls.setLifetimes({ credentialLifetimeSeconds: 3600 });
    stack.emulator.controls.resetStats();
    rmSync(join(dir, 'settings.json'), { force: true });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('100 concurrent calls at the moment token and credentials expire: exactly one backend refresh and one GetCredentialsForIdentity', async () => {
    secrets = new MemorySecretStore();
    const app = await start();
    await signIn(app);
    await listShared(app);
    stack.emulator.controls.resetStats();
    backendPaths.length = 0;

    clockOffsetMs = 2 * 3600_000; // the app wakes two hours later: token and credentials are both stale
    const pages = await Promise.all(Array.from({ length: 100 }, () => listShared(app)));

    expect(pages.every((page) => page.Prefix === SHARED_PREFIX)).toBe(true);
    expect(count('/v1/auth/refresh')).toBe(1);
    expect(getCredentialsCalls()).toBe(1);
    expect(stack.emulator.controls.callCounts().ListObjectsV2).toBe(100);
  });

  it('restart: new service instances on the same keychain sign in silently — same IdentityId, no password', async () => {
    secrets = new MemorySecretStore();
    const first = await start();
    await signIn(first);
    first.dispose();
    backendPaths.length = 0;

    const second = await start();
    expect(second.session.getState()).toMatchObject({ status: 'resuming', account: { username: 'demo' } });
    const state = await second.session.resume();
    expect(state).toMatchObject({ status: 'signed-in', username: 'demo', identityId: stack.info.demoUser.identityId, remembered: true });
    expect(backendPaths).toEqual(['/v1/auth/refresh']);
    await expect(listShared(second)).resolves.toMatchObject({ Prefix: SHARED_PREFIX });
  });

  it('a refresh token re-used elsewhere ends the session: signed out with a plain reason, the account pre-filled', async () => {
    secrets = new MemorySecretStore();
    const app = await start();
    await signIn(app);
    const events: SessionState[] = [];
    app.session.onStateChanged((state) => events.push(state));

    // Someone else presents the remembered refresh token first (a copied keychain, say).
    const stolen = (JSON.parse([...secrets.entries.values()][0]!) as { refreshToken: string }).refreshToken;
    const thiefs = await stealAndMoveOn(stack.info.backendUrl, stolen);

    clockOffsetMs = 15 * 60_000; // the app's own refresh comes due
    await expect(app.session.freshToken()).rejects.toMatchObject({ code: 'session_expired' });
    await expect.poll(() => app.session.getState().status).toBe('signed-out');
    expect(app.session.getState()).toMatchObject({
      status: 'signed-out',
      lastBackendUrl: stack.info.backendUrl,
      lastUsername: 'demo',
      reason: 'Your session was ended because its sign-in was used elsewhere. Sign in again.',
      accounts: [],
    });
    expect(secrets.entries.size).toBe(0);
    expect(events.at(-1)).toMatchObject({ status: 'signed-out' });
    // The backend revoked the whole family: the thief's rotated token is dead too.
    expect((await refreshAsThief(stack.info.backendUrl, thiefs)).status).toBe(401);
  });

  it('S3 answering ExpiredToken for credentials our clock still trusts: one new set of credentials, one retry, success', async () => {
    secrets = new MemorySecretStore();
    stack.emulator.controls.setLifetimes({ credentialLifetimeSeconds: 2 });
    const app = await start();
    await signIn(app);
    await listShared(app);
    // Our clock falls an hour behind, so the 2-second credentials look fresh to us while AWS sees them expire.
    clockOffsetMs = -3600_000;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    stack.emulator.controls.setLifetimes({ credentialLifetimeSeconds: 3600 });
    stack.emulator.controls.resetStats();

    await expect(listShared(app)).resolves.toMatchObject({ Prefix: SHARED_PREFIX });
    expect(stack.emulator.controls.callCounts().ListObjectsV2).toBe(2);
    expect(getCredentialsCalls()).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => listShared(app)));
    expect(getCredentialsCalls()).toBe(1);
  });

  it('keychain unavailable: this run works and says it will not be remembered; the next launch is signed out, saying why', async () => {
    const keychain = new UnavailableKeychain();
    const app = await start({ secrets: keychain });
    await app.session.resume();
    expect(app.session.getState()).toMatchObject({ status: 'signed-out', keychain: { available: false, reason: expect.stringMatching(/No keychain service/) } });
    const state = await signIn(app);
    expect(state).toMatchObject({ status: 'signed-in', remembered: false, rememberError: expect.stringMatching(/No keychain service/) });
    await expect(listShared(app)).resolves.toMatchObject({ Prefix: SHARED_PREFIX });
    app.dispose();

    const relaunched = await start({ secrets: keychain });
    await expect(relaunched.session.resume()).resolves.toMatchObject({
      status: 'signed-out',
      lastUsername: 'demo',
      keychain: { available: false },
    });
  });
});
