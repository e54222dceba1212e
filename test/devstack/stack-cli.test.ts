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

  it('shapes the network with --profile wan and overrides, and says so in the banner and stack.json', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 's3desk-stack-cli-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'devstack/cli.ts', '--quiet', '--profile', 'wan', '--latency', '40', '--aggregate', '100'], {
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
      expect(output).toContain('network       custom: 40 ms round trip ± 5 ms, 64 MiB/s per connection, 100 MiB/s in all');
      const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as { awsEndpoint: string; network: Record<string, unknown> };
      expect(info.network).toMatchObject({ profile: 'custom', latencyMs: 40, jitterMs: 5, connectionBytesPerSecond: 64 * 1024 * 1024, aggregateBytesPerSecond: 100 * 1024 * 1024 });
      expect(info.network.directAwsEndpoint).not.toBe(info.awsEndpoint);
      // Both the proxy and the emulator behind it answer (an anonymous S3 call: AccessDenied, from the emulator either way).
      for (const endpoint of [info.awsEndpoint, info.network.directAwsEndpoint as string]) expect((await fetch(`${endpoint}/desk-shared?list-type=2`)).status).toBe(403);

      const exitCode = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exitCode).toBe(0);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 60_000);

  /** Runs the command with `args`, expecting it to refuse them before starting anything. */
  async function refused(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'devstack/cli.ts', ...args], { env: { ...process.env, STACK_DIR: join(tmpdir(), 'never-created') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, stderr };
  }

  it.each([
    [['--profile', 'moon'], 'Unknown network profile "moon": use one of loopback, wan.'],
    [['--profile', 'wan', '--latency', 'fast'], '--latency must be a number of milliseconds, 0 or more, not "fast".'],
    [['--latency=-5'], '--latency must be a number of milliseconds, 0 or more, not "-5".'],
    [['--profile', 'wan', '--jitter', '50'], 'The jitter (50 ms) cannot exceed the round-trip latency (30 ms)'],
    [['--bandwidth', '0'], '--bandwidth must be a positive number of MiB per second, or "unlimited", not "0".'],
    [['--aggregate', 'lots'], '--aggregate must be a positive number of MiB per second, or "unlimited", not "lots".'],
    [['--credential-lifetime', '0'], '--credential-lifetime must be a whole number of seconds from 1 to 43200.'],
    [['--speed', '9'], "Unknown option '--speed'"],
  ])('refuses %j with a clear message and the usage (exit 2)', async (args, message) => {
    const { code, stderr } = await refused(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: npm run stack --');
    expect(stderr).toContain('--profile NAME');
  }, 30_000);

  it('explains an invalid port setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'devstack/cli.ts'], { env: { ...process.env, STACK_AWS_PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('STACK_AWS_PORT must be a port number');
  }, 30_000);
});
