/**
 * `npm start` on a machine without the Electron binary (like the build
 * machines): it starts the local stack, finds no Electron — without trying to
 * download one —, says so plainly, stops the stack again and exits 1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary, missingElectronMessage, platformExecutable } from '../../scripts/electron-binary';
import { projectRoot } from './staged-app';

const temp = mkdtempSync(join(tmpdir(), 's3desk-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function runStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start without an Electron binary', () => {
  it('starts the stack, explains plainly that there is no Electron, stops the stack and exits 1', async () => {
    const stackDir = join(temp, 'stack');
    const result = await runStart({
      S3DESK_ELECTRON_PATH: join(temp, 'no-such-electron'),
      STACK_DIR: stackDir,
      STACK_BACKEND_PORT: '0',
      STACK_AWS_PORT: '0',
      S3DESK_START_QUIET: '1',
    });

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('The Electron binary is not installed on this machine, so S3 Desk cannot open a window.');
    expect(result.stderr).toContain('npx install-electron');
    expect(result.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(result.stderr).toContain(join(temp, 'no-such-electron'));
    expect(result.stderr).not.toMatch(/Downloading Electron/i);

    // The stack really ran …
    expect(result.stdout).toContain('Local stack started.');
    expect(existsSync(join(stackDir, 'state.json'))).toBe(true);
    // … and was stopped: stack.json is gone and its backend no longer answers.
    expect(existsSync(join(stackDir, 'stack.json'))).toBe(false);
    const backendUrl = /backend\s+(http:\/\/\S+)/.exec(result.stdout)?.[1];
    expect(backendUrl).toBeDefined();
    await expect(fetch(`${backendUrl}/v1/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  }, 60_000);
});

describe('finding the Electron binary without downloading it', () => {
  const fakePackage = (name: string, pathTxt?: string, withBinary = false) => {
    const dir = join(temp, name);
    mkdirSync(join(dir, 'dist'), { recursive: true });
    if (pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), pathTxt);
    if (withBinary && pathTxt) writeFileSync(join(dir, 'dist', pathTxt), '#!/bin/sh\n');
    return dir;
  };

  it('reports node_modules/electron/path.txt missing when the binary was never downloaded', () => {
    const lookup = findElectronBinary({ env: {}, electronPackageDir: fakePackage('never-downloaded') });
    expect(lookup).toEqual({ found: false, source: 'node_modules/electron', looked: join(temp, 'never-downloaded', 'path.txt') });
    if (!lookup.found) expect(missingElectronMessage(lookup, '45.4.1')).toContain('Electron 45.4.1');
  });

  it('uses node_modules/electron/dist/<path.txt> once it is there', () => {
    const dir = fakePackage('downloaded', 'electron', true);
    expect(findElectronBinary({ env: {}, electronPackageDir: dir })).toEqual({ found: true, source: 'node_modules/electron', path: join(dir, 'dist', 'electron') });
    const half = fakePackage('half-downloaded', 'electron', false);
    expect(findElectronBinary({ env: {}, electronPackageDir: half })).toMatchObject({ found: false });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself, and S3DESK_ELECTRON_PATH first', () => {
    const dist = join(temp, 'override-dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, platformExecutable(process.platform)), '#!/bin/sh\n');
    const packageDir = fakePackage('override-package');
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, electronPackageDir: packageDir })).toEqual({
      found: true,
      source: 'ELECTRON_OVERRIDE_DIST_PATH',
      path: join(dist, platformExecutable(process.platform)),
    });
    const explicit = join(dist, platformExecutable(process.platform));
    expect(
      findElectronBinary({ env: { S3DESK_ELECTRON_PATH: join(temp, 'missing'), ELECTRON_OVERRIDE_DIST_PATH: dist }, electronPackageDir: packageDir }),
    ).toMatchObject({ found: false, source: 'S3DESK_ELECTRON_PATH' });
    expect(findElectronBinary({ env: { S3DESK_ELECTRON_PATH: explicit }, electronPackageDir: packageDir })).toMatchObject({ found: true, path: explicit });
  });
});
