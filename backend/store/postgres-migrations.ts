/**
 * The PostgreSQL schema, version by version as in sqlite-migrations.ts (same
 * tables and columns; times are BIGINT epoch milliseconds, secrets BYTEA).
 * schema_migrations records the applied versions. Never edit a shipped entry,
 * append a new one.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    identity_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE refresh_families (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_reason TEXT
  );
  CREATE INDEX refresh_families_user ON refresh_families(user_id);
  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES refresh_families(id) ON DELETE CASCADE,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
  );
  CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id, expires_at);
  `,
  `
  CREATE TABLE backend_secrets (
    name TEXT PRIMARY KEY,
    value BYTEA NOT NULL,
    created_at BIGINT NOT NULL
  );
  `,
  `
  CREATE TABLE rate_limit_counters (
    counter_key TEXT PRIMARY KEY,
    window_started_at BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX rate_limit_counters_expiry ON rate_limit_counters(expires_at);
  `,
  `
  CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX login_failures_expiry ON login_failures(expires_at);
  CREATE TABLE login_known_addresses (
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (username, address)
  );
  CREATE INDEX login_known_addresses_expiry ON login_known_addresses(expires_at);
  `,
];
