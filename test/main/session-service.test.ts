import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../common/ipc-contract';
import { ServiceError } from '../../main/services/errors';
import { MemorySecretStore } from '../../main/services/memory-secret-store';
import { KeychainUnavailableError, type SecretStore } from '../../main/services/secret-store';
import { SessionService } from '../../main/services/session-service';
import type { Settings } from '../../main/services/settings-store';
import { FakeBackend } from './helpers/fake-backend';
import { IDENTITY_ID } from './helpers/sessions';

const BACKEND = 'http://127.0.0.1:8787';
const ACCOUNT = 'http://127.0.0.1:8787|demo';

class FakeClock {
  now = Date.parse('2030-01-01T00:00:00Z');
  read = () => this.now;
  advance(ms: number) {
    this.now += ms;
  }
}

class MemorySettings {
  saved: Settings | null = null;
  constructor(private initial: Settings = { lastBackendUrl: null, lastUsername: null }) {}
  async load() {
    return this.saved ?? this.initial;
  }
  async save(settings: Settings) {
    this.saved = settings;
  }
}

/** A keychain that refuses every write, like a locked keyring. */
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
}

describe('SessionService', () => {
  let clock: FakeClock;
  let backend: FakeBackend;
  let secrets: MemorySecretStore;
  let settings: MemorySettings;
  let service: SessionService;
  let events: SessionState[];

  beforeEach(async () => {
    clock = new FakeClock();
    backend = new FakeBackend(clock.read);
    secrets = new MemorySecretStore();
    settings = new MemorySettings();
    service = new SessionService({ backend, secrets, settings, clock: clock.read });
    await service.init();
    events = [];
    service.onStateChanged((state) => events.push(state));
  });

  /** No state, reply or event may ever hold a token the backend issued. */
  function expectNoSecretsIn(value: unknown) {
    const text = JSON.stringify(value);
    for (const secret of backend.issued) expect(text).not.toContain(secret);
    expect(text).not.toContain(backend.password);
  }

  it('starts signed out, pre-filled from settings or the suggested backend', async () => {
    expect(service.getState()).toEqual({ status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null });
    const suggested = new SessionService({ backend, secrets, settings: new MemorySettings(), suggestedBackendUrl: BACKEND });
    await suggested.init();
    expect(suggested.getState()).toMatchObject({ lastBackendUrl: BACKEND });
    const remembered = new SessionService({ backend, secrets, settings: new MemorySettings({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann' }), suggestedBackendUrl: BACKEND });
    await remembered.init();
    expect(remembered.getState()).toMatchObject({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann' });
  });

  it('signs in: state signed-in, keychain JSON saved under "<origin>|<username>", settings saved, one event', async () => {
    const state = await service.signIn(`${BACKEND}/`, ' Demo ', backend.password);
    expect(state).toEqual({
      status: 'signed-in',
      username: 'demo',
      backendOrigin: BACKEND,
      identityId: IDENTITY_ID,
      region: 'us-east-1',
      tokenExpiresAt: new Date(clock.now + backend.tokenLifetimeMs).toISOString(),
      remembered: true,
      rememberError: null,
    });
    expect(JSON.parse(secrets.entries.get(ACCOUNT)!)).toEqual({ identityId: IDENTITY_ID, refreshToken: backend.issued[1] });
    expect([...secrets.entries.keys()]).toEqual([ACCOUNT]);
    expect(settings.saved).toEqual({ lastBackendUrl: BACKEND, lastUsername: 'demo' });
    expect(events).toEqual([state]);
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

  it('keychain unavailable: still signed in, remembered:false with the reason', async () => {
    const locked = new SessionService({ backend, secrets: new LockedKeychain(), clock: clock.read });
    const state = await locked.signIn(BACKEND, 'demo', backend.password);
    expect(state).toMatchObject({ status: 'signed-in', remembered: false, rememberError: 'The system keychain is locked.' });
    await expect(locked.freshToken()).resolves.toBe(backend.issued[0]);
  });

  it('signs out: backend logout, keychain entry deleted, memory cleared, last URL/username kept', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    const refreshToken = backend.issued[1];
    const state = await service.signOut();
    expect(state).toEqual({ status: 'signed-out', lastBackendUrl: BACKEND, lastUsername: 'demo', reason: null });
    expect(backend.calls.at(-1)).toEqual({ op: 'logout', origin: BACKEND, refreshToken });
    expect(secrets.entries.size).toBe(0);
    expect(service.activeSession()).toBeNull();
    await expect(service.freshToken()).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(events.at(-1)).toEqual(state);
  });

  it('sign-out succeeds even when the backend logout and keychain fail', async () => {
    const keychain = new LockedKeychain();
    const failing = new SessionService({ backend, secrets: keychain, clock: clock.read });
    await failing.signIn(BACKEND, 'demo', backend.password);
    backend.logout = async () => {
      throw new ServiceError('backend_unreachable', 'down');
    };
    await expect(failing.signOut()).resolves.toMatchObject({ status: 'signed-out' });
    expect(keychain.deleted).toContain(ACCOUNT);
  });

  it('freshToken returns the current token while it is valid for more than 60 s', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    clock.advance(backend.tokenLifetimeMs - 61_000);
    await expect(service.freshToken()).resolves.toBe(backend.issued[0]);
    expect(backend.count('refresh')).toBe(0);
  });

  it('freshToken refreshes within 60 s of expiry, saves the rotated refresh token, and reports the new expiry', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    clock.advance(backend.tokenLifetimeMs - 30_000);
    const token = await service.freshToken();
    expect(token).toBe(backend.issued[2]);
    expect(backend.count('refresh')).toBe(1);
    expect(JSON.parse(secrets.entries.get(ACCOUNT)!)).toEqual({ identityId: IDENTITY_ID, refreshToken: backend.issued[3] });
    expect(service.getState()).toMatchObject({ tokenExpiresAt: new Date(clock.now + backend.tokenLifetimeMs).toISOString() });
    expect(events.at(-1)).toEqual(service.getState());
  });

  it('single-flight: 50 concurrent callers of an expiring token cause exactly one refresh', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    clock.advance(backend.tokenLifetimeMs);
    let open!: () => void;
    backend.refreshGate = new Promise((resolve) => (open = resolve));
    const callers = Array.from({ length: 50 }, () => service.freshToken());
    open();
    const tokens = await Promise.all(callers);
    expect(backend.count('refresh')).toBe(1);
    expect(new Set(tokens)).toEqual(new Set([backend.issued[2]]));
    // The next caller after the refresh uses the new token without refreshing again.
    await expect(service.freshToken()).resolves.toBe(backend.issued[2]);
    expect(backend.count('refresh')).toBe(1);
  });

  it('refresh answered session_expired → signed out with the reason, keychain entry gone', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    clock.advance(backend.tokenLifetimeMs);
    backend.refreshFailure = new ServiceError('session_expired', 'Your session has expired. Sign in again.');
    await expect(service.freshToken()).rejects.toMatchObject({ code: 'session_expired' });
    expect(service.getState()).toEqual({ status: 'signed-out', lastBackendUrl: BACKEND, lastUsername: 'demo', reason: 'Your session has expired. Sign in again.' });
    expect(secrets.entries.size).toBe(0);
    expect(events.at(-1)).toMatchObject({ status: 'signed-out', reason: 'Your session has expired. Sign in again.' });
  });

  it('a passing refresh failure keeps using a token that is still valid, and fails once it is not', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    backend.refreshFailure = new ServiceError('backend_unreachable', '127.0.0.1:8787 did not answer.');
    clock.advance(backend.tokenLifetimeMs - 30_000);
    await expect(service.freshToken()).resolves.toBe(backend.issued[0]);
    clock.advance(30_000);
    await expect(service.freshToken()).rejects.toMatchObject({ code: 'backend_unreachable' });
    expect(service.getState().status).toBe('signed-in');
  });

  it('a refresh whose rotated token cannot be saved removes the stale keychain entry', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    secrets.set = async () => {
      throw new KeychainUnavailableError('The system keychain is locked.');
    };
    clock.advance(backend.tokenLifetimeMs);
    await service.freshToken();
    expect(secrets.entries.has(ACCOUNT)).toBe(false);
    expect(service.getState()).toMatchObject({ remembered: false, rememberError: 'The system keychain is locked.' });
  });

  it('signing out during a refresh discards the refreshed session and revokes it', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    clock.advance(backend.tokenLifetimeMs);
    let open!: () => void;
    backend.refreshGate = new Promise((resolve) => (open = resolve));
    const pending = service.freshToken();
    await service.signOut();
    open();
    await expect(pending).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(service.getState().status).toBe('signed-out');
    expect(secrets.entries.size).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.calls.filter((call) => call.op === 'logout').map((call) => call.refreshToken)).toContain(backend.issued[3]);
  });

  it('signing in again replaces the previous session and revokes it', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    const first = service.activeSession()!.id;
    await service.signIn(BACKEND, 'demo', backend.password);
    expect(service.activeSession()!.id).not.toBe(first);
    expect(backend.calls.find((call) => call.op === 'logout')?.refreshToken).toBe(backend.issued[1]);
    expect(JSON.parse(secrets.entries.get(ACCOUNT)!).refreshToken).toBe(backend.issued[3]);
  });

  it('no state or event ever holds a token, across sign-in, refreshes and sign-out', async () => {
    await service.signIn(BACKEND, 'demo', backend.password);
    for (let i = 0; i < 3; i++) {
      clock.advance(backend.tokenLifetimeMs);
      await service.freshToken();
      expectNoSecretsIn(service.getState());
    }
    await service.signOut();
    expect(events.length).toBeGreaterThanOrEqual(5);
    expectNoSecretsIn(events);
  });
});
