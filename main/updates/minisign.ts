import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Minisign (https://jedisct1.github.io/minisign/) public keys and signatures,
 * verified with node:crypto alone so that nothing outside Node's own crypto
 * decides whether an update is trusted.
 */

/** Why a signature was not accepted. */
export type MinisignFailure = 'malformed' | 'other-key' | 'bad-signature';

export class MinisignError extends Error {
  override name = 'MinisignError';

  constructor(
    readonly reason: MinisignFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface MinisignPublicKey {
  /** 8 bytes, as stored; the same bytes open every signature made by the matching secret key. */
  readonly keyId: Buffer;
  readonly key: KeyObject;
}

export interface VerifiedSignature {
  /** The signed comment minisign adds (by default its timestamp and file name). */
  readonly trustedComment: string;
}

/** An Ed25519 SubjectPublicKeyInfo is this DER header followed by the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ALGORITHM_PURE = 'Ed';
/** Since minisign 0.10 the default: the message is hashed with BLAKE2b-512 first, so large files need not fit in memory. */
const ALGORITHM_PREHASHED = 'ED';
const KEY_ID_BYTES = 8;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const UNTRUSTED_PREFIX = 'untrusted comment:';
const TRUSTED_PREFIX = 'trusted comment: ';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key id as minisign prints it ("minisign public key FCBC…"): the 8 bytes read as a little-endian number. */
export function formatKeyId(keyId: Buffer): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

/** Reads a minisign.pub file, or its base64 line alone (as `minisign -P` takes it). */
export function parsePublicKey(text: string): MinisignPublicKey {
  const lines = meaningfulLines(text);
  const encoded = lines[0]?.startsWith(UNTRUSTED_PREFIX) ? lines[1] : lines[0];
  const bytes = decodeBase64(encoded, 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES, 'public key');
  if (bytes.subarray(0, 2).toString('latin1') !== ALGORITHM_PURE) throw new MinisignError('malformed', 'The public key is not an Ed25519 minisign key.');
  return {
    keyId: bytes.subarray(2, 2 + KEY_ID_BYTES),
    key: createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, bytes.subarray(2 + KEY_ID_BYTES)]), format: 'der', type: 'spki' }),
  };
}

/**
 * Checks a .minisig file against the message and the one key trusted for
 * it: the key id, the signature over the message, and the global signature
 * that binds the trusted comment. Throws MinisignError with the reason.
 */
export function verifyMinisign(message: Uint8Array, signatureText: string, publicKey: MinisignPublicKey): VerifiedSignature {
  const signature = parseSignature(signatureText);
  if (!signature.keyId.equals(publicKey.keyId)) {
    throw new MinisignError('other-key', `Signed by key ${formatKeyId(signature.keyId)}, not by the trusted key ${formatKeyId(publicKey.keyId)}.`);
  }
  const signedData = signature.prehashed ? createHash('blake2b512').update(message).digest() : message;
  if (!verify(null, signedData, publicKey.key, signature.signature)) {
    throw new MinisignError('bad-signature', 'The signature does not match the signed file.');
  }
  const globalData = Buffer.concat([signature.signature, Buffer.from(signature.trustedComment, 'utf8')]);
  if (!verify(null, globalData, publicKey.key, signature.globalSignature)) {
    throw new MinisignError('bad-signature', 'The signature does not match its trusted comment.');
  }
  return { trustedComment: signature.trustedComment };
}

interface ParsedSignature {
  prehashed: boolean;
  keyId: Buffer;
  signature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

function parseSignature(text: string): ParsedSignature {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== 4) throw new MinisignError('malformed', 'A minisign signature has exactly four lines.');
  const [untrusted, encodedSignature, trusted, encodedGlobal] = lines as [string, string, string, string];
  if (!untrusted.startsWith(UNTRUSTED_PREFIX)) throw new MinisignError('malformed', 'The signature does not start with an untrusted comment.');
  if (!trusted.startsWith(TRUSTED_PREFIX)) throw new MinisignError('malformed', 'The signature has no trusted comment.');
  const bytes = decodeBase64(encodedSignature, 2 + KEY_ID_BYTES + SIGNATURE_BYTES, 'signature');
  const algorithm = bytes.subarray(0, 2).toString('latin1');
  if (algorithm !== ALGORITHM_PURE && algorithm !== ALGORITHM_PREHASHED) throw new MinisignError('malformed', 'The signature uses an unknown algorithm.');
  return {
    prehashed: algorithm === ALGORITHM_PREHASHED,
    keyId: bytes.subarray(2, 2 + KEY_ID_BYTES),
    signature: bytes.subarray(2 + KEY_ID_BYTES),
    trustedComment: trusted.slice(TRUSTED_PREFIX.length),
    globalSignature: decodeBase64(encodedGlobal, SIGNATURE_BYTES, 'global signature'),
  };
}

function meaningfulLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Buffer.from(…, 'base64') skips what it cannot read; a signature must be exact, so the alphabet and length are checked first. */
function decodeBase64(encoded: string | undefined, expectedBytes: number, what: string): Buffer {
  const trimmed = encoded?.trim() ?? '';
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (!bytes || bytes.length !== expectedBytes) throw new MinisignError('malformed', `The ${what} is not valid base64 of the expected length.`);
  return bytes;
}
