import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

export type BackendDatabase = Database.Database;

// Each entry moves the schema one version forward; never edit a shipped entry,
// append a new one, so existing database files upgrade in place.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    identity_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE refresh_families (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_reason TEXT
  );
  CREATE INDEX refresh_families_user ON refresh_families(user_id);
  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES refresh_families(id) ON DELETE CASCADE,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id, expires_at);
  `,
  // Server-side keys shared by every instance using this database (see loadSecret).
  `
  CREATE TABLE backend_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
];

/**
 * Opens (creating if needed) the database shared by the user store and the
 * refresh-token store. WAL lets the users CLI write while the server runs.
 */
export function openDatabase(path: string): BackendDatabase {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: BackendDatabase): void {
  const apply = db.transaction(() => {
    // Read inside the transaction: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The database was created by a newer backend (schema ${current}, this build knows ${MIGRATIONS.length}).`,
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] as string);
    }
    if (current !== MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  // IMMEDIATE takes the write lock up front, so two processes opening a fresh
  // file at once do not both try to create the tables.
  apply.immediate();
}

/**
 * Returns the named secret, generating it (random bytes) the first time. Kept
 * in the database rather than in memory so it survives restarts and every
 * instance sharing the database agrees on it; a racing instance that inserts
 * first simply wins and everybody reads its value.
 */
export function loadSecret(db: BackendDatabase, name: string, bytes = 32): Buffer {
  const load = db.transaction((): Buffer => {
    db.prepare('INSERT OR IGNORE INTO backend_secrets (name, value, created_at) VALUES (?, ?, ?)').run(
      name,
      randomBytes(bytes),
      Date.now(),
    );
    const row = db.prepare('SELECT value FROM backend_secrets WHERE name = ?').get(name) as { value: Buffer } | undefined;
    if (!row || !Buffer.isBuffer(row.value) || row.value.length < bytes) {
      throw new Error(`The backend secret "${name}" in the database is missing or too short.`);
    }
    return row.value;
  });
  return load.immediate();
}
