import { silentLogger, type Logger } from '../shared/logger';
import type { SessionClients } from '../aws/session-clients';
import type { ListingSettings } from './download-listing';
import { currentPlatform, type PathPlatform } from './local-path';
import type { MoveSettings } from './move-file';

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
  /** Files moving at once, across all jobs. */
  maxConcurrentFiles?: number;
  /** Multipart part size for uploads (at least 5 MiB, S3's minimum). */
  partSizeBytes?: number;
  /** Parts of one file in flight at once. */
  queueSize?: number;
  /** Wall-clock ms, for timestamps and speeds. */
  now?: () => number;
  /** How local names are made safe; this computer's rules by default. */
  platform?: PathPlatform;
  /** How long a plan waits for startUpload. */
  planTtlMs?: number;
}

/** The tunable options with their defaults filled in and their bounds applied. */
export interface TransferSettings {
  logger: Logger;
  maxConcurrentFiles: number;
  now: () => number;
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
    maxConcurrentFiles: Math.max(1, options.maxConcurrentFiles ?? 4),
    now: options.now ?? Date.now,
    planTtlMs: options.planTtlMs ?? 10 * 60_000,
    moving: {
      platform,
      partSize: Math.max(5 * MIB, options.partSizeBytes ?? 8 * MIB),
      queueSize: Math.max(1, options.queueSize ?? 4),
      logger,
    },
    // Linux file systems tell "A" from "a"; those of Windows and macOS (by default) do not.
    listing: { platform, caseInsensitive: process.platform !== 'linux' },
  };
}
