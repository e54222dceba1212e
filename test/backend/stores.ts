import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { DatabaseLocation } from '../../backend/db';
import type { SqlDatabase } from '../../backend/store/sql';
import { usePostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster';

/** The two databases the backend runs on: the embedded default and the one for several instances. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

let cluster: (() => PostgresCluster) | undefined;

/**
 * For `describe.each(bothStores())`: call at the top level of a test file
 * whose tests run against both stores; it starts the file's throw-away
 * PostgreSQL cluster before its tests and removes it after them.
 */
export function bothStores(): readonly StoreKind[] {
  cluster ??= usePostgresCluster();
  return STORE_KINDS;
}

/** A new, empty database of that kind for the current test (a SQLite file in a temp folder), removed after it. */
export async function freshDatabase(kind: StoreKind): Promise<DatabaseLocation> {
  if (kind === 'postgres') {
    if (!cluster) throw new Error('PostgreSQL tests need bothStores() called at the top of their file.');
    return { kind, url: await cluster().freshDatabaseUrl() };
  }
  const dir = mkdtempSync(join(tmpdir(), 's3desk-backend-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { kind, path: join(dir, 'backend.sqlite') };
}

/** The tables of a backend database, sorted (PostgreSQL's include schema_migrations, its version record). */
export async function tableNames(db: SqlDatabase): Promise<string[]> {
  const sql =
    db.kind === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table'"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'";
  return (await db.all<{ name: string }>(sql)).map((row) => row.name).sort();
}

/** Every row of every table as text, to prove what is (not) stored. */
export async function dumpAll(db: SqlDatabase): Promise<string> {
  const dumps = await Promise.all((await tableNames(db)).map(async (name) => JSON.stringify(await db.all(`SELECT * FROM ${name}`))));
  return dumps.join('\n');
}
