import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { haveKeyringTools, insideKeyring, runInKeyring } from '../keychain/run-in-keyring';

/**
 * Runs the E2E suite inside run-keyring.sh's private D-Bus + gnome-keyring
 * session, so that the real keychain is part of it and `npm test` covers it.
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

describe.skipIf(insideKeyring)('end-to-end suite in Chromium with a real keychain', () => {
  it.runIf((haveChromium && haveKeyringTools) || process.env.CI)('passes (needs Debian’s chromium, dbus and gnome-keyring)', async () => {
    const { code, output } = await runInKeyring([
      'test/e2e/sign-in-and-browse.test.ts',
      'test/e2e/accounts-and-sessions.test.ts',
      'test/e2e/updates-and-policy.test.ts',
    ]);
    expect(code, output).toBe(0);
    // Guard against a run that "passed" by skipping everything.
    expect(output).toMatch(/Tests\s+23 passed/);
    expect(output).not.toMatch(/skipped/);
    // Three files of real Chromium against real stacks: generous, so a busy machine only makes it slower.
  }, 600_000);
});
