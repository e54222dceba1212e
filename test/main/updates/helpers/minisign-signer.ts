import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { formatKeyId } from '../../../../main/updates/minisign';

/** A throw-away minisign key made with node:crypto, so tests can sign without the minisign binary. */
export interface TestSigningKey {
  /** The minisign.pub file's text. */
  publicKeyText: string;
  keyId: Buffer;
  privateKey: KeyObject;
}

export interface SignOptions {
  /** minisign's default since 0.10 (algorithm ED, BLAKE2b-512 of the file); false for legacy Ed. */
  prehashed?: boolean;
  trustedComment?: string;
}

export function createSigningKey(): TestSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of its SubjectPublicKeyInfo.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const keyId = randomBytes(8);
  const encoded = Buffer.concat([Buffer.from('Ed'), keyId, raw]).toString('base64');
  return { publicKeyText: `untrusted comment: minisign public key ${formatKeyId(keyId)}\n${encoded}\n`, keyId, privateKey };
}

/** A .minisig file's text, byte for byte what `minisign -S` writes. */
export function signMinisign(message: Uint8Array, key: TestSigningKey, options: SignOptions = {}): string {
  const prehashed = options.prehashed ?? true;
  const trustedComment = options.trustedComment ?? 'timestamp:1700000000\tfile:latest-linux.yml\thashed';
  const signedData = prehashed ? createHash('blake2b512').update(message).digest() : message;
  const signature = sign(null, signedData, key.privateKey);
  const globalSignature = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), key.privateKey);
  const algorithm = prehashed ? 'ED' : 'Ed';
  return [
    'untrusted comment: signature from minisign secret key',
    Buffer.concat([Buffer.from(algorithm), key.keyId, signature]).toString('base64'),
    `trusted comment: ${trustedComment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}
