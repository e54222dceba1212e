import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../common/ipc';
import { ServiceError } from '../../../main/shared/errors';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import { KeychainUnavailableError, type SecretStore } from '../../../main/session/secret-store';
import { SessionService } from '../../../main/session/session-service';
import type { Settings } from '../../../main/session/settings-store';
import { NO_POLICY, type PolicyReading } from '../../../main/session/policy';
import { FakeBackend } from '../helpers/fake-backend';
import { IDENTITY_ID } from '../helpers/sessions';

const BACKEND = 'http://127.0.0.1:8787';
const ACCOUNT = 'http://127.0.0.1:8787|demo';
const BOB = 'http://127.0.0.1:8787|bob';
const START = Date.parse('2030-01-01T00:00:00Z');
const MINUTE = 60_000;

class MemorySettings {
  saved: Settings | null = null;
  constructor(private initial: Settings = { lastBackendUrl: null, lastUsername: null, lastAccountId: null }) {}
  async load() {
    return this.saved ?? this.initial;
  }
  async save(settings: Settings) {
    this.saved = settings;
  }
}

/** A keychain that refuses everything, like a locked keyring or a missing Secret Service. */
class LockedKeychain implements SecretStore {
  deleted: string[] = [];
  async get(): Promise<string | null> {
    throw new KeychainUnavailableError('The system keychain is locked.');
  }
  async set(): Promise<void> {
    throw new KeychainUnavailableError('The system keychain is locked.');
  }
  async delete(account: string): Promise<boolean> {
    this.deleted.push(account);
    throw new KeychainUnavailableError('The system keychain is locked.');
  }
  async list(): Promise<string[]> {
    throw new KeychainUnavailableError('The system keychain is locked.');
  }
}

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

