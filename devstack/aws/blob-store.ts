import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, type ReadStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * Object bytes as files. A blob is written under tmp/ and moved into blobs/
 * only once complete, so a dropped upload never leaves a half object behind.
 * Several keys may share one blob (CopyObject, seeded data); callers delete a
 * blob only when no object references it.
 */
export class BlobStore {
  private readonly blobDir: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.blobDir = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    mkdirSync(this.blobDir, { recursive: true });
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** A new blob being written; commit() makes it visible, discard() throws it away. */
  create(): PendingBlob {
    const id = randomUUID();
    const tmpPath = join(this.tmpDir, id);
    return {
      id,
      stream: createWriteStream(tmpPath),
      commit: () => renameSync(tmpPath, this.path(id)),
      discard: () => rmSync(tmpPath, { force: true }),
    };
  }

  read(id: string, range?: { start: number; end: number }): ReadStream {
    // Large reads: a GET of a big object costs the emulator (on the same machine as the client measured) a read per MiB, not per 64 KiB.
    return createReadStream(this.path(id), { ...range, highWaterMark: 1024 * 1024 });
  }

  delete(id: string): void {
    rmSync(this.path(id), { force: true });
  }

  path(id: string): string {
    return join(this.blobDir, id);
  }
}

export interface PendingBlob {
  id: string;
  stream: WriteStream;
  commit(): void;
  discard(): void;
}
