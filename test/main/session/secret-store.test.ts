import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  KeytarSecretStore,
  SECRET_SERVICE_NAME,
  decodeRemembered,
  encodeRemembered,
  secretAccount,
  type KeytarLike,
} from '../../../main/session/secret-store';
import { KEYCHAIN_REASONS, keychainReason } from '../../../main/session/keychain-reason';
import type { Logger } from '../../../main/shared/logger';

/** An in-memory keytar, keyed by service and account like the real one. */
function fakeKeytar(): KeytarLike & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    getPassword: async (service, account) => store.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void store.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => store.delete(`${service}/${account}`),
    findCredentials: async (service) =>
      [...store].filter(([key]) => key.startsWith(`${service}/`)).map(([key, password]) => ({ account: key.slice(service.length + 1), password })),
  };
}

/** A keytar whose every call fails with the given libsecret message. */
function failingKeytar(message: string): KeytarLike {
  const fail = async (): Promise<never> => {
    throw new Error(message);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail };
}

describe('KeytarSecretStore', () => {
  it('stores under service "S3 Desk" and the given account', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore(keytar);
    const account = secretAccount('https://desk.example.com', 'ann');
    expect(account).toBe('https://desk.example.com|ann');
    await store.set(account, 'value');
    expect(keytar.store.get(`${SECRET_SERVICE_NAME}/https://desk.example.com|ann`)).toBe('value');
    await expect(store.get(account)).resolves.toBe('value');
    await expect(store.list()).resolves.toEqual([account]);
    await expect(store.delete(account)).resolves.toBe(true);
    await expect(store.get(account)).resolves.toBeNull();
  });

  it('turns keytar failures into KeychainUnavailableError with our own sentence, never keytar’s text', async () => {
    const cases: Array<[string, string]> = [
      ['The name org.freedesktop.secrets was not provided by any .service files', KEYCHAIN_REASONS.noSecretService],
      ['GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable', KEYCHAIN_REASONS.noSecretService],
      ['Cannot autolaunch D-Bus without X11 $DISPLAY', KEYCHAIN_REASONS.noSessionBus],
      ['Could not connect: No such file or directory', KEYCHAIN_REASONS.noSessionBus],
      ['Cannot create an item in a locked collection', KEYCHAIN_REASONS.locked],
      ['User interaction is not allowed.', KEYCHAIN_REASONS.locked],
      ['The operation was cancelled', KEYCHAIN_REASONS.cancelled],
      ['User canceled the operation.', KEYCHAIN_REASONS.cancelled],
      ['Prompt dismissed by the user', KEYCHAIN_REASONS.cancelled],
      ['Something odd at /home/ann/.local/share/keyrings/login.keyring', KEYCHAIN_REASONS.unknown],
      ['', KEYCHAIN_REASONS.unknown],
    ];
    for (const [message, reason] of cases) {
      const store = new KeytarSecretStore(failingKeytar(message));
      const error = await store.set('a|b', 'secret-value').catch((caught: unknown) => caught);
      expect(error, message).toBeInstanceOf(KeychainUnavailableError);
      expect((error as KeychainUnavailableError).reason, message).toBe(reason);
      expect((error as KeychainUnavailableError).message, message).toBe(reason);
    }
    expect(keychainReason('not an Error at all')).toBe(KEYCHAIN_REASONS.unknown);
  });

  it('logs keytar’s own text, redacted, where the window never sees it', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: () => {}, warn: (line) => lines.push(line), error: (line) => lines.push(line) };
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl';
    const store = new KeytarSecretStore(failingKeytar(`Something odd with ${token}`), { logger });
    const error = (await store.get('a|b').catch((caught: unknown) => caught)) as KeychainUnavailableError;
    expect(error.reason).toBe(KEYCHAIN_REASONS.unknown);
    expect(lines).toEqual(['The system keychain failed: Error: Something odd with [redacted]']);
  });

  it('gives up on a keychain that never answers', async () => {
    const hanging: KeytarLike = { ...fakeKeytar(), getPassword: () => new Promise(() => {}) };
    const store = new KeytarSecretStore(hanging, { timeoutMs: 50 });
    await expect(store.get('a|b')).rejects.toBeInstanceOf(KeychainUnavailableError);
  });

  it('a keytar that throws synchronously is still a KeychainUnavailableError', async () => {
    const throwing: KeytarLike = {
      ...fakeKeytar(),
      getPassword: () => {
        throw new Error('native module failed');
      },
    };
    await expect(new KeytarSecretStore(throwing).get('a|b')).rejects.toBeInstanceOf(KeychainUnavailableError);
  });
});

describe('remembered-session JSON', () => {
  it('round-trips identityId and refreshToken and rejects anything else', () => {
    const text = encodeRemembered({ identityId: 'us-east-1:x', refreshToken: 'r' });
    expect(JSON.parse(text)).toEqual({ identityId: 'us-east-1:x', refreshToken: 'r' });
    expect(decodeRemembered(text)).toEqual({ identityId: 'us-east-1:x', refreshToken: 'r' });
    expect(decodeRemembered(null)).toBeNull();
    expect(decodeRemembered('not json')).toBeNull();
    expect(decodeRemembered('{"identityId":"x"}')).toBeNull();
  });
});
