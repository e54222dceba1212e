import { UPDATE_NOT_VERIFIED_MESSAGE, type UpdateState } from '../../common/ipc/updates';
import { Emitter } from '../shared/emitter';
import { describeError, type Logger } from '../shared/logger';
import { WallClockTimer } from '../shared/wall-clock-timer';
import { describeFeed, feedUrlProblem, withoutUrlCredentials } from './feed-url';
import { RELEASE_PUBLIC_KEY } from './release-key';
import { signedFeedOptions } from './signed-feed-provider';
import { refusalOf } from './update-refusal';
import type { CheckTimer, TransferActivity, UpdaterLogger, UpdaterPort } from './updater-port';

export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The organisation's say over updates (the two fields of main/session/policy's Policy). */
export interface UpdatePolicy {
  updateFeedUrl: string | null;
  disableUpdates: boolean;
}

export interface UpdateServiceOptions {
  /** Builds the platform's updater; called once, by start(), and only when updates are enabled. */
  createUpdater: () => UpdaterPort;
  /** The feed built into this release; null when it was built without one. */
  feedUrl: string | null;
  policy: UpdatePolicy;
  /** The running app's version (app.getVersion()). */
  currentVersion: string;
  /** app.isPackaged: a development run never updates itself. */
  isPackaged: boolean;
  transfers: TransferActivity;
  logger: Logger;
  /** Default 4 hours. */
  checkIntervalMs?: number;
  /** Default: a WallClockTimer, so a check due during sleep runs soon after waking. */
  timer?: CheckTimer;
  now?: () => number;
  /**
   * Tests only: the key whose signature is required. Production leaves it
   * out and gets the compiled-in release key; neither the feed nor the policy
   * can change it.
   */
  releasePublicKey?: string;
}

/**
 * Keeps S3 Desk up to date: checks the feed at start and every few hours,
 * downloads an update only after its manifest's signature was verified (see
 * SignedFeedProvider), says when it is ready, and restarts into it only when
 * the person asks — and then not while transfers run.
 */
export class UpdateService {
  private state: UpdateState;
  private readonly changes: Emitter<UpdateState>;
  private readonly timer: CheckTimer;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly feedUrl: string | null;
  private updater: UpdaterPort | null = null;
  private checking: Promise<void> | null = null;
  private stopWaitingForTransfers: (() => void) | null = null;
  private installRequested = false;
  private disposed = false;

  constructor(private readonly options: UpdateServiceOptions) {
    this.changes = new Emitter(options.logger, 'an update state');
    this.timer = options.timer ?? new WallClockTimer();
    this.now = options.now ?? Date.now;
    this.intervalMs = options.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
    this.feedUrl = options.policy.updateFeedUrl ?? options.feedUrl;
    const reason = this.disabledReason();
    this.state = reason === null ? { status: 'idle' } : { status: 'disabled', reason };
  }

  /** Sets up the updater and runs the first check; the next ones follow every few hours. */
  start(): void {
    if (this.state.status !== 'idle' || this.updater || this.disposed) return;
    const feedUrl = this.feedUrl as string;
    try {
      this.updater = this.configure(this.options.createUpdater(), feedUrl);
    } catch (error) {
      this.options.logger.error(`Updates: could not set up the updater: ${describeError(error)}`);
      this.setState({ status: 'disabled', reason: 'This copy of S3 Desk cannot update itself.' });
      return;
    }
    this.options.logger.info(`Updates: checking ${describeFeed(feedUrl)} at start and every ${Math.round(this.intervalMs / 60_000)} minutes.`);
    void this.check();
  }

  /** Starts a check unless one is running or there is nothing to check for; returns the state right after. */
  checkNow(): UpdateState {
    void this.check();
    return this.state;
  }

  /** Settles when the running check (and its download) has finished; for tests and orderly shutdown. */
  whenIdle(): Promise<void> {
    return this.checking ?? Promise.resolve();
  }

  /**
   * Restarts into the ready update. While transfers run it only remembers the
   * wish (ready, waitingForTransfers) and restarts when the last one finishes.
   */
  install(): UpdateState {
    const state = this.state;
    if (state.status !== 'ready' || !this.updater) return state;
    if (!this.options.transfers.isBusy()) {
      this.quitAndInstall(state.version);
      return this.state;
    }
    if (!this.stopWaitingForTransfers) {
      this.stopWaitingForTransfers = this.options.transfers.onIdle(() => this.installOnceIdle());
      this.options.logger.info(`Updates: version ${state.version} will be installed when the running transfers finish.`);
    }
    this.setState({ ...state, waitingForTransfers: true });
    return this.state;
  }

  getState(): UpdateState {
    return this.state;
  }

