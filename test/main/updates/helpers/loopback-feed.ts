import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import { signMinisign, type SignOptions, type TestSigningKey } from './minisign-signer';

/** A release as the feed folder holds it: the channel manifest, its signature, the installer. */
export interface FeedRelease {
  manifest: string;
  /** null: no .minisig on the server. */
  signature: string | null;
  artifactName: string;
  /** What the server sends for the artifact (may differ from what the manifest's SHA-512 names). */
  artifact: Buffer;
}

export function sha512Base64(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

export function manifestFor(version: string, artifactName: string, artifact: Buffer): string {
  const sha512 = sha512Base64(artifact);
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${artifactName}`,
    `    sha512: ${sha512}`,
    `    size: ${artifact.length}`,
    `path: ${artifactName}`,
    `sha512: ${sha512}`,
    "releaseDate: '2025-06-01T12:00:00.000Z'",
    '',
  ].join('\n');
}

/** A signed release of `version` whose manifest binds `artifact`. */
export function signedRelease(version: string, key: TestSigningKey, artifact = Buffer.from(`installer of ${version}\n`.repeat(5000)), options?: SignOptions): FeedRelease {
  const artifactName = `s3-desk_${version}_amd64.deb`;
  const manifest = manifestFor(version, artifactName, artifact);
  return { manifest, signature: signMinisign(Buffer.from(manifest), key, options), artifactName, artifact };
}

export interface LoopbackFeed {
  /** The feed folder's address. */
  url: string;
  /** Paths requested so far, without the query: shows what was (not) downloaded. */
  requested: string[];
  close(): Promise<void>;
}

/**
 * A feed folder on loopback. Whatever channel file electron-updater asks for
 * (latest-linux.yml, latest-linux-arm64.yml…) gets this release's manifest,
 * so the tests hold on any architecture.
 */
export async function serveFeed(release: FeedRelease): Promise<LoopbackFeed> {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://feed').pathname;
    requested.push(path);
    const body = path.endsWith('.yml')
      ? release.manifest
      : path.endsWith('.yml.minisig')
        ? release.signature
        : path === `/feed/${release.artifactName}`
          ? release.artifact
          : null;
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed/`,
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * electron-updater's own HTTP executor (its download and checksum code),
 * sending through node:http instead of Electron's net module. builder-util's
 * NodeHttpExecutor lacks the download() the updaters call, and would route
 * loopback through an http_proxy from the environment.
 */
class LoopbackHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    return request(options, callback) as unknown as Electron.ClientRequest;
  }
}

export interface TestUpdater {
  updater: DebUpdater;
  /** Where the updater keeps downloads (and its staging id). */
  dir: string;
  dispose(): void;
}

/**
 * A real electron-updater updater (the deb one: it needs no AppImage
 * environment) on an app adapter of temp folders — no Electron binary.
 */
export function createTestUpdater(currentVersion: string): TestUpdater {
  const dir = mkdtempSync(join(tmpdir(), 's3desk-updater-'));
  // What electron-builder writes into resources/ when the build has a publish setting.
  const appUpdateConfigPath = join(dir, 'app-update.yml');
  writeFileSync(appUpdateConfigPath, 'updaterCacheDirName: s3-desk-updater\n');
  const app: AppAdapter = {
    version: currentVersion,
    name: 'S3 Desk',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {
      throw new Error('tests never relaunch');
    },
    quit: () => {
      throw new Error('tests never quit');
    },
    onQuit: () => {},
  };
  const updater = new DebUpdater(null, app);
  // Must be set before setFeedURL, which hands the executor to the provider.
  (updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new LoopbackHttpExecutor();
  return { updater, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
