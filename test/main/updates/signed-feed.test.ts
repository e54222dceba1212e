import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../../common/ipc/updates';
import { silentLogger } from '../../../main/shared/logger';
import { UpdateService } from '../../../main/updates/update-service';
import { createTestUpdater, manifestFor, serveFeed, signedRelease, type FeedRelease } from './helpers/loopback-feed';
import { createSigningKey, signMinisign } from './helpers/minisign-signer';

/**
 * electron-updater for real — its provider machinery, HTTP, download and
 * SHA-512 check — against a feed on loopback, with SignedFeedProvider in
 * front. Only the Electron binary is missing: the app adapter is temp folders.
 */
const RUNNING_VERSION = '1.4.0';
const releaseKey = createSigningKey();
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function checkAgainst(release: FeedRelease, { feedFolder = '/feed/' } = {}) {
  const feed = await serveFeed(release);
  cleanups.push(feed.close);
  const test = createTestUpdater(RUNNING_VERSION);
  cleanups.push(test.dispose);
  const quitAndInstall = vi.spyOn(test.updater, 'quitAndInstall').mockImplementation(() => {});
  const service = new UpdateService({
    createUpdater: () => test.updater,
    feedUrl: feed.url.replace('/feed/', feedFolder),
    policy: { updateFeedUrl: null, disableUpdates: false },
    currentVersion: RUNNING_VERSION,
    isPackaged: true,
    transfers: { isBusy: () => false, onIdle: () => () => {} },
    logger: silentLogger,
    timer: { at: () => {}, cancel: () => {} },
    releasePublicKey: releaseKey.publicKeyText,
  });
  cleanups.push(() => service.dispose());
  const states: UpdateState[] = [];
  service.onStateChanged((state) => states.push(state));
  service.start();
  await service.whenIdle();
  const downloaded = join(test.dir, 'cache', 's3-desk-updater', 'pending', release.artifactName);
  const artifactRequested = feed.requested.includes(`/feed/${release.artifactName}`);
  return { service, state: service.getState(), states, downloaded, artifactRequested, quitAndInstall };
}

function expectRefused(result: Awaited<ReturnType<typeof checkAgainst>>, detail: RegExp) {
  expect(result.state).toMatchObject({ status: 'unverified', message: 'This update could not be verified', detail: expect.stringMatching(detail) });
  expect(result.states.map((state) => state.status)).not.toContain('ready');
  expect(existsSync(result.downloaded)).toBe(false);
  expect(result.quitAndInstall).not.toHaveBeenCalled();
}

describe('updates from a signed feed (electron-updater in plain Node)', () => {
  it.each([
    ['prehashed (minisign default)', true],
    ['legacy', false],
  ])('downloads a newer update signed by the release key (%s) and says it is ready', async (_mode, prehashed) => {
    const release = signedRelease('1.5.0', releaseKey, undefined, { prehashed });
    const result = await checkAgainst(release);
    expect(result.states.map((state) => state.status)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(result.state).toEqual({ status: 'ready', version: '1.5.0', waitingForTransfers: false });
    expect(readFileSync(result.downloaded)).toEqual(release.artifact);
    // Installing is the person's decision.
    expect(result.quitAndInstall).not.toHaveBeenCalled();
  });

  it('refuses an unsigned manifest before downloading anything', async () => {
    const result = await checkAgainst({ ...signedRelease('1.5.0', releaseKey), signature: null });
    expectRefused(result, /without a signature/);
    expect(result.artifactRequested).toBe(false);
  });

  it('refuses a manifest changed after signing (bad signature) before downloading anything', async () => {
    const release = signedRelease('1.5.0', releaseKey);
    const evil = Buffer.from('evil installer');
    const result = await checkAgainst({ ...release, manifest: manifestFor('1.5.0', release.artifactName, evil), artifact: evil });
    expectRefused(result, /signature does not match/);
    expect(result.artifactRequested).toBe(false);
  });

  it('refuses a manifest signed by another key before downloading anything', async () => {
    const result = await checkAgainst(signedRelease('1.5.0', createSigningKey()));
    expectRefused(result, /not signed with the S3 Desk release key/);
    expect(result.artifactRequested).toBe(false);
  });

  it('refuses a signature file that is not minisign', async () => {
    const result = await checkAgainst({ ...signedRelease('1.5.0', releaseKey), signature: '<html>moved</html>' });
    expectRefused(result, /could not be read/);
    expect(result.artifactRequested).toBe(false);
  });

  it('refuses a tampered artifact: its SHA-512 is not the one the signed manifest names', async () => {
    const release = signedRelease('1.5.0', releaseKey);
    const tampered = Buffer.from(release.artifact);
    tampered[100] = tampered[100]! ^ 0xff;
    const result = await checkAgainst({ ...release, artifact: tampered });
    expectRefused(result, /does not match the signed update/);
    expect(result.artifactRequested).toBe(true);
  });

  it('refuses an older version, even properly signed (never a downgrade)', async () => {
    const result = await checkAgainst(signedRelease('1.3.9', releaseKey));
    expectRefused(result, /offered version 1\.3\.9, older than this one \(1\.4\.0\)/);
    expect(result.artifactRequested).toBe(false);
  });

  it('reports the running version offered again as up to date, downloading nothing', async () => {
    const result = await checkAgainst(signedRelease(RUNNING_VERSION, releaseKey));
    expect(result.state).toMatchObject({ status: 'up-to-date', currentVersion: RUNNING_VERSION });
    expect(result.artifactRequested).toBe(false);
  });

  it('refuses a signed manifest that is not an update description', async () => {
    const manifest = 'just: some yaml\n';
    const result = await checkAgainst({ ...signedRelease('1.5.0', releaseKey), manifest, signature: signMinisign(Buffer.from(manifest), releaseKey) });
    expectRefused(result, /could not be read/);
  });

  it('refuses an empty manifest', async () => {
    const result = await checkAgainst({ manifest: '', signature: null, artifactName: 'none.deb', artifact: Buffer.alloc(0) });
    expectRefused(result, /empty update description/);
  });

  it('reports a feed without a manifest as an error to retry later, not as a refusal', async () => {
    const result = await checkAgainst(signedRelease('1.5.0', releaseKey), { feedFolder: '/nothing-here/' });
    expect(result.state).toMatchObject({ status: 'error', message: expect.stringMatching(/try again later/) });
    expect(result.artifactRequested).toBe(false);
  });
});
