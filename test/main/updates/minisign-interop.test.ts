import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MinisignError, parsePublicKey, verifyMinisign } from '../../../main/updates/minisign';
import { createSigningKey, signMinisign } from './helpers/minisign-signer';

/** The real minisign (Debian: apt-get install minisign), so that our reading of the format is checked against its author's. */
const MINISIGN = process.env.MINISIGN_PATH ?? 'minisign';
const present = spawnSync(MINISIGN, ['-v'], { encoding: 'utf8' }).status === 0;
if (!present) console.warn(`minisign interop tests skipped: the "${MINISIGN}" binary is not installed (apt-get install minisign).`);

function minisign(args: string[], cwd: string): void {
  const run = spawnSync(MINISIGN, args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`minisign ${args.join(' ')} failed: ${run.stderr}`);
}

describe.skipIf(!present)('interop with the minisign binary', () => {
  let dir: string;
  const manifest = 'version: 2.0.0\nfiles:\n  - url: S3-Desk-2.0.0.AppImage\n    sha512: c2hhNTEy\n';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-minisign-'));
    // -W: a key without password, so nothing prompts.
    minisign(['-G', '-W', '-p', 'key.pub', '-s', 'key.sec'], dir);
    writeFileSync(join(dir, 'latest-linux.yml'), manifest);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the default prehashed mode', []],
    ['the legacy mode (-l)', ['-l']],
  ])('verifies what minisign signs in %s', (_mode, flags) => {
    minisign(['-S', ...flags, '-s', 'key.sec', '-t', 'S3 Desk 2.0.0', '-m', 'latest-linux.yml'], dir);
    const signature = readFileSync(join(dir, 'latest-linux.yml.minisig'), 'utf8');
    const publicKey = parsePublicKey(readFileSync(join(dir, 'key.pub'), 'utf8'));
    expect(verifyMinisign(Buffer.from(manifest), signature, publicKey).trustedComment).toBe('S3 Desk 2.0.0');
    expect(() => verifyMinisign(Buffer.from(manifest.replace('2.0.0', '2.0.1')), signature, publicKey)).toThrow(MinisignError);
  });

  it('is verified by minisign when signed by the test helper, in both modes', () => {
    const key = createSigningKey();
    writeFileSync(join(dir, 'helper.pub'), key.publicKeyText);
    for (const prehashed of [true, false]) {
      writeFileSync(join(dir, 'latest-linux.yml.minisig'), signMinisign(Buffer.from(manifest), key, { prehashed }));
      minisign(['-V', '-q', '-p', 'helper.pub', '-m', 'latest-linux.yml'], dir);
    }
  });
});
