import { randomBytes } from 'node:crypto';
import type { AwsDatabase } from '../database';
import type { BlobStore } from '../blob-store';

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  initiator: string;
  contentType: string;
  metadata: Record<string, string>;
  storageClass: string;
  checksumAlgorithm: string | null;
}

export interface PartRecord {
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  checksumValue: string | null;
  lastModified: number;
}

/** Multipart uploads in progress and their parts (each part its own blob until completion). */
export class MultipartStore {
  constructor(
    private readonly db: AwsDatabase,
    private readonly blobs: BlobStore,
  ) {}

  create(upload: Omit<UploadRecord, 'uploadId'>): UploadRecord {
    const uploadId = randomBytes(24).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO uploads (upload_id, bucket, key, initiated, initiator, content_type, metadata, storage_class, checksum_algorithm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        uploadId,
        upload.bucket,
        upload.key,
        upload.initiated,
        upload.initiator,
        upload.contentType,
        JSON.stringify(upload.metadata),
        upload.storageClass,
        upload.checksumAlgorithm,
      );
    return { uploadId, ...upload };
  }

  get(uploadId: string): UploadRecord | undefined {
    const row = this.db.prepare('SELECT * FROM uploads WHERE upload_id = ?').get(uploadId) as
      | {
          upload_id: string;
          bucket: string;
          key: string;
          initiated: number;
          initiator: string;
          content_type: string;
          metadata: string;
          storage_class: string;
          checksum_algorithm: string | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      uploadId: row.upload_id,
      bucket: row.bucket,
      key: row.key,
      initiated: row.initiated,
      initiator: row.initiator,
      contentType: row.content_type,
      metadata: JSON.parse(row.metadata) as Record<string, string>,
      storageClass: row.storage_class,
      checksumAlgorithm: row.checksum_algorithm,
    };
  }

  list(bucket: string, prefix: string): UploadRecord[] {
    const rows = this.db
      .prepare('SELECT upload_id FROM uploads WHERE bucket = ? ORDER BY key, initiated')
      .all(bucket) as Array<{ upload_id: string }>;
    return rows.map((r) => this.get(r.upload_id)!).filter((u) => u.key.startsWith(prefix));
  }

  putPart(uploadId: string, part: PartRecord): void {
    const previous = this.db
      .prepare('SELECT blob FROM parts WHERE upload_id = ? AND part_number = ?')
      .get(uploadId, part.partNumber) as { blob: string } | undefined;
    this.db
      .prepare(
        'INSERT OR REPLACE INTO parts (upload_id, part_number, blob, size, etag, checksum_value, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(uploadId, part.partNumber, part.blob, part.size, part.etag, part.checksumValue, part.lastModified);
    if (previous) this.blobs.delete(previous.blob);
  }

  parts(uploadId: string): PartRecord[] {
    const rows = this.db
      .prepare('SELECT part_number, blob, size, etag, checksum_value, last_modified FROM parts WHERE upload_id = ? ORDER BY part_number')
      .all(uploadId) as Array<{ part_number: number; blob: string; size: number; etag: string; checksum_value: string | null; last_modified: number }>;
    return rows.map((r) => ({
      partNumber: r.part_number,
      blob: r.blob,
      size: r.size,
      etag: r.etag,
      checksumValue: r.checksum_value,
      lastModified: r.last_modified,
    }));
  }

  /** Forgets an upload and deletes its part blobs (after completion or abort). */
  remove(uploadId: string): void {
    const parts = this.parts(uploadId);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM parts WHERE upload_id = ?').run(uploadId);
      this.db.prepare('DELETE FROM uploads WHERE upload_id = ?').run(uploadId);
    })();
    for (const part of parts) this.blobs.delete(part.blob);
  }
}
