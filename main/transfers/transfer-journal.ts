import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { describeError, silentLogger, type Logger } from '../shared/logger';

/**
 * The transfer queue on disk (`<userData>/transfers.json`), so downloads and
 * uploads survive a crash, a quit or a reboot: every job still queued or
 * running, with its unfinished files and how far each got. It holds no
 * secret — bucket names, keys, local paths, ETags and UploadIds (which grant
 * nothing without credentials) — and is rewritten whole through a temporary
 * file and a rename, so a crash never leaves half of it.
 */
const checkpointSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('download'),
    temp: z.string().min(1),
    reached: z.object({ etag: z.string(), size: z.number().int().nonnegative(), chunkSize: z.number().int().positive(), done: z.array(z.number().int().nonnegative()) }),
  }),
  z.object({
    kind: z.literal('upload'),
    reached: z.object({
      uploadId: z.string().min(1),
      partSize: z.number().int().positive(),
      file: z.object({ size: z.number().nonnegative(), modifiedMs: z.number() }),
    }),
  }),
]);

const fileSchema = z.object({
  key: z.string().min(1),
  size: z.number().int().nonnegative(),
  name: z.string(),
  segments: z.array(z.string()).optional(),
  path: z.string().optional(),
  checkpoint: checkpointSchema.optional(),
});

const jobSchema = z.object({
  id: z.string().min(1),
  direction: z.enum(['download', 'upload']),
  /** The Cognito identity it ran under: only that identity may resume it. */
  owner: z.string().min(1),
  bucket: z.string().min(1),
  prefix: z.string(),
  items: z.object({ count: z.number().int().nonnegative(), name: z.string(), kind: z.enum(['file', 'folder']) }),
  /** Downloads: the folder chosen. */
  root: z.string().optional(),
  /** Files already done when it stopped, and their bytes (shown, not moved again). */
  done: z.object({ files: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  files: z.array(fileSchema),
  /** Wall-clock ms when it was last written. */
  savedAt: z.number(),
});

export type JournalJob = z.infer<typeof jobSchema>;
export type JournalFile = z.infer<typeof fileSchema>;

const journalSchema = z.object({ version: z.literal(1), jobs: z.array(z.unknown()) });

/** How long changes gather before the journal is written: a crash loses at most this much of the checkpoints. */
const SAVE_DELAY_MS = 1_000;

export class TransferJournal {
  private readonly path: string | null;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private pending: (() => JournalJob[]) | null = null;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: { path?: string | null; logger?: Logger } = {}) {
    this.path = options.path ?? null;
    this.logger = options.logger ?? silentLogger;
  }

  /** The jobs an earlier run left; a missing, unreadable or corrupt journal is an empty one (said in the log). */
  async load(): Promise<JournalJob[]> {
    if (!this.path) return [];
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Could not read the interrupted transfers: ${describeError(error)}`);
      return [];
    }
    let parsed: z.infer<typeof journalSchema>;
    try {
      parsed = journalSchema.parse(JSON.parse(text));
    } catch {
      this.logger.warn('The list of interrupted transfers is not valid; it is ignored.');
      return [];
    }
    const jobs: JournalJob[] = [];
    for (const raw of parsed.jobs) {
      const job = jobSchema.safeParse(raw);
      if (job.success) jobs.push(job.data);
    }
    return jobs;
  }

  /** Writes what `snapshot` answers, once changes have settled for a moment. */
  schedule(snapshot: () => JournalJob[]): void {
    if (!this.path || this.closed) return;
    this.pending = snapshot;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      const take = this.pending;
      this.pending = null;
      if (take) this.saving = this.saving.then(() => this.write(take()));
    }, SAVE_DELAY_MS);
  }

  /** Writes now, synchronously, and takes no more changes: for the app's last moments, when nothing async may finish. */
  close(jobs: JournalJob[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.closed = true;
    if (!this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, body(jobs), { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      this.logger.warn(`Could not save the transfers to resume: ${describeError(error)}`);
    }
  }

  /** Resolves once every scheduled write is on disk (tests; a write that failed is in the log). */
  async flushed(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      const take = this.pending;
      this.pending = null;
      if (take) this.saving = this.saving.then(() => this.write(take()));
    }
    await this.saving;
  }

  private async write(jobs: JournalJob[]): Promise<void> {
    const path = this.path;
    if (!path || this.closed) return;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, body(jobs), { mode: 0o600 });
      await rename(temporary, path);
    } catch (error) {
      this.logger.warn(`Could not save the transfers to resume: ${describeError(error)}`);
    }
  }
}

function body(jobs: JournalJob[]): string {
  return `${JSON.stringify({ version: 1, jobs })}\n`;
}
