/**
 * scripts/release/sign-release.sh, the release workflow's signing step, with
 * throw-away minisign keys: it signs SHA256SUMS and the three update manifests
 * so that they verify, and fails loudly — rather than publishing something no
 * client accepts — when the key is missing or is not the committed one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../packaging/staged-app';

const execFileAsync = promisify(execFile);
const script = join(projectRoot, 'scripts', 'release', 'sign-release.sh');

function hasMinisign(): boolean {
  try {
    execFileSync('minisign', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skipReason = process.platform === 'win32' ? 'bash script' : hasMinisign() ? '' : 'minisign is not installed (apt-get install minisign)';

describe.skipIf(skipReason !== '')(`sign-release.sh${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let work: string;
  const keys = (name: string) => ({ publicKey: join(work, `${name}.pub`), secretKey: join(work, `${name}.key`) });

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 's3desk-sign-'));
    for (const name of ['trusted', 'other']) {
      const { publicKey, secretKey } = keys(name);
      // -W: no password, the way the release key is made for CI (RELEASING.md).
      execFileSync('minisign', ['-G', '-W', '-p', publicKey, '-s', secretKey], { stdio: 'ignore' });
    }
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function releaseFolder(name: string, files = ['latest.yml', 'latest-mac.yml', 'latest-linux.yml', 's3-desk-1.0.0-win-x64.exe', 's3-desk-1.0.0-win-x64.exe.blockmap', 's3-desk-1.0.0-linux-amd64.deb']): string {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const file of files) writeFileSync(join(dir, file), `contents of ${file}\n`);
    return dir;
  }

  async function sign(dir: string, publicKey: string, secretKey: string | undefined) {
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_REF_NAME: 'v1.0.0' };
    delete env.MINISIGN_SECRET_KEY;
    delete env.MINISIGN_PASSWORD;
    if (secretKey) env.MINISIGN_SECRET_KEY = readFileSync(secretKey, 'utf8');
    try {
      await execFileAsync('bash', [script, dir, publicKey], { env });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failure = error as { code: number; stderr: string };
      return { code: failure.code, stderr: failure.stderr };
    }
  }

  it('writes SHA256SUMS over every file and signatures that verify with the trusted key', async () => {
    const dir = releaseFolder('good');
    const { publicKey, secretKey } = keys('trusted');
    expect(await sign(dir, publicKey, secretKey)).toEqual({ code: 0, stderr: '' });

    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.split(/\s+\*?/)[1]);
    expect(sums.sort()).toEqual(readdirSync(dir).filter((file) => !file.startsWith('SHA256SUMS') && !file.endsWith('.minisig')).sort());
    for (const file of ['SHA256SUMS', 'latest.yml', 'latest-mac.yml', 'latest-linux.yml']) {
      expect(existsSync(join(dir, `${file}.minisig`)), file).toBe(true);
      // What a user (RELEASING.md) and the updater do.
      const output = execFileSync('minisign', ['-V', '-p', publicKey, '-m', join(dir, file)], { encoding: 'utf8' });
      expect(output).toContain(`Trusted comment: s3-desk v1.0.0 ${file}`);
    }
    execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir });
  });

  it('fails when the secret key is not the one the committed public key belongs to', async () => {
    const result = await sign(releaseFolder('mismatch'), keys('trusted').publicKey, keys('other').secretKey);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('::error::');
    expect(result.stderr).toContain('is not the key the app trusts');
  });

  it('fails when there is no secret key', async () => {
    const result = await sign(releaseFolder('no-key'), keys('trusted').publicKey, undefined);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('MINISIGN_SECRET_KEY is not set');
  });

  it('fails when a platform manifest is missing', async () => {
    const dir = releaseFolder('no-mac', ['latest.yml', 'latest-linux.yml', 's3-desk-1.0.0-win-x64.exe']);
    const result = await sign(dir, keys('trusted').publicKey, keys('trusted').secretKey);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('latest-mac.yml is missing');
  });
});
