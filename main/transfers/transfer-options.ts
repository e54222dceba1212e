import { silentLogger, type Logger } from '../shared/logger';
import type { SessionClients } from '../aws/session-clients';
import { nodeDownloadFileSystem, type DownloadFileSystem } from './download-file';
import type { ListingSettings } from './download-listing';
import { currentPlatform, type PathPlatform } from './local-path';
import { markOfTheWeb, type MarkOfTheWeb } from './mark-of-the-web';
import { DEFAULT_RESUME, type ResumeSettings } from './object-body';
import { DEFAULT_RANGED, type RangedSettings } from './object-download';
import type { MoveSettings } from './move-file';
import type { TransferJournal } from './transfer-journal';
import type { UploadRegistry } from './upload-registry';

export interface TransferDialogs {
  /** A folder to download into; null when the user cancelled. */
  chooseDownloadFolder(): Promise<string | null>;
  /** Files (or one folder) to upload; null when the user cancelled. */
  chooseUploadSources(kind: 'files' | 'folder'): Promise<string[] | null>;
}

export interface TransferServiceOptions {
  clients: Pick<SessionClients, 'client' | 'isActive' | 'onSessionEnded'>;
  dialogs: TransferDialogs;
  /** Shows a file or folder in the file manager (shell.showItemInFolder in the app). */
  reveal: (path: string) => void;
  logger?: Logger;
  /**
   * Requests in flight at once across all jobs (default 16): a small file takes one, a large one as
   * many as it moves in parallel (its parts or ranges), so many small files or two large ones run together.
   */
  maxConcurrentFiles?: number;
  /** Multipart part size for uploads (at least 5 MiB, S3's minimum); files up to it go in one PutObject. */
  partSizeBytes?: number;
  /** Parts of one upload in flight at once (default 8). */
  queueSize?: number;
  /** When and how downloads are fetched in parallel ranges (object-download.ts). */
  ranged?: Partial<RangedSettings>;
  /** Wall-clock ms, for timestamps and speeds. */
  now?: () => number;
  /**
   * The fewest ms between two change events that only moved numbers (bytes, files done) (default
   * 200); a job's change of status is told at once.
   */
  progressIntervalMs?: number;
  /** How local names are made safe; this computer's rules by default. */
  platform?: PathPlatform;
  /** How long a plan waits for startUpload. */
  planTtlMs?: number;
  /** Marks finished downloads as coming from the internet; this computer's kind of mark by default (mark-of-the-web.ts). */
  markOfTheWeb?: MarkOfTheWeb;
  /** Where downloads write; the real file system by default (tests inject a full disk or a vanished folder). */
  downloadFileSystem?: DownloadFileSystem;
  /**
   * How a download rides out a dropped or stalled connection (object-body.ts):
   * attempts in a row without progress (default 5), the first backoff delay
   * (default 1 s), and how long without a byte counts as stalled (default 60 s).
   */
  downloadResume?: { maxAttempts?: number; firstDelayMs?: number; readIdleTimeoutMs?: number };
  /** The UploadIds this app started and has not finished (upload-registry.ts); in memory by default, <userData>/uploads.json in the app. */
  uploadRegistry?: UploadRegistry;
  /** The queue on disk, to resume after a restart (transfer-journal.ts); nowhere by default, <userData>/transfers.json in the app. */
  journal?: TransferJournal;
}

/** The tunable options with their defaults filled in and their bounds applied. */
export interface TransferSettings {
  logger: Logger;
  maxConcurrentFiles: number;
  now: () => number;
  progressIntervalMs: number;
  planTtlMs: number;
  moving: MoveSettings;
  listing: ListingSettings;
}

const MIB = 1024 * 1024;

export function transferSettings(options: TransferServiceOptions): TransferSettings {
  const logger = options.logger ?? silentLogger;
  const platform = options.platform ?? currentPlatform();
  return {
    logger,
    maxConcurrentFiles: Math.max(1, options.maxConcurrentFiles ?? 16),
    now: options.now ?? Date.now,
    progressIntervalMs: Math.max(0, options.progressIntervalMs ?? 200),
    planTtlMs: options.planTtlMs ?? 10 * 60_000,
    moving: {
      platform,
      partSize: Math.max(5 * MIB, options.partSizeBytes ?? 8 * MIB),
      queueSize: Math.max(1, options.queueSize ?? 8),
      ranged: rangedSettings(options.ranged),
      logger,
      marker: options.markOfTheWeb ?? markOfTheWeb({ logger }),
      fileSystem: options.downloadFileSystem ?? nodeDownloadFileSystem,
      resume: resumeSettings(options),
    },
    // Linux file systems tell "A" from "a"; those of Windows and macOS (by default) do not.
    listing: { platform, caseInsensitive: process.platform !== 'linux' },
  };
}

function rangedSettings(ranged: Partial<RangedSettings> = {}): RangedSettings {
  return {
    threshold: Math.max(1, ranged.threshold ?? DEFAULT_RANGED.threshold),
    // S3 answers a range of any size; under 1 MiB the requests would cost more than they bring.
    chunkSize: Math.max(MIB, ranged.chunkSize ?? DEFAULT_RANGED.chunkSize),
    streams: Math.max(1, ranged.streams ?? DEFAULT_RANGED.streams),
    fastStream: Math.max(0, ranged.fastStream ?? DEFAULT_RANGED.fastStream),
  };
}

function resumeSettings(options: TransferServiceOptions): ResumeSettings {
  const { maxAttempts, firstDelayMs, readIdleTimeoutMs } = options.downloadResume ?? {};
  return {
    maxAttempts: Math.max(1, maxAttempts ?? DEFAULT_RESUME.maxAttempts),
    backoff: { ...DEFAULT_RESUME.backoff, ...(firstDelayMs !== undefined ? { baseMs: Math.max(0, firstDelayMs) } : {}) },
    readIdleTimeoutMs: Math.max(1, readIdleTimeoutMs ?? DEFAULT_RESUME.readIdleTimeoutMs),
    now: options.now ?? DEFAULT_RESUME.now,
  };
}
