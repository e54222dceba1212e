import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import { MAX_SKEW_MS, parseAmzDate, readSignatureClaims, sha256Hex, signatureMatches, SignatureFormatError, type SignedRequest } from '../sigv4';
import { cognitoErrors, CognitoError } from './errors';
import { DEVELOPER_OPERATIONS, isCognitoOperation, type CognitoOperation } from './cognito-service';

export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityService.';
const MAX_BODY = 1024 * 1024;

export interface DeveloperKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export function cognitoOperationOf(req: IncomingMessage): CognitoOperation {
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.slice(COGNITO_TARGET_PREFIX.length);
  if (!target.startsWith(COGNITO_TARGET_PREFIX) || !isCognitoOperation(name)) throw cognitoErrors.unknownOperation();
  return name;
}

export async function readCognitoBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw cognitoErrors.serialization('The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Developer operations need SigV4 from one of the backend's IAM keys, as in
 * AWS; GetCredentialsForIdentity is public and authenticated by its token.
 */
export function authenticateDeveloperCall(
  operation: CognitoOperation,
  signed: SignedRequest,
  body: Buffer,
  keys: DeveloperKey[],
  clock: Clock,
  region: string,
): void {
  if (!DEVELOPER_OPERATIONS.has(operation)) return;
  let claims;
  try {
    claims = readSignatureClaims(signed);
  } catch (error) {
    if (error instanceof SignatureFormatError) throw new CognitoError('IncompleteSignatureException', error.message);
    throw error;
  }
  if (!claims) throw cognitoErrors.missingAuthentication();
  const key = keys.find((k) => k.accessKeyId === claims.accessKeyId);
  if (!key) throw cognitoErrors.unrecognizedClient();
  if (claims.scope.service !== 'cognito-identity') {
    throw cognitoErrors.invalidSignature(`Credential should be scoped to correct service: 'cognito-identity'.`);
  }
  if (claims.scope.region !== region) {
    throw cognitoErrors.invalidSignature(`Credential should be scoped to a valid region, not '${claims.scope.region}'.`);
  }
  const signedAt = parseAmzDate(claims.amzDate);
  if (Number.isNaN(signedAt) || Math.abs(clock.now() - signedAt) > MAX_SKEW_MS) {
    throw cognitoErrors.invalidSignature(`Signature expired: ${claims.amzDate} is now outside the 15 minute window around the server time.`);
  }
  if (!signatureMatches(signed, claims, { service: 'cognito-identity', secretAccessKey: key.secretAccessKey, payloadHash: sha256Hex(body) })) {
    throw cognitoErrors.invalidSignature();
  }
}

export function sendCognitoResult(res: ServerResponse, result: unknown, requestId: string): void {
  const text = JSON.stringify(result);
  res.writeHead(200, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

export function sendCognitoError(res: ServerResponse, error: CognitoError, requestId: string): void {
  const text = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}