  onStateChanged(listener: (state: UpdateState) => void): () => void {
    return this.changes.on(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.timer.cancel();
    this.stopWaitingForTransfers?.();
    this.stopWaitingForTransfers = null;
    this.updater?.removeListener('download-progress', this.onProgress);
    this.updater?.removeListener('error', this.onUpdaterError);
    this.changes.clear();
  }

  private disabledReason(): string | null {
    const { policy, isPackaged } = this.options;
    if (policy.disableUpdates) return 'Your organisation turned automatic updates off.';
    if (!isPackaged) return 'Updates are off in development builds.';
    if (this.feedUrl === null) return 'This build of S3 Desk has no update feed.';
    return feedUrlProblem(this.feedUrl);
  }

  private configure(updater: UpdaterPort, feedUrl: string): UpdaterPort {
    updater.logger = updaterLogger(this.options.logger);
    // Safe because the provider verifies the manifest before electron-updater sees it: only a verified update is downloaded.
    updater.autoDownload = true;
    // Installing is the person's decision ('restart to install'); an install slipped into quitting
    // would also ask for an administrator password (deb, per-machine NSIS) at an unexpected moment.
    // The downloaded file stays cached, so the next launch offers it again at once.
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    // A web installer fetches its payload later, outside the SHA-512 the signed manifest binds.
    updater.disableWebInstaller = true;
    updater.setFeedURL(signedFeedOptions(feedUrl, this.options.releasePublicKey ?? RELEASE_PUBLIC_KEY));
    updater.on('download-progress', this.onProgress);
    updater.on('error', this.onUpdaterError);
    return updater;
  }

  private check(): Promise<void> {
    const status = this.state.status;
    if (this.checking || !this.updater || this.disposed || status === 'ready' || status === 'disabled') return this.whenIdle();
    this.timer.cancel();
    this.checking = this.runCheck(this.updater).finally(() => {
      this.checking = null;
      this.scheduleNext();
    });
    return this.checking;
  }

  private async runCheck(updater: UpdaterPort): Promise<void> {
    this.setState({ status: 'checking' });
    try {
      const check = await updater.checkForUpdates();
      if (!check) {
        this.setState({ status: 'disabled', reason: 'This installation of S3 Desk is updated by its package manager or your administrator.' });
        return;
      }
      if (!check.isUpdateAvailable) {
        this.setState({ status: 'up-to-date', currentVersion: this.options.currentVersion, checkedAt: this.isoNow() });
        return;
      }
      const version = check.updateInfo.version;
      if (!check.downloadPromise) throw new Error('The updater did not start downloading the update.');
      this.setState({ status: 'downloading', version, percent: null });
      await check.downloadPromise;
      this.options.logger.info(`Updates: version ${version} is downloaded and verified; ready to install.`);
      this.setState({ status: 'ready', version, waitingForTransfers: false });
    } catch (error) {
      this.onCheckFailed(error);
    }
  }

  private onCheckFailed(error: unknown): void {
    const refusal = refusalOf(error);
    if (refusal) {
      this.options.logger.warn(`Updates: ${refusal.message}`);
      this.setState({ status: 'unverified', message: UPDATE_NOT_VERIFIED_MESSAGE, detail: refusal.detail, checkedAt: this.isoNow() });
      return;
    }
    this.options.logger.warn(`Updates: the check failed: ${withoutUrlCredentials(describeError(error))}`);
    this.setState({ status: 'error', message: 'Could not check for updates. S3 Desk will try again later.', checkedAt: this.isoNow() });
  }

  private scheduleNext(): void {
    const status = this.state.status;
    if (this.disposed || status === 'ready' || status === 'disabled') return;
    this.timer.at(this.now() + this.intervalMs, () => void this.check());
  }

  private installOnceIdle(): void {
    // onIdle may fire and a new transfer start before this runs: ask again.
    if (this.options.transfers.isBusy()) return;
    this.stopWaitingForTransfers?.();
    this.stopWaitingForTransfers = null;
    if (this.state.status === 'ready') this.quitAndInstall(this.state.version);
  }

  private quitAndInstall(version: string): void {
    this.options.logger.info(`Updates: restarting to install version ${version}.`);
    this.installRequested = true;
    this.setState({ status: 'ready', version, waitingForTransfers: false });
    try {
      // Silent (Windows): the person already said yes; relaunch afterwards so 'restart' means restart.
      this.updater?.quitAndInstall(true, true);
    } catch (error) {
      this.onInstallFailed(error);
    }
  }

  private readonly onProgress = (progress: { percent: number }): void => {
    if (this.state.status !== 'downloading') return;
    const percent = Math.max(0, Math.min(100, Math.floor(progress.percent)));
    if (percent !== this.state.percent) this.setState({ ...this.state, percent });
  };

  /** electron-updater reports a failed install only as an 'error' event; check and download failures arrive through their promises. */
  private readonly onUpdaterError = (error: Error): void => {
    if (this.installRequested) this.onInstallFailed(error);
  };

  private onInstallFailed(error: unknown): void {
    this.installRequested = false;
    this.options.logger.error(`Updates: the update could not be installed: ${withoutUrlCredentials(describeError(error))}`);
    this.setState({ status: 'error', message: 'The update could not be installed. Try again, or download S3 Desk again from your organisation.', checkedAt: this.isoNow() });
    // The downloaded file is still cached: the next check finds it and offers it again.
    this.scheduleNext();
  }

  private setState(state: UpdateState): void {
    this.state = state;
    this.changes.emit(state);
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/** electron-updater logs whole errors and download addresses; they go through our (redacting) logger without credentials. */
function updaterLogger(logger: Logger): UpdaterLogger {
  const text = (message: unknown) => `electron-updater: ${withoutUrlCredentials(message instanceof Error ? describeError(message) : String(message))}`;
  return {
    info: (message) => logger.info(text(message)),
    warn: (message) => logger.warn(text(message)),
    error: (message) => logger.error(text(message)),
  };
}
