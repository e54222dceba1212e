import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatKeyId, parsePublicKey } from '../../../main/updates/minisign';
import { RELEASE_PUBLIC_KEY } from '../../../main/updates/release-key';

describe('the release key', () => {
  it('is compiled in with exactly the text of build/release-key.pub', () => {
    expect(RELEASE_PUBLIC_KEY).toBe(readFileSync(new URL('../../../build/release-key.pub', import.meta.url), 'utf8'));
  });

  it('is a minisign Ed25519 key whose comment names its key id', () => {
    const key = parsePublicKey(RELEASE_PUBLIC_KEY);
    expect(RELEASE_PUBLIC_KEY.split('\n')[0]).toBe(`untrusted comment: minisign public key ${formatKeyId(key.keyId)}`);
  });
});
