/**
 * The SQLite schema, one entry per version (PRAGMA user_version counts the
 * applied ones). Never edit a shipped entry, append a new one, so existing
 * database files upgrade in place. postgres-migrations.ts keeps the same
 * versions with PostgreSQL's types.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
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
  // Server-side keys shared by every instance using this database (see secrets.ts).
  `
  CREATE TABLE backend_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // Login rate-limit windows, shared by every instance using this database (see rate-limit.ts).
  `
  CREATE TABLE rate_limit_counters (
    counter_key TEXT PRIMARY KEY,
    window_started_at INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX rate_limit_counters_expiry ON rate_limit_counters(expires_at);
  `,
  // Failed logins per username from anywhere, which slow further attempts down, and the addresses
  // each username signed in from, which are spared that (see username-slowdown.ts, known-addresses.ts).
  `
  CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX login_failures_expiry ON login_failures(expires_at);
  CREATE TABLE login_known_addresses (
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (username, address)
  );
  CREATE INDEX login_known_addresses_expiry ON login_known_addresses(expires_at);
  `,
];
