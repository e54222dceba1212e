import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the real-keychain tests (keytar-keyring.test.ts) inside the private
 * D-Bus + gnome-keyring session of run-keyring.sh, so `npm test` covers the
 * OS keychain without touching the user's own. Skipped inside that session
 * (it would start itself again).
 */
const script = fileURLToPath(new URL('./run-keyring.sh', import.meta.url));
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';
const haveTools = ['dbus-run-session', 'gnome-keyring-daemon'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The outer vitest's own variables would confuse the inner run. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'TEST' || name === 'NODE_ENV') delete env[name];
  return env;
}

describe.skipIf(insideKeyring)('keychain tests in a private gnome-keyring session', () => {
  it.runIf(haveTools || process.env.CI)('run-keyring.sh passes (needs the Debian packages dbus and gnome-keyring)', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', [script, 'test/keychain/keytar-keyring.test.ts'], { env: childEnv() });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (exitCode) => resolve({ code: exitCode, output: output.replace(ANSI, '') }));
    });
    expect(code, output).toBe(0);
    // Guard against a run that "passed" by skipping everything.
    expect(output).toMatch(/Tests\s+3 passed/);
    expect(output).not.toMatch(/skipped/);
  }, 120_000);
});
