import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/db';
import { POSTGRES_MIGRATIONS } from '../../../backend/store/postgres-migrations';
import type { SqlDatabase } from '../../../backend/store/sql';
import { SQLITE_MIGRATIONS } from '../../../backend/store/sqlite-migrations';
import { bothStores, freshDatabase, tableNames, type StoreKind } from '../stores';

const LATEST = SQLITE_MIGRATIONS.length;

async function schemaVersion(db: SqlDatabase): Promise<number[]> {
  if (db.kind === 'sqlite') return [((await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0)];
  return (await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((row) => row.version);
}

/** What a backend of the first release with secrets (schema 2) left behind: one user with one live refresh token. */
const SCHEMA_2_ROWS = [
  "INSERT INTO users (id, username, password_hash, identity_id, created_at, updated_at) VALUES ('u1', 'alice', 'scrypt$placeholder', NULL, 1, 1)",
  "INSERT INTO refresh_families (id, user_id, created_at) VALUES ('f1', 'u1', 1)",
  "INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES ('h1', 'f1', 1, 2)",
];

it('keeps the two databases at the same schema version', () => {
  expect(POSTGRES_MIGRATIONS).toHaveLength(SQLITE_MIGRATIONS.length);
});

describe.each(bothStores())('migrations on %s', (kind: StoreKind) => {
  it('bring a fresh database to the latest schema', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    expect(await schemaVersion(db)).toEqual(kind === 'sqlite' ? [LATEST] : Array.from({ length: LATEST }, (_, i) => i + 1));
    expect(await tableNames(db)).toContain('rate_limit_counters');
    await db.close();
  });

  it('leave an up-to-date database and its rows as they are when opened again', async () => {
    const location = await freshDatabase(kind);
    const first = await openDatabase(location);
    await first.run("INSERT INTO backend_secrets (name, value, created_at) VALUES ('kept', ?, 1)", [Buffer.alloc(32, 7)]);
    const before = await schemaVersion(first);
    await first.close();

    const again = await openDatabase(location);
    expect(await schemaVersion(again)).toEqual(before);
    expect(await again.get('SELECT value FROM backend_secrets WHERE name = ?', ['kept'])).toEqual({ value: Buffer.alloc(32, 7) });
    await again.close();
  });

  it('refuse a database migrated by a newer backend, saying so', async () => {
    const location = await freshDatabase(kind);
    const db = await openDatabase(location);
    await db.run(db.kind === 'sqlite' ? `PRAGMA user_version = ${LATEST + 1}` : 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, 1)', db.kind === 'sqlite' ? [] : [LATEST + 1]);
    await db.close();
    await expect(openDatabase(location)).rejects.toThrow(`created by a newer backend (schema ${LATEST + 1}, this build knows ${LATEST})`);
  });
});

describe('migrations on SQLite', () => {
  it('upgrade a file written by an earlier backend in place, keeping its users and tokens', async () => {
    const location = await freshDatabase('sqlite');
    if (location.kind !== 'sqlite') throw new Error('unreachable');
    const old = new Database(location.path);
    old.exec(SQLITE_MIGRATIONS.slice(0, 2).join('\n'));
    old.pragma('user_version = 2');
    for (const statement of SCHEMA_2_ROWS) old.exec(statement);
    old.close();

    const db = await openDatabase(location);
    expect(await schemaVersion(db)).toEqual([LATEST]);
    expect(await db.get('SELECT username FROM users')).toEqual({ username: 'alice' });
    expect(await db.get('SELECT token_hash, expires_at FROM refresh_tokens')).toEqual({ token_hash: 'h1', expires_at: 2 });
    expect(await db.all('SELECT * FROM rate_limit_counters')).toEqual([]);
    expect(await db.all('SELECT * FROM login_failures')).toEqual([]);
    await db.close();
  });
});

describe('migrations on PostgreSQL', () => {
  const kind = 'postgres';

  it('upgrade a database written by an earlier backend in place, keeping its users and tokens', async () => {
    const location = await freshDatabase(kind);
    if (location.kind !== 'postgres') throw new Error('unreachable');
    const old = new pg.Client({ connectionString: location.url });
    await old.connect();
    await old.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    await old.query(POSTGRES_MIGRATIONS.slice(0, 2).join('\n'));
    await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 1), (2, 1)');
    for (const statement of SCHEMA_2_ROWS) await old.query(statement);
    await old.end();

    const db = await openDatabase(location);
    expect(await schemaVersion(db)).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
    expect(await db.get('SELECT username FROM users')).toEqual({ username: 'alice' });
    expect(await db.get('SELECT token_hash, expires_at FROM refresh_tokens')).toEqual({ token_hash: 'h1', expires_at: 2 });
    await db.close();
  });

  it('let several instances start on a fresh database at once: one migrates, the others wait for it', async () => {
    const location = await freshDatabase(kind);
    const instances = await Promise.all(Array.from({ length: 4 }, () => openDatabase(location)));
    expect(await schemaVersion(instances[0]!)).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
    await Promise.all(instances.map((db) => db.close()));
  });
});
