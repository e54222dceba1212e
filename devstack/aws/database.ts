import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The emulator's metadata: buckets, object index, multipart uploads,
 * identities and issued credentials. Object bytes live in files beside it
 * (see blob-store.ts); SQLite's BINARY collation orders keys by their UTF-8
 * bytes, which is exactly S3's listing order.
 */
export type AwsDatabase = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  blob TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  content_encoding TEXT,
  storage_class TEXT NOT NULL DEFAULT 'STANDARD',
  metadata TEXT NOT NULL DEFAULT '{}',
  checksum_algorithm TEXT,
  checksum_value TEXT,
  restore_completes_at INTEGER,
  restore_expires_at INTEGER,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_blob ON objects (blob);
CREATE TABLE IF NOT EXISTS uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  initiated INTEGER NOT NULL,
  initiator TEXT NOT NULL,
  content_type TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  storage_class TEXT NOT NULL DEFAULT 'STANDARD',
  checksum_algorithm TEXT
);
CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, initiated);
CREATE TABLE IF NOT EXISTS parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  checksum_value TEXT,
  last_modified INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS identities (
  identity_id TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  provider TEXT,
  user_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS identities_by_login ON identities (pool_id, provider, user_id) WHERE user_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS credentials (
  access_key_id TEXT PRIMARY KEY,
  secret_access_key TEXT NOT NULL,
  session_token TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  pool_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

export function openAwsDatabase(dataDir: string): AwsDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'aws.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  addMissingColumns(db);
  return db;
}

/**
 * Columns added since the first schema: a .stack/ folder from before them
 * keeps its data and gains the columns (NULL: no restore requested).
 */
const ADDED_COLUMNS: Array<{ table: string; column: string; type: string }> = [
  { table: 'objects', column: 'restore_completes_at', type: 'INTEGER' },
  { table: 'objects', column: 'restore_expires_at', type: 'INTEGER' },
];

function addMissingColumns(db: AwsDatabase): void {
  for (const { table, column, type } of ADDED_COLUMNS) {
    const present = (db.pragma(`table_info(${table})`) as Array<{ name: string }>).some((c) => c.name === column);
    if (!present) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}
