import { describe, expect, it } from 'vitest';
import { haveKeyringTools, insideKeyring, runInKeyring } from './run-in-keyring';

/**
 * Runs the real-keychain tests (keytar-keyring.test.ts) inside the private
 * D-Bus + gnome-keyring session of run-keyring.sh, so `npm test` covers the
 * OS keychain without touching the user's own.
 */
describe.skipIf(insideKeyring)('keychain tests in a private gnome-keyring session', () => {
  it.runIf(haveKeyringTools || process.env.CI)('run-keyring.sh passes (needs the Debian packages dbus and gnome-keyring)', async () => {
    const { code, output } = await runInKeyring(['test/keychain/keytar-keyring.test.ts']);
    expect(code, output).toBe(0);
    // Guard against a run that "passed" by skipping everything.
    expect(output).toMatch(/Tests\s+4 passed/);
    expect(output).not.toMatch(/skipped/);
  }, 120_000);
});
