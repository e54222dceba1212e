import type { TransferJob } from '../../common/ipc';
import type { DownloadFileSystem } from './download-file';
import { labelChosen } from './job';
import type { TransferJournal, JournalJob } from './transfer-journal';

/**
 * The transfers an earlier run of the app left unfinished (it quit, crashed
 * or the computer restarted), read from the journal. Each waits, shown as
 * "interrupted", for its own identity to sign in and resume or discard it;
 * those of other identities are kept, untouched, for theirs.
 */
export class InterruptedTransfers {
  private left: JournalJob[] | null = null;
  private loading: Promise<void> | null = null;
  /** The identity signed in now: only its transfers are shown. */
  private owner: string | null = null;

  constructor(
    private readonly journal: TransferJournal,
    private readonly fs: DownloadFileSystem,
  ) {}

  /** Reads the journal (once), shows `owner`'s transfers, and answers the UploadIds they keep open. */
  async restore(owner: string): Promise<Set<string>> {
    this.loading ??= this.journal.load().then((jobs) => {
      this.left = jobs;
    });
    await this.loading;
    this.owner = owner;
    return this.uploadIds(owner);
  }

  /** Signed out: nobody's are shown until the next sign-in. */
  hide(): void {
    this.owner = null;
  }

  /** The multipart uploads `owner`'s interrupted transfers will continue: no clean-up may abort them. */
  uploadIds(owner: string): Set<string> {
    const ids = new Set<string>();
    for (const job of this.left ?? []) {
      if (job.owner !== owner) continue;
      for (const file of job.files) if (file.checkpoint?.kind === 'upload') ids.add(file.checkpoint.reached.uploadId);
    }
    return ids;
  }

  /** Everything still waiting, every identity's: the journal keeps it. */
  all(): JournalJob[] {
    return this.left ?? [];
  }

  views(): TransferJob[] {
    return this.visible().map((job) => InterruptedTransfers.view(job));
  }

  /** Takes an interrupted transfer of the identity signed in out of the waiting list (to resume or discard it). */
  take(id: string): JournalJob | null {
    const job = this.visible().find((candidate) => candidate.id === id);
    if (!job) return null;
    this.left = this.left!.filter((candidate) => candidate !== job);
    return job;
  }

  /** Removes the temp files a discarded download left. */
  async removeTempFiles(job: JournalJob): Promise<void> {
    for (const file of job.files) {
      if (file.checkpoint?.kind === 'download') await this.fs.remove(file.checkpoint.temp).catch(() => undefined);
    }
  }

  private visible(): JournalJob[] {
    return (this.left ?? []).filter((job) => job.owner === this.owner);
  }

  /** How the window shows one: its files and bytes (done ones included), and how far the unfinished ones got. */
  static view(job: JournalJob): TransferJob {
    const files = job.done.files + job.files.length;
    const bytesTotal = job.done.bytes + job.files.reduce((sum, file) => sum + file.size, 0);
    const bytesDone = job.done.bytes + job.files.reduce((sum, file) => sum + reached(file), 0);
    return {
      id: job.id,
      direction: job.direction,
      label: labelChosen(job.items, `${files.toLocaleString('en-US')} ${files === 1 ? 'file' : 'files'}`),
      bucket: job.bucket,
      prefix: job.prefix,
      status: 'interrupted',
      filesTotal: files,
      filesDone: job.done.files,
      counting: false,
      filesSkipped: 0,
      filesFailed: 0,
      bytesTotal,
      bytesDone,
      bytesPerSecond: 0,
      startedAt: null,
      finishedAt: new Date(job.savedAt).toISOString(),
      error: null,
      retryable: true,
      revealable: false,
    };
  }
}

/** Bytes of a file already where they are going (a download's ranges on disk); an upload's parts are only known from ListParts. */
function reached(file: JournalJob['files'][number]): number {
  const checkpoint = file.checkpoint;
  if (checkpoint?.kind !== 'download') return 0;
  const { size, chunkSize, done } = checkpoint.reached;
  return done.reduce((sum, index) => sum + Math.max(0, Math.min(chunkSize, size - index * chunkSize)), 0);
}
