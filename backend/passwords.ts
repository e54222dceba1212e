import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes are self-describing (`scrypt$N$r$p$salt$hash`, salt and hash
 * base64url) so the cost can be raised later without invalidating old hashes.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

// OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB
// and a few hundred milliseconds of one core per hash). Hashes made with other
// parameters still verify, and are rehashed with these on the next login.
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 17,
  r: 8,
  p: 1,
  keyLength: 32,
  saltLength: 16,
});

// Bounds on what we accept from the database, so a tampered or corrupt row
// cannot make a single login allocate gigabytes.
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16, minKey: 16, maxKey: 128 };

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128*N*r bytes (128 MiB at our default cost), four times Node's
    // default maxmem of 32 MiB, so allow headroom proportional to the parameters.
    maxmem: 256 * params.N * params.r * params.p + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    // NFC so the same password typed on different platforms hashes the same.
    scrypt(password.normalize('NFC'), salt, params.keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(params.saltLength);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > LIMITS.maxN) return undefined;
  if (!(r >= 1 && r <= LIMITS.maxR && p >= 1 && p <= LIMITS.maxP)) return undefined;
  if (salt.length < 8 || key.length < LIMITS.minKey || key.length > LIMITS.maxKey) return undefined;
  return { params: { N, r, p, keyLength: key.length, saltLength: salt.length }, salt, key };
}

/**
 * Whether a stored hash was made with other parameters than `params`, so the
 * next successful login should replace it. A hash that cannot be read is left
 * alone: it never verifies, so there is nothing to replace it with.
 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const current = parsed.params;
  return (
    current.N !== params.N ||
    current.r !== params.r ||
    current.p !== params.p ||
    current.keyLength !== params.keyLength ||
    current.saltLength !== params.saltLength
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}

/**
 * A well-formed hash of nothing: verifying against it costs the same as a real
 * verification, so an unknown username takes as long to reject as a wrong
 * password and response timing does not reveal which usernames exist.
 */
export function dummyPasswordHash(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): string {
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    randomBytes(params.saltLength).toString('base64url'),
    randomBytes(params.keyLength).toString('base64url'),
  ].join('$');
}
