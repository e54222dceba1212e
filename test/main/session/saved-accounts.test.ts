import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import { SavedAccounts, accountFromId, accountId } from '../../../main/session/saved-accounts';
import { KeychainUnavailableError, type SecretStore } from '../../../main/session/secret-store';

const REMEMBERED = { identityId: 'us-east-1:0f3c5d1e-1111-2222-3333-444455556666', refreshToken: 'FAKE-REFRESH-TOKEN-1' };
const LOCKED = 'FAKE REASON: the keychain is locked.';

/** A keychain that can be switched off: every call then throws KeychainUnavailableError, as KeytarSecretStore does. */
class SwitchableStore extends MemorySecretStore {
  broken = false;

  private check(): void {
    if (this.broken) throw new KeychainUnavailableError(LOCKED);
  }
  override async get(account: string) {
    this.check();
    return super.get(account);
  }
  override async set(account: string, value: string) {
    this.check();
    return super.set(account, value);
  }
  override async delete(account: string) {
    this.check();
    return super.delete(account);
  }
  override async list() {
    this.check();
    return super.list();
  }
}

/** A keychain whose set() waits until released, and which logs when each operation runs. */
class SlowSetStore extends MemorySecretStore {
  readonly log: string[] = [];
  private releases: Array<() => void> = [];

