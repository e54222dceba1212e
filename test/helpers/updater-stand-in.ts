import { EventEmitter } from 'node:events';
import type { SignedFeedOptions } from '../../main/updates/signed-feed-provider';
import type { UpdateCheck, UpdaterLogger, UpdaterPort } from '../../main/updates/updater-port';

/**
 * What every stand-in for electron-updater's updater shares: the switches
 * UpdateService sets (left at electron-updater's defaults, so a test sees
 * UpdateService change them) and the feed it was given. Subclasses decide
 * how checks and installs behave.
 */
export abstract class UpdaterStandIn extends EventEmitter implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  disableWebInstaller = false;
  logger: UpdaterLogger | null = null;
  feed: SignedFeedOptions | null = null;

  setFeedURL(options: SignedFeedOptions): void {
    this.feed = options;
  }

  abstract checkForUpdates(): Promise<UpdateCheck | null>;
  abstract quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}
