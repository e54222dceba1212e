import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cognitoCredentials } from './cognito-credentials';
import { CredentialCache } from './credential-cache';
import type { RefreshObserver } from '../shared/refresh-observer';
import { expiredTokenRetry, expiredTokenRetryOptions } from './expired-token-retry';
import type { Logger } from '../shared/logger';

export interface SessionS3ClientOptions {
  identityId: string;
  region: string;
  /** One endpoint for Cognito Identity and S3 (the local stack); unset for real AWS. */
  awsEndpoint?: string;
  freshToken: () => Promise<string>;
  invalidateToken: (token: string) => void;
  logger?: Logger;
  observer?: RefreshObserver;
  clock?: () => number;
}

export interface SessionS3Client {
  s3: S3Client;
  credentials: CredentialCache;
  destroy(): void;
}

/**
 * Kept-alive connections, enough for the transfer queue's requests in flight
 * (16) plus listings and previews: a new TLS connection costs round trips a
 * request on a warm one does not, and a pool smaller than the queue would
 * make requests wait for a socket.
 */
export const MAX_SOCKETS = 64;

function connectionPool(): NodeHttpHandler {
  const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
  return new NodeHttpHandler({ httpAgent: new HttpAgent(agent), httpsAgent: new HttpsAgent(agent) });
}

/**
 * The S3 client for one signed-in session: credentials from Cognito via the
 * session's fresh OpenID token, cached and renewed ahead of expiry by
 * CredentialCache, and one retry with new credentials on ExpiredToken.
 * Never a static key pair.
 */
export function createSessionS3Client(options: SessionS3ClientOptions): SessionS3Client {
  const cognito = cognitoCredentials({
    identityId: options.identityId,
    region: options.region,
    endpoint: options.awsEndpoint,
    freshToken: options.freshToken,
    invalidateToken: options.invalidateToken,
  });
  const credentials = new CredentialCache({
    fetch: () => cognito.fetch(),
    logger: options.logger,
    observer: options.observer,
    clock: options.clock,
  });
  const endpoint = options.awsEndpoint;
  const s3 = new S3Client({
    region: options.region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : { followRegionRedirects: true }),
    credentials: credentials.provider,
    requestHandler: connectionPool(),
  });
  s3.middlewareStack.add(
    expiredTokenRetry((accessKeyId) => credentials.invalidate(accessKeyId)),
    expiredTokenRetryOptions,
  );
  return {
    s3,
    credentials,
    destroy() {
      s3.destroy();
      cognito.destroy();
    },
  };
}