  release(): void {
    for (const release of this.releases.splice(0)) release();
  }
  override async set(account: string, value: string) {
    this.log.push(`set ${account} started`);
    await new Promise<void>((resolve) => this.releases.push(resolve));
    await super.set(account, value);
    this.log.push(`set ${account} done`);
  }
  override async delete(account: string) {
    this.log.push(`delete ${account}`);
    return super.delete(account);
  }
  override async get(account: string) {
    this.log.push(`get ${account}`);
    return super.get(account);
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SavedAccounts', () => {
  describe('list()', () => {
    it('turns entry names "<baseUrl>|<username>" into accounts, sorted by host then user, without reading any secret', async () => {
      const store = new MemorySecretStore();
      for (const id of [
        'https://desk.example.com|zoe',
        'https://desk.example.com|adam',
        'https://files.example.org/s3desk|bob',
        'http://127.0.0.1:8787|demo',
      ]) {
        store.entries.set(id, 'FAKE-SECRET-VALUE');
      }
      let secretReads = 0;
      const counting: SecretStore = {
        list: () => store.list(),
        get: (id) => {
          secretReads += 1;
          return store.get(id);
        },
        set: (id, value) => store.set(id, value),
        delete: (id) => store.delete(id),
      };

      const accounts = await new SavedAccounts(counting).list();

      expect(accounts).toEqual([
        { id: 'http://127.0.0.1:8787|demo', backendUrl: 'http://127.0.0.1:8787', backendHost: '127.0.0.1:8787', username: 'demo' },
        { id: 'https://desk.example.com|adam', backendUrl: 'https://desk.example.com', backendHost: 'desk.example.com', username: 'adam' },
        { id: 'https://desk.example.com|zoe', backendUrl: 'https://desk.example.com', backendHost: 'desk.example.com', username: 'zoe' },
        { id: 'https://files.example.org/s3desk|bob', backendUrl: 'https://files.example.org/s3desk', backendHost: 'files.example.org', username: 'bob' },
      ]);
      expect(secretReads).toBe(0);
    });

    it('ignores entries that are not ours', async () => {
      const store = new MemorySecretStore();
      for (const id of [
        'legacy-entry-without-separator',
        '|nobody',
        'https://desk.example.com|',
        'not a url|bob',
        'ftp://desk.example.com|bob',
        'http://desk.example.com|bob', // plain http is only for this computer
        'http://127.0.0.1:8787/|demo', // not normalised: trailing slash
        'HTTPS://DESK.EXAMPLE.COM|bob', // not normalised: case
        'desk.example.com|bob', // not normalised: no scheme
        'https://desk.example.com|carol',
      ]) {
        store.entries.set(id, 'FAKE-SECRET-VALUE');
      }
      const accounts = await new SavedAccounts(store).list();
      expect(accounts.map((account) => account.id)).toEqual(['https://desk.example.com|carol']);
    });

    it('is empty for a store that cannot list', async () => {
      const store = new MemorySecretStore();
      store.entries.set('https://desk.example.com|carol', 'FAKE-SECRET-VALUE');
      const unlistable: SecretStore = { get: (id) => store.get(id), set: (id, v) => store.set(id, v), delete: (id) => store.delete(id) };
      await expect(new SavedAccounts(unlistable).list()).resolves.toEqual([]);
    });
  });

  describe('entry names', () => {
    it('accountId() and accountFromId() round-trip; only the first "|" separates the user', () => {
      const id = accountId('https://files.example.org/s3desk', 'team|ops');
      expect(id).toBe('https://files.example.org/s3desk|team|ops');
      expect(accountFromId(id)).toEqual({ id, backendUrl: 'https://files.example.org/s3desk', backendHost: 'files.example.org', username: 'team|ops' });
    });
  });

  describe('keychain()', () => {
    it('starts available, turns unavailable with the reason when the keychain fails, and back when it works again', async () => {
      const store = new SwitchableStore();
      const accounts = new SavedAccounts(store);
      expect(accounts.keychain()).toEqual({ available: true });

      store.broken = true;
      await expect(accounts.list()).resolves.toEqual([]);
      expect(accounts.keychain()).toEqual({ available: false, reason: LOCKED });
      await expect(accounts.save('https://desk.example.com|carol', REMEMBERED)).rejects.toBeInstanceOf(KeychainUnavailableError);
      await expect(accounts.read('https://desk.example.com|carol')).rejects.toBeInstanceOf(KeychainUnavailableError);
      await expect(accounts.delete('https://desk.example.com|carol')).rejects.toBeInstanceOf(KeychainUnavailableError);
      expect(accounts.keychain()).toEqual({ available: false, reason: LOCKED });

      store.broken = false;
      await accounts.save('https://desk.example.com|carol', REMEMBERED);
      expect(accounts.keychain()).toEqual({ available: true });
    });

    it('other failures (not KeychainUnavailableError) are thrown without changing the status', async () => {
      const failing: SecretStore = {
        get: async () => {
          throw new Error('FAKE unexpected bug');
        },
        set: async () => {},
        delete: async () => false,
      };
      const accounts = new SavedAccounts(failing);
      await expect(accounts.read('https://desk.example.com|carol')).rejects.toThrow('FAKE unexpected bug');
      expect(accounts.keychain()).toEqual({ available: true });
    });
  });

  describe('read()', () => {
    it('decodes what save() wrote', async () => {
      const accounts = new SavedAccounts(new MemorySecretStore());
      await accounts.save('https://desk.example.com|carol', REMEMBERED);
      await expect(accounts.read('https://desk.example.com|carol')).resolves.toEqual(REMEMBERED);
    });

    it('is null when there is no entry, or the value is not ours', async () => {
      const store = new MemorySecretStore();
      store.entries.set('https://desk.example.com|a', 'FAKE plain password from another app');
      store.entries.set('https://desk.example.com|b', JSON.stringify({ token: 'FAKE-OLD-FORMAT' }));
      store.entries.set('https://desk.example.com|c', JSON.stringify({ identityId: '', refreshToken: 'FAKE' }));
      const accounts = new SavedAccounts(store);
      for (const id of ['https://desk.example.com|a', 'https://desk.example.com|b', 'https://desk.example.com|c', 'https://desk.example.com|none']) {
        await expect(accounts.read(id)).resolves.toBeNull();
      }
    });
  });

  describe('delete()', () => {
    it('resolves true when it removed the entry and false when there was none', async () => {
      const store = new MemorySecretStore();
      const accounts = new SavedAccounts(store);
      await accounts.save('https://desk.example.com|carol', REMEMBERED);
      await expect(accounts.delete('https://desk.example.com|carol')).resolves.toBe(true);
      expect(store.entries.size).toBe(0);
      await expect(accounts.delete('https://desk.example.com|carol')).resolves.toBe(false);
    });
  });

  describe('operations on one account run one after another', () => {
    const ID = 'https://desk.example.com|carol';

    it('a save queued before a delete cannot resurrect the entry, however slow the keychain write is', async () => {
      const store = new SlowSetStore();
      const accounts = new SavedAccounts(store);
      const saving = accounts.save(ID, REMEMBERED);
      const deleting = accounts.delete(ID);
      await flush();
      // The delete waits for the save, rather than finding nothing and letting the save land afterwards.
      expect(store.log).toEqual([`set ${ID} started`]);
      store.release();
      await saving;
      await expect(deleting).resolves.toBe(true);
      expect(store.log).toEqual([`set ${ID} started`, `set ${ID} done`, `delete ${ID}`]);
      expect(store.entries.has(ID)).toBe(false);
    });

    it('a read queued behind a save sees the saved value', async () => {
      const store = new SlowSetStore();
      const accounts = new SavedAccounts(store);
      void accounts.save(ID, REMEMBERED);
      const reading = accounts.read(ID);
      await flush();
      store.release();
      await expect(reading).resolves.toEqual(REMEMBERED);
    });

    it('a failed operation does not block (or fail) the ones queued behind it', async () => {
      const store = new MemorySecretStore();
      store.entries.set(ID, JSON.stringify(REMEMBERED));
      // A keychain that lets us read but refuses this write.
      store.set = async () => {
        throw new KeychainUnavailableError(LOCKED);
      };
      const accounts = new SavedAccounts(store);
      const saving = accounts.save(ID, { ...REMEMBERED, refreshToken: 'FAKE-REFRESH-TOKEN-2' });
      const reading = accounts.read(ID);
      const deleting = accounts.delete(ID);
      await expect(saving).rejects.toBeInstanceOf(KeychainUnavailableError);
      await expect(reading).resolves.toEqual(REMEMBERED);
      await expect(deleting).resolves.toBe(true);
    });

    it('different accounts do not wait for each other', async () => {
      const store = new SlowSetStore();
      const accounts = new SavedAccounts(store);
      void accounts.save(ID, REMEMBERED);
      await expect(accounts.delete('https://desk.example.com|dave')).resolves.toBe(false);
      expect(store.log).toEqual([`set ${ID} started`, 'delete https://desk.example.com|dave']);
      store.release();
    });
  });
});
