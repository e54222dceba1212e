import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A copy of the project made of exactly what packaging looks at: package.json,
 * package-lock.json, electron-builder.yml, node_modules (a symlink to the real
 * one) and out/ from a real `electron-vite build` with the real config.
 *
 * Building into a temp folder (`--outDir`) rather than the project's out/
 * keeps these tests independent of anything else that builds or reads out/
 * at the same time (other test files run in parallel), and leaves a
 * developer's out/ alone.
 */
export async function stageBuiltApp(dir: string): Promise<{ projectDir: string; outDir: string }> {
  const projectDir = join(dir, 'project');
  mkdirSync(projectDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
    if (existsSync(join(projectRoot, file))) copyFileSync(join(projectRoot, file), join(projectDir, file));
  }
  // directories.buildResources: the icon and entitlements electron-builder reads from there.
  cpSync(join(projectRoot, 'build'), join(projectDir, 'build'), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(projectDir, 'node_modules'), 'dir');

  const outDir = join(projectDir, 'out');
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  await execFileAsync(process.execPath, [electronVite, 'build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: projectRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { projectDir, outDir };
}

/** The marker @electron/fuses searches an Electron binary for; the fuse wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
const FUSE_OFF = 0x30; // '0'
const FUSE_ON = 0x31; // '1'

/**
 * The fuses a freshly downloaded Electron ships with (electron/electron
 * build/fuses/fuses.json5), in wire order — the order of @electron/fuses'
 * FuseV1Options, which (1.8.0, the copy electron-builder flips with) knows
 * these eight. They are the permissive defaults, so a packaged app that still
 * shows them was not hardened.
 */
export const ELECTRON_DEFAULT_FUSES = [
  ['RunAsNode', true],
  ['EnableCookieEncryption', false],
  ['EnableNodeOptionsEnvironmentVariable', true],
  ['EnableNodeCliInspectArguments', true],
  ['EnableEmbeddedAsarIntegrityValidation', false],
  ['OnlyLoadAppFromAsar', false],
  ['LoadBrowserProcessSpecificV8Snapshot', false],
  ['GrantFileProtocolExtraPrivileges', true],
] as const;

/**
 * A stand-in for an unpacked Electron (what electron-builder copies and
 * renames into the package): the `electron` executable — here a tiny shell
 * script —, `resources/`, `LICENSE` and `version`. Handed to electron-builder
 * as `electronDist`, it means nothing has to be downloaded.
 *
 * The script carries a fuse wire with Electron's defaults after its `exit`, so
 * electron-builder's `electronFuses` step has something real to flip (it
 * refuses a binary without the sentinel) while the shell never reads that far.
 */
export function makeStandInElectron(dir: string, version: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const executable = join(dir, 'electron');
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests: it cannot run an app" >&2\nexit 1\n');
  const wire = Buffer.from([
    ...Buffer.from(FUSE_SENTINEL, 'latin1'),
    FUSE_WIRE_VERSION,
    ELECTRON_DEFAULT_FUSES.length,
    ...ELECTRON_DEFAULT_FUSES.map(([, enabled]) => (enabled ? FUSE_ON : FUSE_OFF)),
  ]);
  writeFileSync(executable, Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron LICENSE file (packaging tests only).\n');
  writeFileSync(join(dir, 'version'), `${version}\n`);
  return dir;
}

/** Every file under dir, as forward-slash paths relative to base. */
export function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, base);
    return [relative(base, path).split(sep).join('/')];
  });
}
