import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAwsDatabase } from '../../devstack/aws/database';
import { BlobStore } from '../../devstack/aws/blob-store';
import { ObjectStore } from '../../devstack/aws/s3/object-store';

/** The objects table as a .stack/ folder made before restores were emulated has it. */
const OBJECTS_BEFORE_RESTORES = `
CREATE TABLE objects (
  bucket TEXT NOT NULL, key TEXT NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL, content_type TEXT NOT NULL, content_encoding TEXT,
  storage_class TEXT NOT NULL DEFAULT 'STANDARD', metadata TEXT NOT NULL DEFAULT '{}',
  checksum_algorithm TEXT, checksum_value TEXT,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
INSERT INTO objects (bucket, key, blob, size, etag, last_modified, content_type, storage_class)
  VALUES ('desk-shared', 'library/archive/2019-backup.tar', 'blob-1', 14, '"x"', 0, 'application/x-tar', 'GLACIER');
`;

describe('the emulator database', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds the restore columns to a database made before them, keeping its objects', () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-db-'));
    const old = new Database(join(dir, 'aws.sqlite'));
    old.exec(OBJECTS_BEFORE_RESTORES);
    old.close();

    const db = openAwsDatabase(dir);
    try {
      const objects = new ObjectStore(db, new BlobStore(dir));
      expect(objects.get('desk-shared', 'library/archive/2019-backup.tar')).toMatchObject({ storageClass: 'GLACIER', restore: null });
      objects.setRestore('desk-shared', 'library/archive/2019-backup.tar', { completesAt: 1, expiresAt: 2 });
      expect(objects.get('desk-shared', 'library/archive/2019-backup.tar')?.restore).toEqual({ completesAt: 1, expiresAt: 2 });
    } finally {
      db.close();
    }
    // Opening it again finds the columns there and adds nothing.
    openAwsDatabase(dir).close();
  });
});
