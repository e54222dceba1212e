import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { errorName } from '../aws/s3-errors';
import { describeError, silentLogger, type Logger } from '../shared/logger';

/**
 * A multipart upload this app created and has not yet seen completed or
 * aborted. The app never lists a bucket's uploads (DESIGN.md §4: that needs
 * s3:ListBucketMultipartUploads, which cannot be scoped to a prefix and shows
 * everybody's uploads), so this record is how it finds its own again.
 */
export interface PendingUpload {
  uploadId: string;
  bucket: string;
  key: string;
  /** The Cognito identity whose credentials created it: only that identity may abort it. */
  owner: string;
  /**
   * The local file it was reading, as it was when the upload began (for resuming it later). A server-side
   * multipart copy (main/operations) names its source's s3:// address here, with modifiedMs 0: it is never resumed, only aborted.
   */
  file: { path: string; size: number; modifiedMs: number };
  /** Wall-clock ms. */
  createdAt: number;
}

/** What one upload needs: the registry as seen by the identity it runs under. */
export interface UploadBook {
  /** Remembers an upload S3 has just created; resolves once it is written down (before any part is sent). */
  opened(upload: Omit<PendingUpload, 'owner' | 'createdAt'>): Promise<void>;
  /** Forgets an upload S3 completed or aborted (or no longer knows). */
  closed(uploadId: string): Promise<void>;
  /** This run stopped working on it, whatever became of it: a later clean-up may abort it. */
  released(uploadId: string): void;
  /** This run continues an upload an earlier one left: no clean-up may abort it now. */
  resumed(uploadId: string): void;
}

const entrySchema = z.object({
  uploadId: z.string().min(1),
  bucket: z.string().min(1),
  key: z.string().min(1),
  owner: z.string().min(1),
  file: z.object({ path: z.string(), size: z.number().nonnegative(), modifiedMs: z.number() }),
  createdAt: z.number(),
});
const fileSchema = z.object({ version: z.literal(1), uploads: z.array(z.unknown()) });

/**
 * The UploadIds this app started, in a small JSON file in the user-data folder
 * (`<userData>/uploads.json`; in memory only when no path is given, as in tests).
 * Every change rewrites the file through a temporary file and a rename, so a
 * crash never leaves half of it. An entry is added as soon as S3 answers
 * CreateMultipartUpload and removed when the upload is completed or aborted;
 * one still there at the next sign-in of its identity was abandoned (the app
 * quit mid-upload, or its abort failed) and is aborted then.
 */
export class UploadRegistry {
  private readonly path: string | null;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly entries = new Map<string, PendingUpload>();
  /** Uploads a running transfer of this process is still working on: never abandoned. */
  private readonly live = new Set<string>();
  private loading: Promise<void> | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(options: { path?: string | null; logger?: Logger; now?: () => number } = {}) {
    this.path = options.path ?? null;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** The registry as the uploads of `owner` (an identity id) use it. */
  bookFor(owner: string): UploadBook {
    return {
      opened: async (upload) => {
        await this.load();
        this.live.add(upload.uploadId);
        this.entries.set(upload.uploadId, { ...upload, owner, createdAt: this.now() });
        await this.save();
      },
      closed: (uploadId) => this.remove(uploadId),
      released: (uploadId) => {
        this.live.delete(uploadId);
      },
      resumed: (uploadId) => {
        this.live.add(uploadId);
      },
    };
  }

  /** Every entry, oldest first. */
  async list(): Promise<PendingUpload[]> {
    await this.load();
    return [...this.entries.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * The entries of `owner` that nothing in this process is working on (left by an earlier run, or by a
   * failed abort), but for those in `keep`: interrupted transfers waiting to be resumed or discarded.
   */
  async abandoned(owner: string, keep: ReadonlySet<string> = new Set()): Promise<PendingUpload[]> {
    return (await this.list()).filter((entry) => entry.owner === owner && !this.live.has(entry.uploadId) && !keep.has(entry.uploadId));
  }

  async remove(uploadId: string): Promise<void> {
    await this.load();
    this.live.delete(uploadId);
    if (this.entries.delete(uploadId)) await this.save();
  }

  /** Resolves once every change so far is on disk (or failed to get there, which is logged). */
  async flushed(): Promise<void> {
    await this.saving;
  }

  private load(): Promise<void> {
    this.loading ??= this.read();
    return this.loading;
  }

  /** A missing file is an empty registry; an unreadable or corrupt one too, said in the log (S3 lifecycle rules are the backstop). */
  private async read(): Promise<void> {
    if (!this.path) return;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Could not read the list of unfinished uploads: ${describeError(error)}`);
      return;
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      this.logger.warn('The list of unfinished uploads is not valid; starting a new one.');
      return;
    }
    for (const raw of parsed.uploads) {
      const entry = entrySchema.safeParse(raw);
      if (entry.success) this.entries.set(entry.data.uploadId, entry.data);
    }
  }

  /** One write at a time, each of the whole list as it is then; a failure is logged and the next change tries again. */
  private save(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    this.saving = this.saving.then(async () => {
      const body = `${JSON.stringify({ version: 1, uploads: [...this.entries.values()] }, null, 2)}\n`;
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temporary, body, { mode: 0o600 });
        await rename(temporary, path);
      } catch (error) {
        this.logger.warn(`Could not save the list of unfinished uploads: ${describeError(error)}`);
      }
    });
    return this.saving;
  }
}

/** What a clean-up did: uploads aborted (or already gone), and those whose abort failed (kept, tried again at the next sign-in). */
export interface CleanUpResult {
  aborted: number;
  failed: number;
}

/**
 * Aborts the uploads `owner` left unfinished in an earlier run, with that
 * identity's own client, and forgets each one S3 no longer has. Entries of
 * other identities stay until they sign in: no one else's credentials may
 * (or could) abort them.
 */
export async function abortAbandonedUploads(
  registry: UploadRegistry,
  owner: string,
  s3: S3Client,
  logger: Logger,
  keep: ReadonlySet<string> = new Set(),
): Promise<CleanUpResult> {
  const result: CleanUpResult = { aborted: 0, failed: 0 };
  for (const entry of await registry.abandoned(owner, keep)) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: entry.bucket, Key: entry.key, UploadId: entry.uploadId }));
    } catch (error) {
      if (!GONE.has(errorName(error))) {
        result.failed += 1;
        logger.warn(`Could not abort an upload left unfinished by an earlier run (tried again at the next sign-in): ${describeError(error)}`);
        continue;
      }
    }
    await registry.remove(entry.uploadId);
    result.aborted += 1;
  }
  if (result.aborted > 0) logger.info(`Aborted ${result.aborted} upload(s) left unfinished by an earlier run.`);
  return result;
}

/** Answers that say the upload is no longer there to abort. */
const GONE = new Set(['NoSuchUpload', 'NoSuchBucket']);
