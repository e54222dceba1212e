import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock';
import type { IdentityStore } from '../cognito/identity-store';
import { MAX_SKEW_MS, parseAmzDate, parseQuery, readSignatureClaims, signatureMatches, SignatureFormatError, type SignedRequest } from '../sigv4';
import { S3Error, s3Errors } from './errors';
import type { S3Caller } from './context';

// S3 reports ServerTime in extended ISO 8601; SDKs parse it to correct their clock.
function serverTimeOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}/, '');
}

/**
 * Authenticates an S3 request the way S3 does for temporary credentials:
 * known key → matching session token → not expired → time within skew →
 * signature recomputed with the issued secret.
 */
export function authenticateS3(
  req: IncomingMessage,
  signed: SignedRequest,
  identities: IdentityStore,
  clock: Clock,
  region: string,
): { caller: S3Caller; payloadHash: string } {
  if (usesSignatureVersion2(signed)) {
    throw s3Errors.invalidRequest('The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  let claims;
  try {
    claims = readSignatureClaims(signed);
  } catch (error) {
    if (error instanceof SignatureFormatError) {
      const code = signed.rawQuery.includes('X-Amz-') ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';
      throw new S3Error(400, code, error.message);
    }
    throw error;
  }
  if (!claims) throw s3Errors.accessDenied();
  if (claims.scope.service !== 's3') {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; incorrect service "${claims.scope.service}". This endpoint belongs to "s3".`);
  }
  if (claims.scope.region !== region) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${claims.scope.region}' is wrong; expecting '${region}'`, { Region: region });
  }
  const signedAt = parseAmzDate(claims.amzDate);
  if (Number.isNaN(signedAt) || !claims.amzDate.startsWith(claims.scope.date)) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'X-Amz-Date must be ISO 8601 basic format and match the credential scope date.');
  }
  if (!claims.signedHeaders.includes('host')) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The host header must be signed.');
  }
  if (!claims.presigned && req.headers['x-amz-content-sha256'] === undefined) {
    throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }

  const credentials = identities.credentials(claims.accessKeyId);
  if (!credentials) throw s3Errors.invalidAccessKeyId();
  if (claims.securityToken !== credentials.sessionToken) throw s3Errors.invalidToken();
  const now = clock.now();
  if (now >= credentials.expiresAt) throw s3Errors.expiredToken();

  if (claims.presigned) {
    if (now > signedAt + (claims.expiresSeconds ?? 0) * 1000) {
      throw new S3Error(403, 'AccessDenied', 'Request has expired', { Expires: new Date(signedAt + (claims.expiresSeconds ?? 0) * 1000).toISOString() });
    }
    if (signedAt - now > MAX_SKEW_MS) throw new S3Error(403, 'AccessDenied', 'Request is not valid yet');
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: claims.amzDate,
      ServerTime: serverTimeOf(now),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  if (!signatureMatches(signed, claims, { service: 's3', secretAccessKey: credentials.secretAccessKey })) {
    throw s3Errors.signatureDoesNotMatch();
  }
  return {
    caller: { identityId: credentials.identityId, poolId: credentials.poolId, accessKeyId: credentials.accessKeyId },
    payloadHash: claims.payloadHash,
  };
}

/**
 * Signature Version 2: `Authorization: AWS <key>:<signature>`, or a presigned
 * URL with AWSAccessKeyId and Signature. S3 regions opened since 2014 refuse it
 * with InvalidRequest, and so does the emulator (only SigV4 is verified).
 */
function usesSignatureVersion2(signed: SignedRequest): boolean {
  const authorization = signed.headers.authorization;
  if (typeof authorization === 'string' && /^AWS [^:\s]+:/.test(authorization)) return true;
  const names = new Set(parseQuery(signed.rawQuery).map(([name]) => name));
  return names.has('AWSAccessKeyId') && names.has('Signature');
}
