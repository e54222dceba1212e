import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../backend/db';
import { RefreshTokenStore } from '../../backend/refresh-tokens';
import { openUserStore, UserStore, UserStoreError } from '../../backend/users';
import { tempDir } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const memoryStore = (): UserStore => openUserStore(':memory:');

describe('UserStore', () => {
  it('adds users under a stable random id, matching names case-insensitively and trimmed', async () => {
    const users = memoryStore();
    const alice = await users.add('  Alice ', 'wonderland');
    expect(alice.username).toBe('alice');
    expect(alice.id).toMatch(UUID);
    expect(alice.identityId).toBeNull();
    expect(users.exists('ALICE')).toBe(true);
    expect(users.exists(' alice')).toBe(true);
    expect(users.exists('bob')).toBe(false);
    await expect(users.verify('ALICE ', 'wonderland')).resolves.toMatchObject({ id: alice.id, username: 'alice' });
    await expect(users.verify('alice', 'Wonderland')).resolves.toBeNull();
    await expect(users.verify('nobody', 'wonderland')).resolves.toBeNull();
    users.close();
  });

  it('refuses duplicates, blank names and empty or oversized passwords', async () => {
    const users = memoryStore();
    await users.add('alice', 'pw');
    await expect(users.add('ALICE', 'pw')).rejects.toMatchObject({ code: 'user_exists' });
    await expect(users.add('   ', 'pw')).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(users.add('a'.repeat(129), 'pw')).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(users.add('bob', '')).rejects.toBeInstanceOf(UserStoreError);
    await expect(users.add('bob', 'x'.repeat(1025))).rejects.toMatchObject({ code: 'invalid_password' });
    users.close();
  });

  it('removes users and resets passwords', async () => {
    const users = memoryStore();
    await users.add('alice', 'old-password');
    await expect(users.resetPassword('Alice', 'new-password')).resolves.toBe(true);
    await expect(users.verify('alice', 'old-password')).resolves.toBeNull();
    await expect(users.verify('alice', 'new-password')).resolves.not.toBeNull();
    await expect(users.resetPassword('bob', 'x')).resolves.toBe(false);
    expect(users.remove('ALICE')).toBe(true);
    expect(users.remove('alice')).toBe(false);
    expect(users.exists('alice')).toBe(false);
    users.close();
  });

  it('remembers the Cognito identity id of a user', async () => {
    const users = memoryStore();
    const alice = await users.add('alice', 'pw');
    users.setIdentityId(alice.id, 'us-east-1:abc');
    expect(users.get('alice')?.identityId).toBe('us-east-1:abc');
    expect(users.getById(alice.id)?.identityId).toBe('us-east-1:abc');
    expect(users.list().map((user) => user.username)).toEqual(['alice']);
    users.close();
  });

  it('takes about as long to reject an unknown user as a wrong password', async () => {
    const users = memoryStore();
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
    users.close();
  });

  it('shares one WAL-mode database file with the refresh-token store', async () => {
    const path = join(tempDir(), 'backend.sqlite');
    const users = openUserStore(path);
    const alice = await users.add('alice', 'pw');

    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tokens = new RefreshTokenStore(db, { ttlSeconds: 60 });
    const issued = tokens.issue(alice.id);
    expect(tokens.lookup(issued.token).status).toBe('valid');

    // Resetting a password ends the user's sessions; removing the user deletes them.
    await users.resetPassword('alice', 'new');
    expect(tokens.lookup(issued.token).status).toBe('revoked');
    users.remove('alice');
    expect(tokens.lookup(issued.token).status).toBe('unknown');
    db.close();
    users.close();

    const raw = new Database(path, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([
      { name: 'backend_secrets' },
      { name: 'refresh_families' },
      { name: 'refresh_tokens' },
      { name: 'users' },
    ]);
    raw.close();
  });
});
