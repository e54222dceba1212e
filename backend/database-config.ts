import type { DatabaseLocation } from './db';

const DATABASE_URL_HINT =
  'a postgres:// URL, e.g. postgres://desk:PASSWORD@db.example.com:5432/desk (leave it unset to use the SQLite file in BACKEND_DB_PATH)';

export type DatabaseLocationResult = { location: DatabaseLocation } | { problem: string };

/**
 * BACKEND_DATABASE_URL (PostgreSQL, for several instances) or BACKEND_DB_PATH
 * (a SQLite file, the embedded default). A problem never quotes the URL: it
 * may carry a password.
 */
export function readDatabaseLocation(read: (name: string) => string | undefined): DatabaseLocationResult {
  const url = read('BACKEND_DATABASE_URL');
  const path = read('BACKEND_DB_PATH');
  if (url === undefined) return { location: { kind: 'sqlite', path: path ?? 'backend.sqlite' } };
  if (path !== undefined) {
    return {
      problem:
        'BACKEND_DATABASE_URL and BACKEND_DB_PATH are both set: set BACKEND_DATABASE_URL for PostgreSQL or BACKEND_DB_PATH for SQLite, not both',
    };
  }
  // Only the scheme is checked here: pg reads the rest (including libpq's forms, such as
  // postgres://user@/db?host=/socket/dir) and says at startup what it cannot use.
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    return { problem: `BACKEND_DATABASE_URL must be ${DATABASE_URL_HINT}` };
  }
  return { location: { kind: 'postgres', url } };
}

/** The same variables as the server reads, straight from an environment (empty means unset). */
export function databaseLocationFromEnv(env: Record<string, string | undefined>): DatabaseLocationResult {
  return readDatabaseLocation((name) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  });
}
