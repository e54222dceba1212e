import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/sign-in-without-keychain.ts', import.meta.url));

/**
 * DESIGN.md §4: with no keychain the session still works for this run, and
 * says it will not be remembered. Real keytar in a child process whose D-Bus
 * address leads nowhere (so it cannot reach any real keychain); Linux only,
 * since elsewhere keytar does not use D-Bus.
 */
describe.runIf(process.platform === 'linux')('keytar without a reachable keychain', () => {
  it('signs in anyway: remembered:false with a D-Bus reason; listing and sign-out work', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/s3desk-no-bus' };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout, stderr }));
    });
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      signedIn: { status: string; remembered: boolean; rememberError: string | null };
      buckets: string[];
      signedOut: { status: string };
    };
    expect(result.signedIn).toMatchObject({ status: 'signed-in', remembered: false });
    expect(result.signedIn.rememberError).toMatch(/D-Bus/);
    expect(result.buckets).toEqual(['desk-private', 'desk-shared']);
    expect(result.signedOut.status).toBe('signed-out');
  }, 60_000);
});