describe('SessionService', () => {
  let backend: FakeBackend;
  let secrets: MemorySecretStore;
  let settings: MemorySettings;
  let service: SessionService;
  let events: SessionState[];

  const clock = () => Date.now();
  const newService = (
    overrides: { secrets?: SecretStore; settings?: MemorySettings; suggestedBackendUrl?: string; policy?: PolicyReading; allowLoopbackBackend?: boolean } = {},
  ) =>
    new SessionService({
      backend,
      secrets: overrides.secrets ?? secrets,
      settings: overrides.settings ?? settings,
      clock,
      random: () => 0.5,
      suggestedBackendUrl: overrides.suggestedBackendUrl,
      policy: overrides.policy,
      allowLoopbackBackend: overrides.allowLoopbackBackend,
    });

  beforeEach(async () => {
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    backend = new FakeBackend(clock);
    secrets = new MemorySecretStore();
    settings = new MemorySettings();
    service = newService();
    await service.init();
    events = [];
    service.onStateChanged((state) => events.push(state));
  });

  afterEach(() => {
    service.dispose();
    vi.useRealTimers();
  });

  /** No state, reply or event may ever hold a token the backend issued, or the password. */
  function expectNoSecretsIn(value: unknown) {
    const text = JSON.stringify(value);
    for (const secret of backend.issued) expect(text).not.toContain(secret);
    expect(text).not.toContain(backend.password);
  }

  const savedRefreshToken = (account = ACCOUNT) => JSON.parse(secrets.entries.get(account)!).refreshToken as string;
  const signedIn = (state: SessionState = service.getState()) => {
    expect(state.status).toBe('signed-in');
    return state as SignedIn;
  };

  describe("the organisation's policy", () => {
    const locked: PolicyReading = { policy: { ...NO_POLICY, backendUrl: 'https://desk.example.com', lockBackendUrl: true }, source: '/etc/s3desk/policy.json', problem: null };

    it("pre-fills the policy's backend over the last one used", async () => {
      const managed = newService({ settings: new MemorySettings({ lastBackendUrl: BACKEND, lastUsername: 'demo', lastAccountId: null }), policy: locked });
      await managed.init();
      expect(managed.getState()).toMatchObject({ status: 'signed-out', lastBackendUrl: 'https://desk.example.com', lastUsername: 'demo' });
      expect(managed.organisationPolicy()).toEqual({ backendUrl: 'https://desk.example.com', backendUrlLocked: true, problem: null });
      managed.dispose();
    });

    it('locked: a password never goes to another backend, nor does a saved refresh secret', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      const managed = newService({ policy: locked });
      await managed.init();
      await managed.resume();
      await expect(managed.signIn(BACKEND, 'demo', backend.password)).rejects.toMatchObject({ code: 'invalid_backend_url', message: expect.stringMatching(/only allows signing in to https:\/\/desk\.example\.com/) });
      await expect(managed.switchAccount(ACCOUNT)).rejects.toMatchObject({ code: 'invalid_backend_url' });
      expect(backend.count('login')).toBe(1);
      expect(backend.count('refresh')).toBe(0);
      // The saved account stays saved: the policy may change again.
      expect(secrets.entries.has(ACCOUNT)).toBe(true);
      managed.dispose();
    });

    it('a packaged build sends nothing to this computer: sign-in, switch and forget never reach a loopback backend', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      const packaged = newService({ allowLoopbackBackend: false });
      await packaged.init();
      await packaged.resume();
      for (const address of [BACKEND, 'http://localhost:9', 'https://[::1]:22', 'https://0.0.0.0:631', 'https://[::ffff:127.0.0.1]:8787']) {
        await expect(packaged.signIn(address, 'demo', backend.password), address).rejects.toMatchObject({
          code: 'invalid_backend_url',
          message: 'S3 Desk signs in only to your organisation’s server, not to an address on this computer (such as localhost). Enter your organisation’s https:// address.',
        });
      }
      await expect(packaged.switchAccount(ACCOUNT)).rejects.toMatchObject({ code: 'invalid_backend_url' });
      await packaged.forgetAccount(ACCOUNT);
      expect(secrets.entries.has(ACCOUNT)).toBe(false);
      expect(backend.calls.map((call) => call.op)).toEqual(['login']);
      packaged.dispose();
    });

    it("a packaged build may sign in to this computer when the policy's backend is there", async () => {
      const onThisComputer: PolicyReading = { policy: { ...NO_POLICY, backendUrl: BACKEND }, source: '/etc/s3desk/policy.json', problem: null };
      const packaged = newService({ allowLoopbackBackend: false, policy: onThisComputer });
      await packaged.init();
      await expect(packaged.signIn(`${BACKEND}/`, 'demo', backend.password)).resolves.toMatchObject({ status: 'signed-in' });
      await expect(packaged.signIn('http://127.0.0.1:8788', 'demo', backend.password)).rejects.toMatchObject({ code: 'invalid_backend_url' });
      packaged.dispose();
    });
  });

  describe('signing in and out', () => {
    it('starts signed out, pre-filled from settings or the suggested backend, with no saved accounts', async () => {
      expect(service.getState()).toEqual({
        status: 'signed-out',
        lastBackendUrl: null,
        lastUsername: null,
        reason: null,
        accounts: [],
        keychain: { available: true },
      });
      const suggested = newService({ settings: new MemorySettings(), suggestedBackendUrl: BACKEND });
      await suggested.init();
      expect(suggested.getState()).toMatchObject({ lastBackendUrl: BACKEND });
      const remembered = newService({
        settings: new MemorySettings({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann', lastAccountId: null }),
        suggestedBackendUrl: BACKEND,
      });
      await remembered.init();
      expect(remembered.getState()).toMatchObject({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann' });
    });

    it('signs in: signed-in state, keychain entry "<backend>|<user>", settings name the account to resume', async () => {
      const state = await service.signIn(`${BACKEND}/`, ' Demo ', backend.password);
      expect(state).toEqual({
        status: 'signed-in',
        accountId: ACCOUNT,
        username: 'demo',
        backendOrigin: BACKEND,
        backendUrl: BACKEND,
        identityId: IDENTITY_ID,
        region: 'us-east-1',
        tokenExpiresAt: new Date(START + backend.tokenLifetimeMs).toISOString(),
        remembered: true,
        rememberError: null,
        connection: { status: 'online' },
        accounts: [{ id: ACCOUNT, backendUrl: BACKEND, backendHost: '127.0.0.1:8787', username: 'demo' }],
        keychain: { available: true },
      });
      expect(JSON.parse(secrets.entries.get(ACCOUNT)!)).toEqual({ identityId: IDENTITY_ID, refreshToken: backend.issued[1] });
      expect(settings.saved).toEqual({ lastBackendUrl: BACKEND, lastUsername: 'demo', lastAccountId: ACCOUNT });
      expect(events.at(-1)).toEqual(state);
      expectNoSecretsIn([state, events, service.activeSession()]);
    });

    it('refuses an invalid backend URL before contacting anything', async () => {
      await expect(service.signIn('http://example.com', 'demo', backend.password)).rejects.toMatchObject({ code: 'invalid_backend_url' });
      expect(backend.calls).toEqual([]);
    });

    it('a wrong password leaves it signed out with nothing stored', async () => {
      await expect(service.signIn(BACKEND, 'demo', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
      expect(service.getState().status).toBe('signed-out');
      expect(secrets.entries.size).toBe(0);
      expect(events).toEqual([]);
    });

    it('signs out: backend logout, keychain entry deleted, no account to resume, last URL/username kept', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      const refreshToken = backend.issued[1];
      const state = await service.signOut();
      expect(state).toEqual({
        status: 'signed-out',
        lastBackendUrl: BACKEND,
        lastUsername: 'demo',
        reason: null,
        accounts: [],
        keychain: { available: true },
      });
      expect(backend.calls.at(-1)).toEqual({ op: 'logout', origin: BACKEND, refreshToken });
      expect(secrets.entries.size).toBe(0);
      expect(settings.saved?.lastAccountId).toBeNull();
      expect(service.activeSession()).toBeNull();
      await expect(service.freshToken()).rejects.toMatchObject({ code: 'not_signed_in' });
      expect(events.at(-1)).toEqual(state);
    });

    it('sign-out succeeds even when the backend logout and the keychain fail', async () => {
      const keychain = new LockedKeychain();
      const failing = newService({ secrets: keychain });
      await failing.signIn(BACKEND, 'demo', backend.password);
      backend.logout = async () => {
        throw new ServiceError('backend_unreachable', 'down');
      };
      await expect(failing.signOut()).resolves.toMatchObject({ status: 'signed-out' });
      expect(keychain.deleted).toContain(ACCOUNT);
    });

    it('signing in again as the same account replaces the session and revokes the old one', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      const first = service.activeSession()!.id;
      await service.signIn(BACKEND, 'demo', backend.password);
      expect(service.activeSession()!.id).not.toBe(first);
      expect(backend.calls.find((call) => call.op === 'logout')?.refreshToken).toBe(backend.issued[1]);
      expect(savedRefreshToken()).toBe(backend.issued[3]);
    });
  });

  describe('keychain unavailable', () => {
    it('signs in for this run only: remembered false with the reason, keychain status says why', async () => {
      const locked = newService({ secrets: new LockedKeychain() });
      await locked.init();
      await locked.resume();
      expect(locked.getState()).toMatchObject({ status: 'signed-out', keychain: { available: false, reason: 'The system keychain is locked.' } });
      const state = await locked.signIn(BACKEND, 'demo', backend.password);
      expect(state).toMatchObject({
        status: 'signed-in',
        remembered: false,
        rememberError: 'The system keychain is locked.',
        keychain: { available: false, reason: 'The system keychain is locked.' },
        accounts: [],
      });
      await expect(locked.freshToken()).resolves.toBe(backend.issued[0]);
      // Nothing could resume it later, so it is not named as the account to resume.
      expect(settings.saved?.lastAccountId).toBeNull();
      locked.dispose();
    });

    it('a refresh whose rotated token cannot be saved removes the stale keychain entry', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      secrets.set = async () => {
        throw new KeychainUnavailableError('The system keychain is locked.');
      };
      vi.setSystemTime(START + backend.tokenLifetimeMs);
      await service.freshToken();
      expect(secrets.entries.has(ACCOUNT)).toBe(false);
      expect(service.getState()).toMatchObject({ remembered: false, rememberError: 'The system keychain is locked.' });
    });
  });

  describe('token refresh', () => {
    it('freshToken returns the current token while it is valid for more than a minute', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + backend.tokenLifetimeMs - 61_000);
      await expect(service.freshToken()).resolves.toBe(backend.issued[0]);
      expect(backend.count('refresh')).toBe(0);
    });

    it('freshToken refreshes within a minute of expiry, saves the rotated refresh token, and reports the new expiry', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + backend.tokenLifetimeMs - 30_000);
      const token = await service.freshToken();
      expect(token).toBe(backend.issued[2]);
      expect(backend.count('refresh')).toBe(1);
      expect(JSON.parse(secrets.entries.get(ACCOUNT)!)).toEqual({ identityId: IDENTITY_ID, refreshToken: backend.issued[3] });
      expect(service.getState()).toMatchObject({ tokenExpiresAt: new Date(Date.now() + backend.tokenLifetimeMs).toISOString() });
      expect(events.at(-1)).toEqual(service.getState());
    });

    it('refreshes on its own a minute before expiry, with no caller asking', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      await vi.advanceTimersByTimeAsync(backend.tokenLifetimeMs - MINUTE - 1_000);
      expect(backend.count('refresh')).toBe(0);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(backend.count('refresh')).toBe(1);
      expect(savedRefreshToken()).toBe(backend.issued[3]);
      // ...and again a lifetime later: the schedule keeps the session alive indefinitely.
      await vi.advanceTimersByTimeAsync(backend.tokenLifetimeMs);
      expect(backend.count('refresh')).toBe(2);
    });

    it('short-lived tokens are refreshed at 80% of their lifetime rather than a minute early', async () => {
      backend.tokenLifetimeMs = 5_000;
      await service.signIn(BACKEND, 'demo', backend.password);
      await vi.advanceTimersByTimeAsync(3_900);
      expect(backend.count('refresh')).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(backend.count('refresh')).toBe(1);
    });

    it('schedules on the wall clock: after a sleep (time jumps, timers did not run) checkNow refreshes at once', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + 2 * 60 * MINUTE); // the laptop slept for two hours
      expect(backend.count('refresh')).toBe(0);
      service.checkNow(); // powerMonitor 'resume'
      await vi.advanceTimersByTimeAsync(0);
      expect(backend.count('refresh')).toBe(1);
      expect(signedIn().connection).toEqual({ status: 'online' });
    });

    it('single-flight: 50 concurrent callers of an expiring token cause exactly one refresh', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + backend.tokenLifetimeMs);
      let open!: () => void;
      backend.refreshGate = new Promise((resolve) => (open = resolve));
      const callers = Array.from({ length: 50 }, () => service.freshToken());
      open();
      const tokens = await Promise.all(callers);
      expect(backend.count('refresh')).toBe(1);
      expect(new Set(tokens)).toEqual(new Set([backend.issued[2]]));
      await expect(service.freshToken()).resolves.toBe(backend.issued[2]);
      expect(backend.count('refresh')).toBe(1);
    });

    it('invalidateToken (Cognito rejected it) makes the next freshToken refresh whatever the clock says', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      service.invalidateToken('some other token');
      await expect(service.freshToken()).resolves.toBe(backend.issued[0]);
      service.invalidateToken(backend.issued[0]!);
      await expect(service.freshToken()).resolves.toBe(backend.issued[2]);
    });

    it.each([
      ['15 minutes ahead of', 15 * MINUTE],
      ['15 minutes behind', -15 * MINUTE],
    ])('a laptop clock %s the backend neither refreshes in a loop nor trusts an expired token', async (_label, skew) => {
      backend.jwtTokens = true;
      backend.clockOffsetMs = -skew;
      await service.signIn(BACKEND, 'demo', backend.password);
      // Lifetime comes from the token itself (exp − iat, less a second for iat's rounding), so expiry is
      // 15 minutes from now on *our* clock.
      expect(signedIn().tokenExpiresAt).toBe(new Date(START + backend.tokenLifetimeMs - 1_000).toISOString());
      await expect(service.freshToken()).resolves.toBe(backend.issued[0]);
      expect(backend.count('refresh')).toBe(0);
      await vi.advanceTimersByTimeAsync(backend.tokenLifetimeMs - MINUTE);
      expect(backend.count('refresh')).toBe(1);
    });
  });

  describe('failures during refresh', () => {
    it('refresh answered session_expired → signed out with the reason and the account pre-filled, entry gone', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + backend.tokenLifetimeMs);
      backend.refreshFailure = new ServiceError('session_expired', 'Your session has expired. Sign in again.');
      await expect(service.freshToken()).rejects.toMatchObject({ code: 'session_expired' });
      await vi.advanceTimersByTimeAsync(0);
      expect(service.getState()).toEqual({
        status: 'signed-out',
        lastBackendUrl: BACKEND,
        lastUsername: 'demo',
        reason: 'Your session has expired. Sign in again.',
        accounts: [],
        keychain: { available: true },
      });
      expect(secrets.entries.size).toBe(0);
      expect(settings.saved?.lastAccountId).toBeNull();
      expect(events.at(-1)).toMatchObject({ status: 'signed-out', reason: 'Your session has expired. Sign in again.' });
    });

    it('backend down: keeps the still-valid token, shows reconnecting, retries with backoff and recovers by itself', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('backend_unreachable', '127.0.0.1:8787 refused the connection.');
      await vi.advanceTimersByTimeAsync(backend.tokenLifetimeMs - MINUTE);
      expect(backend.count('refresh')).toBe(1);
      expect(signedIn().connection).toEqual({
        status: 'reconnecting',
        message: '127.0.0.1:8787 refused the connection.',
        // Attempt 1 waits 750 ms ± jitter (random 0.5 → 0.75 of 1 s).
        nextAttemptAt: new Date(Date.now() + 750).toISOString(),
      });
      await expect(service.freshToken()).resolves.toBe(backend.issued[0]);

      // Delays grow: 0.75 s, 1.5 s, 3 s, 6 s …
      await vi.advanceTimersByTimeAsync(750 + 1_500 + 3_000);
      expect(backend.count('refresh')).toBe(4);

      backend.refreshFailure = null;
      await vi.advanceTimersByTimeAsync(6_000);
      expect(backend.count('refresh')).toBe(5);
      expect(signedIn().connection).toEqual({ status: 'online' });
      expect(savedRefreshToken()).toBe(backend.issued[3]);
    });

    it('once the token has expired while the backend is down, callers get the backend error (not a loop of attempts)', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('backend_unreachable', '127.0.0.1:8787 refused the connection.');
      vi.setSystemTime(START + backend.tokenLifetimeMs);
      await expect(service.freshToken()).rejects.toMatchObject({ code: 'backend_unreachable' });
      const attempts = backend.count('refresh');
      await Promise.allSettled(Array.from({ length: 20 }, () => service.freshToken()));
      expect(backend.count('refresh')).toBe(attempts);
      expect(service.getState().status).toBe('signed-in');
    });

    it('honours Retry-After from a throttled backend', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('identity_service_error', 'Cognito is busy.', 30);
      vi.setSystemTime(START + backend.tokenLifetimeMs - 30_000);
      await service.freshToken();
      const connection = signedIn().connection;
      expect(connection.status).toBe('reconnecting');
      expect(Date.parse((connection as { nextAttemptAt: string }).nextAttemptAt)).toBe(Date.now() + 30_000);
    });

    it('reconnect() tries at once instead of waiting for the next attempt', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('backend_unreachable', 'down');
      vi.setSystemTime(START + backend.tokenLifetimeMs - 30_000);
      await service.freshToken();
      backend.refreshFailure = null;
      const state = await service.reconnect();
      expect(state).toMatchObject({ status: 'signed-in', connection: { status: 'online' } });
      expect(backend.count('refresh')).toBe(2);
    });

    it('signing out during a refresh discards the refreshed session and revokes it', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      vi.setSystemTime(START + backend.tokenLifetimeMs);
      let open!: () => void;
      backend.refreshGate = new Promise((resolve) => (open = resolve));
      const pending = service.freshToken();
      await service.signOut();
      open();
      await expect(pending).rejects.toMatchObject({ code: 'not_signed_in' });
      expect(service.getState().status).toBe('signed-out');
      expect(secrets.entries.size).toBe(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(backend.calls.filter((call) => call.op === 'logout').map((call) => call.refreshToken)).toContain(backend.issued[3]);
    });
  });

  describe('silent sign-in at launch', () => {
    it('a new service on the same keychain resumes without a password: same identity, rotated token saved', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      service.dispose();

      const restarted = newService();
      await restarted.init();
      expect(restarted.getState()).toMatchObject({ status: 'resuming', account: { id: ACCOUNT, username: 'demo' } });
      const state = await restarted.resume();
      expect(state).toMatchObject({ status: 'signed-in', identityId: IDENTITY_ID, username: 'demo', remembered: true });
      expect(backend.count('login')).toBe(1);
      expect(backend.calls.at(-1)).toEqual({ op: 'refresh', origin: BACKEND, refreshToken: backend.issued[1] });
      expect(savedRefreshToken()).toBe(backend.issued[3]);
      restarted.dispose();
    });

    it('with nothing saved, launch is simply signed out', async () => {
      await expect(service.resume()).resolves.toMatchObject({ status: 'signed-out', reason: null });
      expect(backend.calls).toEqual([]);
    });

    it('a refresh token the backend no longer accepts → signed out, account pre-filled, a plain reason, entry removed', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      service.dispose();
      backend.refreshFailure = new ServiceError('session_expired', 'Your session was ended because its sign-in was used elsewhere. Sign in again.');
      const restarted = newService();
      await restarted.init();
      const state = await restarted.resume();
      expect(state).toMatchObject({
        status: 'signed-out',
        lastBackendUrl: BACKEND,
        lastUsername: 'demo',
        reason: 'Your session was ended because its sign-in was used elsewhere. Sign in again.',
        accounts: [],
      });
      expect(secrets.entries.size).toBe(0);
    });

    it('backend down at launch → signed out with the reason, the account stays saved to continue later', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      service.dispose();
      backend.refreshFailure = new ServiceError('backend_unreachable', '127.0.0.1:8787 refused the connection.');
      const restarted = newService();
      await restarted.init();
      expect(await restarted.resume()).toMatchObject({
        status: 'signed-out',
        reason: '127.0.0.1:8787 refused the connection.',
        lastUsername: 'demo',
        accounts: [{ id: ACCOUNT }],
      });
      backend.refreshFailure = null;
      await expect(restarted.switchAccount(ACCOUNT)).resolves.toMatchObject({ status: 'signed-in', username: 'demo' });
      restarted.dispose();
    });

    it('keychain locked at launch → the splash at once (no keychain call before the window opens), then signed out saying why', async () => {
      const keychain = new LockedKeychain();
      const list = vi.spyOn(keychain, 'list');
      const locked = newService({ secrets: keychain, settings: new MemorySettings({ lastBackendUrl: BACKEND, lastUsername: 'demo', lastAccountId: ACCOUNT }) });
      await locked.init();
      expect(locked.getState()).toMatchObject({ status: 'resuming', account: { id: ACCOUNT } });
      expect(list).not.toHaveBeenCalled();
      expect(await locked.resume()).toMatchObject({
        status: 'signed-out',
        lastUsername: 'demo',
        reason: 'Your saved sign-in could not be read: The system keychain is locked.',
        keychain: { available: false, reason: 'The system keychain is locked.' },
      });
      expect(backend.calls).toEqual([]);
    });

    it('the last account is no longer in the keychain → signed out, pre-filled, without asking the backend', async () => {
      const stale = newService({ settings: new MemorySettings({ lastBackendUrl: BACKEND, lastUsername: 'demo', lastAccountId: ACCOUNT }) });
      await stale.init();
      expect(await stale.resume()).toMatchObject({ status: 'signed-out', lastUsername: 'demo', reason: null, accounts: [] });
      expect(backend.calls).toEqual([]);
    });
  });

  describe('several accounts', () => {
    it('a second sign-in keeps the first account saved; switching back needs no password', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      const demoToken = savedRefreshToken(ACCOUNT);
      const bob = await service.signIn(BACKEND, 'bob', backend.password);
      expect(bob).toMatchObject({ status: 'signed-in', accountId: BOB, username: 'bob' });
      expect(bob.accounts.map((account) => account.id)).toEqual([BOB, ACCOUNT]);
      expect(backend.count('logout')).toBe(0);
      expect(savedRefreshToken(ACCOUNT)).toBe(demoToken);

      const back = await service.switchAccount(ACCOUNT);
      expect(back).toMatchObject({ status: 'signed-in', accountId: ACCOUNT, identityId: IDENTITY_ID });
      expect(backend.count('login')).toBe(2);
      expect(events.some((state) => state.status === 'resuming')).toBe(true);
      expect(settings.saved?.lastAccountId).toBe(ACCOUNT);
      expect(savedRefreshToken(BOB)).toBeDefined();
    });

    it('a failed switch leaves the current session active and says why', async () => {
      await service.signIn(BACKEND, 'bob', backend.password);
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('backend_unreachable', 'down');
      await expect(service.switchAccount(BOB)).rejects.toMatchObject({ code: 'backend_unreachable' });
      expect(service.getState()).toMatchObject({ status: 'signed-in', accountId: ACCOUNT });
      expect(secrets.entries.has(BOB)).toBe(true);
    });

    it('switching to an account whose sign-in expired removes it and keeps the current session', async () => {
      await service.signIn(BACKEND, 'bob', backend.password);
      await service.signIn(BACKEND, 'demo', backend.password);
      backend.refreshFailure = new ServiceError('session_expired', 'Your session has expired. Sign in again.');
      await expect(service.switchAccount(BOB)).rejects.toMatchObject({ code: 'session_expired' });
      expect(service.getState()).toMatchObject({ status: 'signed-in', accountId: ACCOUNT, accounts: [{ id: ACCOUNT }] });
    });

    it('forgetting another account deletes its entry and revokes it at the backend', async () => {
      await service.signIn(BACKEND, 'bob', backend.password);
      const bobToken = savedRefreshToken(BOB);
      await service.signIn(BACKEND, 'demo', backend.password);
      const state = await service.forgetAccount(BOB);
      expect(state).toMatchObject({ status: 'signed-in', accountId: ACCOUNT, accounts: [{ id: ACCOUNT }] });
      expect(secrets.entries.has(BOB)).toBe(false);
      expect(backend.calls.at(-1)).toEqual({ op: 'logout', origin: BACKEND, refreshToken: bobToken });
    });

    it('forgetting the current account signs out', async () => {
      await service.signIn(BACKEND, 'demo', backend.password);
      await expect(service.forgetAccount(ACCOUNT)).resolves.toMatchObject({ status: 'signed-out', accounts: [] });
      expect(secrets.entries.size).toBe(0);
    });

    it('an unknown account id is a clear error', async () => {
      await expect(service.switchAccount('not an account')).rejects.toMatchObject({ code: 'no_such_account' });
      await expect(service.forgetAccount('also|')).rejects.toMatchObject({ code: 'no_such_account' });
      await expect(service.switchAccount(BOB)).rejects.toMatchObject({ code: 'no_such_account' });
      expect(service.getState()).toMatchObject({ status: 'signed-out', lastUsername: 'bob' });
    });
  });

  it('no state or event ever holds a token, across sign-in, refreshes, switching and sign-out', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(backend.tokenLifetimeMs);
      expectNoSecretsIn(service.getState());
    }
    await service.signIn(BACKEND, 'bob', backend.password);
    await service.switchAccount(ACCOUNT);
    await service.signOut();
    expect(events.length).toBeGreaterThanOrEqual(8);
    expectNoSecretsIn(events);
  });
});
