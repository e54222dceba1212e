import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the Electron executable WITHOUT downloading it.
 *
 * `require('electron')` is no good for that: electron 45's index.js downloads
 * the binary (node_modules/electron/install.js) when node_modules/electron/path.txt
 * or the dist/ folder is missing, so on a machine that cannot reach GitHub it
 * hangs or throws. This mirrors index.js's lookup instead:
 *
 *   1. S3DESK_ELECTRON_PATH — an explicit executable (used by tests; also handy
 *      for a system-wide Electron);
 *   2. ELECTRON_OVERRIDE_DIST_PATH — a folder with an unpacked Electron, joined
 *      with the name from path.txt, else the platform's executable name
 *      (honoured by electron's own index.js and install.js too);
 *   3. node_modules/electron/dist/<path.txt>, where install.js unpacks it.
 */
export type ElectronLookup =
  | { found: true; path: string; source: string }
  | { found: false; looked: string; source: string };

export interface ElectronLookupOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder of the electron npm package; default: resolved from here. */
  electronPackageDir?: string;
  platform?: NodeJS.Platform;
}

/** The executable's place inside an unpacked Electron, as electron's install.js writes it to path.txt. */
export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export function electronPackageDir(): string {
  // Resolving package.json does not run index.js, so nothing is downloaded.
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

export function installedElectronVersion(packageDir = electronPackageDir()): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findElectronBinary(options: ElectronLookupOptions = {}): ElectronLookup {
  const env = options.env ?? process.env;
  const explicit = env.S3DESK_ELECTRON_PATH;
  if (explicit) {
    return isFile(explicit)
      ? { found: true, path: explicit, source: 'S3DESK_ELECTRON_PATH' }
      : { found: false, looked: explicit, source: 'S3DESK_ELECTRON_PATH' };
  }

  const packageDir = options.electronPackageDir ?? electronPackageDir();
  const pathFile = join(packageDir, 'path.txt');
  const fromPathTxt = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';

  const overrideDist = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (overrideDist) {
    const candidate = join(overrideDist, fromPathTxt || platformExecutable(options.platform ?? process.platform));
    return isFile(candidate)
      ? { found: true, path: candidate, source: 'ELECTRON_OVERRIDE_DIST_PATH' }
      : { found: false, looked: candidate, source: 'ELECTRON_OVERRIDE_DIST_PATH' };
  }

  if (!fromPathTxt) return { found: false, looked: pathFile, source: 'node_modules/electron' };
  const candidate = join(packageDir, 'dist', fromPathTxt);
  return isFile(candidate)
    ? { found: true, path: candidate, source: 'node_modules/electron' }
    : { found: false, looked: candidate, source: 'node_modules/electron' };
}

/** What `npm start` prints when there is no Electron to run. */
export function missingElectronMessage(lookup: Extract<ElectronLookup, { found: false }>, version: string): string {
  return [
    'The Electron binary is not installed on this machine, so S3 Desk cannot open a window.',
    `(Looked for it via ${lookup.source}: ${lookup.looked} does not exist.)`,
    '',
    'To get it, on a machine that can reach GitHub run',
    '    npx install-electron          (the same as: node node_modules/electron/install.js)',
    `or point ELECTRON_OVERRIDE_DIST_PATH at a folder holding an unpacked Electron ${version}`,
    '(or S3DESK_ELECTRON_PATH at the Electron executable itself), then run npm start again.',
  ].join('\n');
}
