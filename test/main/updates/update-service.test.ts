import { describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../../common/ipc/updates';
import type { Logger } from '../../../main/shared/logger';
import { RELEASE_PUBLIC_KEY } from '../../../main/updates/release-key';
import { SignedFeedProvider } from '../../../main/updates/signed-feed-provider';
import { UpdateRefusedError } from '../../../main/updates/update-refusal';
import { DEFAULT_CHECK_INTERVAL_MS, UpdateService, type UpdateServiceOptions } from '../../../main/updates/update-service';
import type { UpdateCheck } from '../../../main/updates/updater-port';
import { UpdaterStandIn } from '../../helpers/updater-stand-in';

/** An updater whose every check the test answers by hand. */
class FakeUpdater extends UpdaterStandIn {
  readonly checks: Array<{ resolve: (check: UpdateCheck | null) => void; reject: (error: unknown) => void }> = [];
  readonly quitAndInstall = vi.fn<(isSilent?: boolean, isForceRunAfter?: boolean) => void>();

  checkForUpdates(): Promise<UpdateCheck | null> {
    return new Promise((resolve, reject) => this.checks.push({ resolve, reject }));
  }

  /** Answers the latest check. */
  answer(check: UpdateCheck | null | Error): void {
    const pending = this.checks.at(-1)!;
    if (check instanceof Error) pending.reject(check);
    else pending.resolve(check);
  }
}

/** Fires the scheduled check when the test says so. */
class ManualTimer {
  deadline: number | null = null;
  private callback: (() => void) | null = null;

  at(deadline: number, callback: () => void): void {
    this.deadline = deadline;
    this.callback = callback;
  }

  cancel(): void {
    this.deadline = null;
    this.callback = null;
  }

  fire(): void {
    const callback = this.callback;
    this.cancel();
    callback?.();
  }
}

class FakeTransfers {
  busy = false;
  private readonly listeners = new Set<() => void>();
  readonly unsubscribed = vi.fn();

  isBusy = () => this.busy;

  onIdle = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.unsubscribed();
      this.listeners.delete(listener);
    };
  };

  /** Emits 'idle' as TransferService would; `stillBusy` plays a transfer that started meanwhile. */
  finish({ stillBusy = false } = {}): void {
    this.busy = stillBusy;
    for (const listener of [...this.listeners]) listener();
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

const NOW = Date.parse('2025-06-01T10:00:00.000Z');
const FEED = 'https://updates.example.com/s3desk/';

function setup(overrides: Partial<UpdateServiceOptions> = {}) {
  const updater = new FakeUpdater();
  const timer = new ManualTimer();
  const transfers = new FakeTransfers();
  const lines: string[] = [];
  const logger: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
  const createUpdater = vi.fn(() => updater);
  const service = new UpdateService({
    createUpdater,
    feedUrl: FEED,
    policy: { updateFeedUrl: null, disableUpdates: false },
    currentVersion: '1.4.0',
    isPackaged: true,
    transfers,
    logger,
    timer,
    now: () => NOW,
    ...overrides,
  });
  const states: UpdateState[] = [];
  service.onStateChanged((state) => states.push(state));
  return { service, updater, timer, transfers, lines, states, createUpdater };
}

/** Lets the service's promise chain run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readyService(overrides: Partial<UpdateServiceOptions> = {}) {
  const parts = setup(overrides);
  parts.service.start();
  parts.updater.answer({ isUpdateAvailable: true, updateInfo: { version: '1.5.0' }, downloadPromise: Promise.resolve(['/cache/s3-desk.deb']) });
  await parts.service.whenIdle();
  expect(parts.service.getState()).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: false });
  return parts;
}

describe('UpdateService', () => {
  describe('when updates are off', () => {
    it.each([
      ['an unpackaged (development) run', { isPackaged: false }, /development/],
      ['the organisation’s policy', { policy: { updateFeedUrl: FEED, disableUpdates: true } }, /organisation/],
      ['a build without a feed', { feedUrl: null }, /no update feed/],
      ['a feed that is not https', { feedUrl: 'http://updates.example.com/' }, /https/],
    ])('is disabled by %s and never builds an updater', (_case, overrides, reason) => {
      const { service, createUpdater, timer } = setup(overrides as Partial<UpdateServiceOptions>);
      service.start();
      expect(service.checkNow()).toEqual({ status: 'disabled', reason: expect.stringMatching(reason) });
      expect(createUpdater).not.toHaveBeenCalled();
      expect(timer.deadline).toBeNull();
    });

    it('is disabled when the updater does not run in this installation (checkForUpdates gives null)', async () => {
      const { service, updater, timer } = setup();
      service.start();
      updater.answer(null);
      await service.whenIdle();
      expect(service.getState().status).toBe('disabled');
      expect(timer.deadline).toBeNull();
    });

    it('is disabled, not crashed, when the updater cannot be built', () => {
      const { service } = setup({ createUpdater: () => { throw new Error('App version is not a valid semver version'); } });
      service.start();
      expect(service.getState()).toEqual({ status: 'disabled', reason: expect.any(String) });
    });
  });

  describe('configuring electron-updater', () => {
    it('points it at the build’s feed through the signed provider with the compiled-in release key', () => {
      const { service, updater } = setup();
      service.start();
      expect(updater.feed).toMatchObject({ provider: 'custom', url: FEED, releasePublicKey: RELEASE_PUBLIC_KEY });
      expect(updater.feed?.updateProvider).toBe(SignedFeedProvider);
    });

    it('uses the policy’s feed instead of the build’s', () => {
      const { service, updater } = setup({ policy: { updateFeedUrl: 'https://mirror.corp.example/s3desk/', disableUpdates: false } });
      service.start();
      expect(updater.feed?.url).toBe('https://mirror.corp.example/s3desk/');
    });

    it('downloads automatically (only verified manifests get that far), never downgrades, never installs on quit by itself', () => {
      const { service, updater } = setup();
      service.start();
      expect(updater).toMatchObject({ autoDownload: true, allowDowngrade: false, autoInstallOnAppQuit: false, disableWebInstaller: true });
    });
  });

  describe('checking', () => {
    it('checks at start and then every four hours, after failures too', async () => {
      const { service, updater, timer } = setup();
      service.start();
      expect(updater.checks).toHaveLength(1);
      expect(service.getState()).toEqual({ status: 'checking' });
      updater.answer({ isUpdateAvailable: false, updateInfo: { version: '1.4.0' } });
      await service.whenIdle();
      expect(service.getState()).toEqual({ status: 'up-to-date', currentVersion: '1.4.0', checkedAt: '2025-06-01T10:00:00.000Z' });
      expect(timer.deadline).toBe(NOW + DEFAULT_CHECK_INTERVAL_MS);
      expect(DEFAULT_CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);

      timer.fire();
      expect(updater.checks).toHaveLength(2);
      updater.answer(new Error('getaddrinfo ENOTFOUND updates.example.com'));
      await service.whenIdle();
      expect(service.getState()).toMatchObject({ status: 'error', message: expect.stringMatching(/try again later/) });
      expect(timer.deadline).toBe(NOW + DEFAULT_CHECK_INTERVAL_MS);

      timer.fire();
      expect(updater.checks).toHaveLength(3);
    });

    it('does not start a second check while one runs', () => {
      const { service, updater } = setup();
      service.start();
      expect(service.checkNow()).toEqual({ status: 'checking' });
      expect(updater.checks).toHaveLength(1);
    });

    it('shows a refusal as “could not be verified” with its detail, and keeps checking', async () => {
      const { service, updater, timer } = setup();
      service.start();
      updater.answer(new UpdateRefusedError('other-key', 'The update was not signed with the S3 Desk release key.'));
      await service.whenIdle();
      expect(service.getState()).toEqual({
        status: 'unverified',
        message: 'This update could not be verified',
        detail: 'The update was not signed with the S3 Desk release key.',
        checkedAt: '2025-06-01T10:00:00.000Z',
      });
      expect(timer.deadline).not.toBeNull();
    });

    it('reports download progress, then ready, and stops checking once an update waits', async () => {
      const { service, updater, timer, states } = setup();
      service.start();
      let finishDownload!: () => void;
      updater.answer({ isUpdateAvailable: true, updateInfo: { version: '1.5.0' }, downloadPromise: new Promise<void>((resolve) => (finishDownload = resolve)) });
      await settle();
      expect(service.getState()).toEqual({ status: 'downloading', version: '1.5.0', percent: null });
      updater.emit('download-progress', { percent: 41.7 });
      updater.emit('download-progress', { percent: 41.9 });
      expect(service.getState()).toEqual({ status: 'downloading', version: '1.5.0', percent: 41 });
      finishDownload();
      await service.whenIdle();
      expect(service.getState()).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: false });
      expect(states.filter((state) => state.status === 'downloading')).toHaveLength(2);
      expect(timer.deadline).toBeNull();
      expect(service.checkNow().status).toBe('ready');
      expect(updater.checks).toHaveLength(1);
    });

    it('keeps credentials in a feed address out of the log and out of every state', async () => {
      const feed = 'https://deploy:hunter2@updates.example.com/s3desk/';
      const { service, updater, lines, states } = setup({ feedUrl: feed });
      service.start();
      updater.logger?.info(`Downloading update from ${feed}s3-desk.deb`);
      updater.answer(new Error(`Cannot download "${feed}latest-linux.yml", status 500`));
      await service.whenIdle();
      expect(lines.join('\n')).not.toContain('hunter2');
      expect(JSON.stringify(states)).not.toContain('hunter2');
      expect(JSON.stringify(states)).not.toContain('updates.example.com');
    });
  });

  describe('installing', () => {
    it('does nothing unless an update is ready', () => {
      const { service, updater } = setup();
      service.start();
      expect(service.install()).toEqual({ status: 'checking' });
      expect(updater.quitAndInstall).not.toHaveBeenCalled();
    });

    it('restarts into the update at once when no transfer runs', async () => {
      const { service, updater } = await readyService();
      service.install();
      expect(updater.quitAndInstall).toHaveBeenCalledOnce();
      expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
    });

    it('waits for running transfers to finish, then restarts', async () => {
      const { service, updater, transfers } = await readyService();
      transfers.busy = true;
      expect(service.install()).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: true });
      expect(service.install()).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: true });
      expect(transfers.subscribers).toBe(1);
      expect(updater.quitAndInstall).not.toHaveBeenCalled();

      // Idle announced, but another transfer started meanwhile: still no restart.
      transfers.finish({ stillBusy: true });
      expect(updater.quitAndInstall).not.toHaveBeenCalled();

      transfers.finish();
      expect(updater.quitAndInstall).toHaveBeenCalledOnce();
      expect(transfers.unsubscribed).toHaveBeenCalledOnce();
      expect(service.getState()).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: false });
    });

    it('reports an install the updater could not start, and checks again later', async () => {
      const { service, updater, timer } = await readyService();
      service.install();
      updater.emit('error', new Error('Neither dpkg nor apt command found'));
      expect(service.getState()).toMatchObject({ status: 'error', message: expect.stringMatching(/could not be installed/) });
      expect(timer.deadline).not.toBeNull();
    });

    it('stops waiting for transfers when disposed', async () => {
      const { service, updater, transfers } = await readyService();
      transfers.busy = true;
      service.install();
      service.dispose();
      transfers.finish();
      expect(updater.quitAndInstall).not.toHaveBeenCalled();
      expect(updater.listenerCount('download-progress')).toBe(0);
    });
  });
});
