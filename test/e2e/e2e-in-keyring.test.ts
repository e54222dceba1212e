import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs the E2E suite inside run-keyring.sh's private D-Bus + gnome-keyring
 * session, so that the real keychain is part of it and `npm test` covers it.
 */
const script = fileURLToPath(new URL('../keychain/run-keyring.sh', import.meta.url));
const insideKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'TEST' || name === 'NODE_ENV') delete env[name];
  return env;
}

describe.skipIf(insideKeyring)('end-to-end suite in Chromium with a real keychain', () => {
  it.runIf(existsSync(chromiumPath) || process.env.CI)('passes (needs Debian’s chromium, dbus and gnome-keyring)', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', [script, 'test/e2e/sign-in-and-browse.test.ts'], { env: childEnv() });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (exitCode) => resolve({ code: exitCode, output: output.replace(ANSI, '') }));
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+8 passed/);
  }, 240_000);
});
