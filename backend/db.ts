import { openPostgresDatabase } from './store/postgres';
import type { SqlDatabase } from './store/sql';
import { openSqliteDatabase } from './store/sqlite';

/** Where the backend keeps its users, refresh tokens, secrets and rate-limit counters. */
export type DatabaseLocation =
  /** A file, or ":memory:" for a throw-away database; one instance (and the users CLI) at a time. */
  | { kind: 'sqlite'; path: string }
  /** postgres://…: one database shared by any number of instances. */
  | { kind: 'postgres'; url: string };

export interface OpenDatabaseOptions {
  log?: (line: string) => void;
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<SqlDatabase> {
  if (location.kind === 'postgres') return openPostgresDatabase(location.url, options);
  return openSqliteDatabase(location.path);
}
