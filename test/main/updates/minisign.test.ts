import { describe, expect, it } from 'vitest';
import { MinisignError, formatKeyId, parsePublicKey, verifyMinisign, type MinisignFailure } from '../../../main/updates/minisign';
import { createSigningKey, signMinisign } from './helpers/minisign-signer';

const message = Buffer.from('version: 1.2.0\nfiles:\n  - url: s3-desk_1.2.0_amd64.deb\n');

function failureOf(run: () => unknown): MinisignFailure | 'none' {
  try {
    run();
    return 'none';
  } catch (error) {
    if (error instanceof MinisignError) return error.reason;
    throw error;
  }
}

/** Replaces one base64 line of a .minisig (0-based) with the same bytes, one of them flipped. */
function flipByteInLine(signature: string, lineIndex: number, byteIndex: number, mask = 0x01): string {
  const lines = signature.split('\n');
  const bytes = Buffer.from(lines[lineIndex]!, 'base64');
  bytes[byteIndex] = bytes[byteIndex]! ^ mask;
  lines[lineIndex] = bytes.toString('base64');
  return lines.join('\n');
}

describe('minisign verification', () => {
  const key = createSigningKey();
  const publicKey = parsePublicKey(key.publicKeyText);

  it('accepts a prehashed (default) and a legacy signature by the trusted key, and returns the trusted comment', () => {
    for (const prehashed of [true, false]) {
      const signature = signMinisign(message, key, { prehashed, trustedComment: 'timestamp:1 file:latest-linux.yml' });
      expect(verifyMinisign(message, signature, publicKey).trustedComment).toBe('timestamp:1 file:latest-linux.yml');
    }
  });

  it('accepts CRLF line endings and the bare base64 line of a public key', () => {
    const signature = signMinisign(message, key).replace(/\n/g, '\r\n');
    const bareKey = parsePublicKey(key.publicKeyText.split('\n')[1]!);
    expect(failureOf(() => verifyMinisign(message, signature, bareKey))).toBe('none');
  });

  it('refuses a signature made by another key as other-key', () => {
    const signature = signMinisign(message, createSigningKey());
    expect(failureOf(() => verifyMinisign(message, signature, publicKey))).toBe('other-key');
  });

  it('refuses another key that claims the trusted key id as bad-signature', () => {
    const impostor = { ...createSigningKey(), keyId: key.keyId };
    expect(failureOf(() => verifyMinisign(message, signMinisign(message, impostor), publicKey))).toBe('bad-signature');
  });

  it('refuses a tampered message in both modes', () => {
    const tampered = Buffer.from(message.toString().replace('1.2.0', '1.2.1'));
    for (const prehashed of [true, false]) {
      expect(failureOf(() => verifyMinisign(tampered, signMinisign(message, key, { prehashed }), publicKey))).toBe('bad-signature');
    }
  });

  it('refuses a tampered signature and a legacy/prehashed switch', () => {
    const signature = signMinisign(message, key);
    expect(failureOf(() => verifyMinisign(message, flipByteInLine(signature, 1, 40), publicKey))).toBe('bad-signature');
    const relabelledLegacy = flipByteInLine(signature, 1, 1, 0x20); // 'ED' becomes 'Ed': the same signature read as over the raw file
    expect(failureOf(() => verifyMinisign(message, relabelledLegacy, publicKey))).toBe('bad-signature');
    const unknownAlgorithm = flipByteInLine(signature, 1, 1); // 'ED' becomes 'EE'
    expect(failureOf(() => verifyMinisign(message, unknownAlgorithm, publicKey))).toBe('malformed');
  });

  it('refuses a tampered trusted comment and a tampered global signature', () => {
    const signature = signMinisign(message, key, { trustedComment: 'timestamp:1 file:latest-linux.yml' });
    expect(failureOf(() => verifyMinisign(message, signature.replace('file:latest-linux.yml', 'file:latest-linux.yml '), publicKey))).toBe('bad-signature');
    expect(failureOf(() => verifyMinisign(message, flipByteInLine(signature, 3, 0), publicKey))).toBe('bad-signature');
  });

  it.each([
    ['empty', ''],
    ['not minisign', '<html>Not found</html>'],
    ['missing trusted comment', (s: string) => s.split('\n').filter((line) => !line.startsWith('trusted')).join('\n')],
    ['missing untrusted comment', (s: string) => s.split('\n').slice(1).join('\n')],
    ['truncated signature', (s: string) => s.replace(/\n(\S{20})\S+\n/, '\n$1\n')],
    ['not base64', (s: string) => s.replace(/\n(\S{10})\S/, '\n$1!')],
    ['extra line', (s: string) => `${s}something else\n`],
  ])('refuses a malformed signature file (%s)', (_name, change) => {
    const signature = typeof change === 'string' ? change : change(signMinisign(message, key));
    expect(failureOf(() => verifyMinisign(message, signature, publicKey))).toBe('malformed');
  });

  it('refuses a malformed public key', () => {
    expect(failureOf(() => parsePublicKey('untrusted comment: nothing\n'))).toBe('malformed');
    expect(failureOf(() => parsePublicKey(key.publicKeyText.replace('\nRW', '\nRX')))).toBe('malformed');
  });

  it('prints key ids as minisign does', () => {
    expect(formatKeyId(Buffer.from('15ad1d19bcd0bcfc', 'hex'))).toBe('FCBCD0BC191DAD15');
  });
});
