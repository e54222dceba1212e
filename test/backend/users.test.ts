import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../backend/db';
import { RefreshTokenStore } from '../../backend/refresh-tokens';
import { openUserStore, UserStoreError, type UserStore } from '../../backend/users';
import { bothStores, freshDatabase, tableNames, type StoreKind } from './stores';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(bothStores())('UserStore on %s', (kind: StoreKind) => {
  const freshStore = async (): Promise<UserStore> => openUserStore(await freshDatabase(kind));

  it('adds users under a stable random id, matching names case-insensitively and trimmed', async () => {
    const users = await freshStore();
    const alice = await users.add('  Alice ', 'wonderland');
    expect(alice.username).toBe('alice');
    expect(alice.id).toMatch(UUID);
    expect(alice.identityId).toBeNull();
    await expect(users.exists('ALICE')).resolves.toBe(true);
    await expect(users.exists(' alice')).resolves.toBe(true);
    await expect(users.exists('bob')).resolves.toBe(false);
    await expect(users.verify('ALICE ', 'wonderland')).resolves.toMatchObject({ id: alice.id, username: 'alice' });
    await expect(users.verify('alice', 'Wonderland')).resolves.toBeNull();
    await expect(users.verify('nobody', 'wonderland')).resolves.toBeNull();
    await users.close();
  });

  it('refuses duplicates, blank names and empty or oversized passwords', async () => {
    const users = await freshStore();
    await users.add('alice', 'pw');
    await expect(users.add('ALICE', 'pw')).rejects.toMatchObject({ code: 'user_exists' });
    await expect(users.add('   ', 'pw')).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(users.add('a'.repeat(129), 'pw')).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(users.add('bob', '')).rejects.toBeInstanceOf(UserStoreError);
    await expect(users.add('bob', 'x'.repeat(1025))).rejects.toMatchObject({ code: 'invalid_password' });
    await users.close();
  });

  it('refuses the second of two stores adding the same name at once', async () => {
    const location = await freshDatabase(kind);
    const [a, b] = [await openUserStore(location), await openUserStore(location)];
    const results = await Promise.allSettled([a.add('alice', 'one-password'), b.add('Alice', 'another-password')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'user_exists' } });
    expect((await a.list()).map((user) => user.username)).toEqual(['alice']);
    await a.close();
    await b.close();
  });

  it('removes users and resets passwords', async () => {
    const users = await freshStore();
    await users.add('alice', 'old-password');
    await expect(users.resetPassword('Alice', 'new-password')).resolves.toBe(true);
    await expect(users.verify('alice', 'old-password')).resolves.toBeNull();
    await expect(users.verify('alice', 'new-password')).resolves.not.toBeNull();
    await expect(users.resetPassword('bob', 'x')).resolves.toBe(false);
    await expect(users.remove('ALICE')).resolves.toBe(true);
    await expect(users.remove('alice')).resolves.toBe(false);
    await expect(users.exists('alice')).resolves.toBe(false);
    await users.close();
  });

  it('remembers the Cognito identity id of a user and lists users by name', async () => {
    const users = await freshStore();
    const alice = await users.add('alice', 'pw');
    await users.add('a-b', 'pw');
    await users.add('Zed', 'pw');
    await users.setIdentityId(alice.id, 'us-east-1:abc');
    expect((await users.get('alice'))?.identityId).toBe('us-east-1:abc');
    expect((await users.getById(alice.id))?.identityId).toBe('us-east-1:abc');
    // By code point, whatever collation the database would use.
    expect((await users.list()).map((user) => user.username)).toEqual(['a-b', 'alice', 'zed']);
    await users.close();
  });

  it('takes about as long to reject an unknown user as a wrong password', async () => {
    const users = await freshStore();
    await users.add('alice', 'pw');
    // CPU time, not wall time: what scrypt costs does not change when other processes keep the cores busy.
    const time = async (name: string) => {
      const start = process.cpuUsage();
      await users.verify(name, 'wrong');
      const used = process.cpuUsage(start);
      return used.user + used.system;
    };
    await time('alice');
    const known = await time('alice');
    const unknown = await time('nobody');
    expect(unknown).toBeGreaterThan(known * 0.3);
    await users.close();
  });

  it('shares one database with the refresh-token store, which a reset or a removal ends', async () => {
    const location = await freshDatabase(kind);
    const users = await openUserStore(location);
    const alice = await users.add('alice', 'pw');

    const db = await openDatabase(location);
    const tokens = await RefreshTokenStore.open(db, { ttlSeconds: 60 });
    const issued = await tokens.issue(alice.id);
    expect((await tokens.lookup(issued.token)).status).toBe('valid');

    // Resetting a password ends the user's sessions; removing the user deletes them.
    await users.resetPassword('alice', 'new');
    expect((await tokens.lookup(issued.token)).status).toBe('revoked');
    await users.remove('alice');
    expect((await tokens.lookup(issued.token)).status).toBe('unknown');

    const tables = ['backend_secrets', 'rate_limit_counters', 'refresh_families', 'refresh_tokens', 'users'];
    expect(await tableNames(db)).toEqual(kind === 'postgres' ? [...tables, 'schema_migrations'].sort() : tables);
    await db.close();
    await users.close();
  });
});

describe('UserStore on SQLite', () => {
  it('keeps its file in WAL mode, so the users CLI can write while the server runs', async () => {
    const location = await freshDatabase('sqlite');
    const db = await openDatabase(location);
    expect(await db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    await db.close();
  });
});
