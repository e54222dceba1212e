import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the npm run stack command', () => {
  it('starts on free ports, says where the password is without printing it, and stops cleanly on Ctrl-C', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 's3desk-stack-cli-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'devstack/cli.ts', '--quiet'], {
        env: { ...process.env, STACK_DIR: stateDir, STACK_BACKEND_PORT: '0', STACK_AWS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stack did not become ready:\n${output}`)), 40_000);
        child.stdout.on('data', () => {
          if (output.includes('Press Ctrl-C to stop.')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`stack exited early (${code}):\n${output}`)));
      });
      const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as { backendUrl: string; demoUser: { password: string } };
      expect(output).not.toContain(info.demoUser.password);
      expect((await fetch(`${info.backendUrl}/v1/health`)).status).toBe(200);

      const exitCode = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exitCode).toBe(0);
      expect(existsSync(join(stateDir, 'stack.json'))).toBe(false);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('explains an invalid port setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'devstack/cli.ts'], { env: { ...process.env, STACK_AWS_PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('STACK_AWS_PORT must be a port number');
  }, 30_000);
});
