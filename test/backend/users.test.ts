import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../backend/db';
import { RefreshTokenStore } from '../../backend/refresh-tokens';
import { hashPassword } from '../../backend/passwords';
import type { SqlDatabase } from '../../backend/store/sql';
import { openUserStore, UserStore, UserStoreError } from '../../backend/users';
import { TEST_SCRYPT_PARAMS } from './helpers';
import { bothStores, freshDatabase, tableNames, type StoreKind } from './stores';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(bothStores())('UserStore on %s', (kind: StoreKind) => {
  const freshStore = async (): Promise<UserStore> => openUserStore(await freshDatabase(kind), { scryptParams: TEST_SCRYPT_PARAMS });

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
    const open = () => openUserStore(location, { scryptParams: TEST_SCRYPT_PARAMS });
    const [a, b] = [await open(), await open()];
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
    const users = await openUserStore(location, { scryptParams: TEST_SCRYPT_PARAMS });
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

    const tables = [
      'backend_secrets',
      'login_failures',
      'login_known_addresses',
      'rate_limit_counters',
      'refresh_families',
      'refresh_tokens',
      'users',
    ];
    expect(await tableNames(db)).toEqual(kind === 'postgres' ? [...tables, 'schema_migrations'].sort() : tables);
    await db.close();
    await users.close();
  });
});

describe.each(bothStores())('password hash upgrades on %s', (kind: StoreKind) => {
  const OLD = { ...TEST_SCRYPT_PARAMS, N: 2 ** 10 };
  const storedHash = async (db: SqlDatabase) => (await db.get<{ password_hash: string }>('SELECT password_hash FROM users'))?.password_hash;

  async function userWithOldHash() {
    const db = await openDatabase(await freshDatabase(kind));
    onTestFinished(() => db.close());
    await new UserStore(db, { scryptParams: OLD }).add('alice', 'wonderland');
    return db;
  }

  it('makes new hashes with the current parameters, stored in the hash', async () => {
    const db = await userWithOldHash();
    await new UserStore(db, { scryptParams: TEST_SCRYPT_PARAMS }).add('bob', 'builder');
    const bob = await db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = ?', ['bob']);
    expect(bob?.password_hash).toMatch(/^scrypt\$4096\$8\$1\$/);
  });

  it('verifies a hash made with older parameters and replaces it on that successful login', async () => {
    const db = await userWithOldHash();
    const before = await storedHash(db);
    expect(before).toMatch(/^scrypt\$1024\$8\$1\$/);
    const users = new UserStore(db, { scryptParams: TEST_SCRYPT_PARAMS });

    // A wrong password changes nothing.
    await expect(users.verify('alice', 'looking-glass')).resolves.toBeNull();
    expect(await storedHash(db)).toBe(before);

    await expect(users.verify('alice', 'wonderland')).resolves.toMatchObject({ username: 'alice' });
    const after = await storedHash(db);
    expect(after).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(after).not.toContain('wonderland');
    await expect(users.verify('alice', 'wonderland')).resolves.toMatchObject({ username: 'alice' });
    // Already current: left as it is.
    expect(await storedHash(db)).toBe(after);
  });

  it('still signs the user in when the upgraded hash cannot be stored, and says so without secrets', async () => {
    const db = await userWithOldHash();
    const before = await storedHash(db);
    const failingUpdates: SqlDatabase = Object.create(db, {
      run: {
        value: (sql: string, params?: readonly unknown[]) =>
          sql.startsWith('UPDATE users SET password_hash')
            ? Promise.reject(Object.assign(new Error('disk full: wonderland'), { name: 'SqliteError' }))
            : db.run(sql, params as never),
      },
    });
    const logs: string[] = [];
    const users = new UserStore(failingUpdates, { scryptParams: TEST_SCRYPT_PARAMS, log: (line) => logs.push(line) });
    await expect(users.verify('alice', 'wonderland')).resolves.toMatchObject({ username: 'alice' });
    expect(await storedHash(db)).toBe(before);
    expect(logs).toEqual(['password hash upgrade failed (SqliteError); retried at the next login']);
  });

  it('leaves a hash a password reset replaced meanwhile', async () => {
    const db = await userWithOldHash();
    const users = new UserStore(db, { scryptParams: TEST_SCRYPT_PARAMS });
    const reset = await hashPassword('new-password', TEST_SCRYPT_PARAMS);
    // The reset lands between the verification and the upgrade.
    const racing: SqlDatabase = Object.create(db, {
      run: {
        value: async (sql: string, params?: readonly unknown[]) => {
          if (sql.startsWith('UPDATE users SET password_hash')) await db.run('UPDATE users SET password_hash = ?', [reset]);
          return db.run(sql, params as never);
        },
      },
    });
    await new UserStore(racing, { scryptParams: TEST_SCRYPT_PARAMS }).verify('alice', 'wonderland');
    expect(await storedHash(db)).toBe(reset);
    await expect(users.verify('alice', 'new-password')).resolves.not.toBeNull();
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
