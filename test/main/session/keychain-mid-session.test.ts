import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../common/ipc';
import { KEYCHAIN_REASONS } from '../../../main/session/keychain-reason';
import { KeytarSecretStore, type KeytarLike } from '../../../main/session/secret-store';
import { SessionService } from '../../../main/session/session-service';
import type { Settings } from '../../../main/session/settings-store';
import { FakeBackend } from '../helpers/fake-backend';

const BACKEND = 'http://127.0.0.1:8787';
const START = Date.parse('2030-01-01T00:00:00Z');
/** What libsecret says once the keyring is locked (the screen locked, say). */
const LIBSECRET_LOCKED = 'Cannot create an item in a locked collection';

/** An in-memory keytar that, once `broken`, fails every call with libsecret's own words. */
class BreakableKeytar implements KeytarLike {
  readonly store = new Map<string, string>();
  broken = false;
  private check(): void {
    if (this.broken) throw new Error(LIBSECRET_LOCKED);
  }
  async getPassword(service: string, account: string) {
    this.check();
    return this.store.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string) {
    this.check();
    this.store.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string) {
    this.check();
    return this.store.delete(`${service}/${account}`);
  }
  async findCredentials(service: string) {
    this.check();
    return [...this.store].filter(([key]) => key.startsWith(`${service}/`)).map(([key, password]) => ({ account: key.slice(service.length + 1), password }));
  }
}

class MemorySettings {
  saved: Settings = { lastBackendUrl: null, lastUsername: null, lastAccountId: null };
  async load() {
    return this.saved;
  }
  async save(settings: Settings) {
    this.saved = settings;
  }
}

describe('the keychain becomes unavailable mid-session', () => {
  let backend: FakeBackend;
  let keytar: BreakableKeytar;
  let service: SessionService;
  const events: SessionState[] = [];

  beforeEach(async () => {
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    backend = new FakeBackend(() => Date.now());
    keytar = new BreakableKeytar();
    service = new SessionService({
      backend,
      secrets: new KeytarSecretStore(keytar, { logger: { info: () => {}, warn: () => {}, error: () => {} } }),
      settings: new MemorySettings(),
      clock: () => Date.now(),
      random: () => 0.5,
    });
    await service.init();
    events.length = 0;
    service.onStateChanged((state) => events.push(state));
  });
  afterEach(() => {
    service.dispose();
    vi.useRealTimers();
  });

  it('token refreshes keep the session working; the state says, in a sentence, that it will not be remembered', async () => {
    expect(await service.signIn(BACKEND, 'demo', backend.password)).toMatchObject({ status: 'signed-in', remembered: true });
    keytar.broken = true;

    // The token comes due: the backend rotates the refresh token, which can no longer be saved.
    vi.setSystemTime(START + backend.tokenLifetimeMs);
    await expect(service.freshToken()).resolves.toBe(backend.issued[2]);
    const state = service.getState();
    expect(state).toMatchObject({ status: 'signed-in', username: 'demo', remembered: false, rememberError: KEYCHAIN_REASONS.locked });
    expect(events.at(-1)).toMatchObject({ status: 'signed-in', remembered: false, rememberError: KEYCHAIN_REASONS.locked });
    // Our sentence, never libsecret's text.
    expect(JSON.stringify(state)).not.toContain(LIBSECRET_LOCKED);

    // And again: the rotated refresh token lives on in memory, so the next refresh presents the newest one.
    vi.setSystemTime(START + 2 * backend.tokenLifetimeMs);
    await expect(service.freshToken()).resolves.toBe(backend.issued[4]);
    expect(backend.calls.filter((call) => call.op === 'refresh').map((call) => call.refreshToken)).toEqual([backend.issued[1], backend.issued[3]]);
    expect(service.getState()).toMatchObject({ status: 'signed-in', remembered: false, rememberError: KEYCHAIN_REASONS.locked });
  });
});
