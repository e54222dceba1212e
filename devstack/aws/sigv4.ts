import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4, verified by recomputing the signature. Written by
 * hand rather than by reusing the SDK's signer so that a signing bug in the
 * SDK and a verification bug here cannot cancel each other out.
 * Reference: "Create a signed AWS API request" and "Authenticating Requests:
 * Using Query Parameters (AWS Signature Version 4)".
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 3600;

export interface SignedRequest {
  method: string;
  /** Path exactly as it came over the wire (still percent-encoded). */
  rawPath: string;
  /** Query string exactly as it came over the wire, without the '?'. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

export interface SignatureClaims {
  accessKeyId: string;
  /** ISO basic format, e.g. 20260101T000000Z. */
  amzDate: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
  /** The payload hash that went into the canonical request. */
  payloadHash: string;
  securityToken: string | undefined;
  presigned: boolean;
  /** Presigned URLs only: seconds after amzDate when the URL stops working. */
  expiresSeconds: number | undefined;
}

/** Why a request's authentication could not even be read. */
export class SignatureFormatError extends Error {}

/** Returns the claims a request makes about its signature, or null when it carries none. */
export function readSignatureClaims(req: SignedRequest): SignatureClaims | null {
  const authorization = headerValue(req.headers, 'authorization');
  const query = parseQuery(req.rawQuery);
  if (authorization !== undefined) return fromAuthorizationHeader(authorization, req);
  if (query.some(([name]) => name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm')) {
    return fromQuery(query, req);
  }
  return null;
}

function fromAuthorizationHeader(value: string, req: SignedRequest): SignatureClaims {
  if (!value.startsWith(`${ALGORITHM} `)) {
    throw new SignatureFormatError(`Unsupported authorization type; only ${ALGORITHM} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new SignatureFormatError('Authorization header requires Credential, SignedHeaders and Signature.');
  }
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (!amzDate) throw new SignatureFormatError('Authorization requires an X-Amz-Date header.');
  // S3 sends the payload hash it signed; other services sign the body's hash
  // without sending it, and the caller passes that in VerifyOptions.
  const payloadHash = headerValue(req.headers, 'x-amz-content-sha256') ?? '';
  return {
    ...parseCredential(credential),
    amzDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash,
    securityToken: headerValue(req.headers, 'x-amz-security-token'),
    presigned: false,
    expiresSeconds: undefined,
  };
}

function fromQuery(query: Array<[string, string]>, req: SignedRequest): SignatureClaims {
  const get = (name: string) => query.find(([n]) => n === name)?.[1];
  if (get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new SignatureFormatError(`X-Amz-Algorithm must be ${ALGORITHM}.`);
  }
  const credential = get('X-Amz-Credential');
  const amzDate = get('X-Amz-Date');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const expires = Number(get('X-Amz-Expires'));
  if (!credential || !amzDate || !signedHeaders || !signature) {
    throw new SignatureFormatError('Presigned requests require X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature.');
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw new SignatureFormatError('X-Amz-Expires must be a whole number of seconds from 1 to 604800.');
  }
  return {
    ...parseCredential(credential),
    amzDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
    payloadHash: headerValue(req.headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD,
    securityToken: get('X-Amz-Security-Token'),
    presigned: true,
    expiresSeconds: expires,
  };
}

function parseCredential(credential: string): Pick<SignatureClaims, 'accessKeyId' | 'scope'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((p) => p === '')) {
    throw new SignatureFormatError('Credential must be <access key>/<date>/<region>/<service>/aws4_request.');
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, scope: { date, region, service } };
}

/** Parses an X-Amz-Date (ISO 8601 basic) into epoch milliseconds, or NaN. */
export function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

export interface VerifyOptions {
  /** The service's path rule: S3 signs the path as sent, other services encode it once more. */
  service: string;
  secretAccessKey: string;
  /** Used instead of claims.payloadHash when the service hashes the body itself (non-S3). */
  payloadHash?: string;
}

export function computeSignature(req: SignedRequest, claims: SignatureClaims, options: VerifyOptions): string {
  const canonicalRequest = buildCanonicalRequest(req, claims, options);
  const scope = `${claims.scope.date}/${claims.scope.region}/${claims.scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, claims.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(options.secretAccessKey, claims.scope.date, claims.scope.region, claims.scope.service);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export function signatureMatches(req: SignedRequest, claims: SignatureClaims, options: VerifyOptions): boolean {
  const expected = Buffer.from(computeSignature(req, claims, options), 'utf8');
  const given = Buffer.from(claims.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

function buildCanonicalRequest(req: SignedRequest, claims: SignatureClaims, options: VerifyOptions): string {
  const signed = [...claims.signedHeaders];
  const canonicalHeaders = signed
    .map((name) => `${name}:${canonicalHeaderValue(req.headers[name])}\n`)
    .join('');
  const query = parseQuery(req.rawQuery).filter(([name]) => !(claims.presigned && name === 'X-Amz-Signature'));
  return [
    req.method.toUpperCase(),
    canonicalUri(req.rawPath, options.service),
    canonicalQuery(query),
    canonicalHeaders,
    signed.join(';'),
    options.payloadHash ?? claims.payloadHash,
  ].join('\n');
}

function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return path;
  // Other services sign the already-encoded path encoded once more.
  return path
    .split('/')
    .map((segment) => rfc3986(segment))
    .join('/');
}

function canonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** Decoded query pairs in wire order. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return [safeDecode(name), safeDecode(value)];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Percent-encoding as SigV4 defines it: everything but A-Z a-z 0-9 - _ . ~ */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
