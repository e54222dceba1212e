import type { SignedFeedOptions } from './signed-feed-provider';

/**
 * The part of electron-updater's AppUpdater that UpdateService uses. The
 * composition root passes the platform's real updater (AppImageUpdater,
 * DebUpdater, NsisUpdater, MacUpdater); tests pass one built on a plain-Node
 * AppAdapter, or a fake.
 */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  disableWebInstaller: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: SignedFeedOptions): void;
  /** null when the updater is inactive here (e.g. not run from an AppImage). */
  checkForUpdates(): Promise<UpdateCheck | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateCheck {
  isUpdateAvailable: boolean;
  updateInfo: { version: string };
  /** With autoDownload: settles when the (verified) update is downloaded and its SHA-512 checked. */
  downloadPromise?: Promise<unknown> | null;
}

export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/** Running transfers, as UpdateService needs to know them: a restart would cut them off. */
export interface TransferActivity {
  isBusy(): boolean;
  /** Calls the listener whenever the last transfer has finished; returns the function that unsubscribes. */
  onIdle(listener: () => void): () => void;
}

/** When the next scheduled check runs. WallClockTimer fits; tests pass a hand-driven one. */
export interface CheckTimer {
  /** Replaces any earlier schedule; deadline in wall-clock ms. */
  at(deadline: number, callback: () => void): void;
  cancel(): void;
}
