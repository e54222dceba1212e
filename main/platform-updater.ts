import { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater } from 'electron-updater';
import type { UpdaterPort } from './updates/updater-port';

/**
 * The electron-updater updater for how this copy was installed: an AppImage
 * replaces itself, a deb is reinstalled through the package manager, NSIS
 * and macOS use their installers. Built only when updates are on.
 */
export function createPlatformUpdater(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): UpdaterPort {
  if (platform === 'darwin') return new MacUpdater();
  if (platform === 'win32') return new NsisUpdater();
  return env.APPIMAGE ? new AppImageUpdater() : new DebUpdater();
}
