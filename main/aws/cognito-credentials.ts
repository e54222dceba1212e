import { fromCognitoIdentity } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { IssuedCredentials } from './credential-cache';
import { ServiceError, isServiceError } from '../shared/errors';
import { errorName, isNetworkError } from './s3-errors';

export interface CognitoCredentialsOptions {
  identityId: string;
  /** The session's region; when empty, the IdentityId's own region part is used. */
  region?: string;
  /** Overrides the Cognito Identity endpoint (the local stack); unset for real AWS. */
  endpoint?: string;
  /** Returns a current OpenID token from the backend (SessionService.freshToken). */
  freshToken: () => Promise<string>;
  /** Cognito rejected this token: have the session get a new one. */
  invalidateToken: (token: string) => void;
}

export interface CognitoCredentials {
  /** One GetCredentialsForIdentity call (retried once with a new token if Cognito rejects the token). */
  fetch(): Promise<IssuedCredentials>;
  destroy(): void;
}

const MISCONFIGURED = new Set(['ResourceNotFoundException', 'InvalidIdentityPoolConfigurationException', 'InvalidParameterException']);
const PASSING = new Set(['TooManyRequestsException', 'LimitExceededException', 'InternalErrorException', 'ServiceUnavailable', 'InternalFailure']);

/**
 * AWS credentials for a signed-in identity through the SDK's own
 * fromCognitoIdentity provider (GetCredentialsForIdentity with the
 * developer-authenticated OpenID token under the
 * "cognito-identity.amazonaws.com" login). One Cognito client per session,
 * so connections are reused; the handler records the service's Date header so the
 * credentials' lifetime can be measured on AWS's clock.
 */
export function cognitoCredentials(options: CognitoCredentialsOptions): CognitoCredentials {
  const region = regionFor(options.identityId, options.region);
  // One connection pool for the session's Cognito calls; it also notes the service's Date header.
  const http = new NodeHttpHandler();
  let serverTimeMs: number | undefined;
  const requestHandler = {
    handle: async (...args: Parameters<NodeHttpHandler['handle']>) => {
      const result = await http.handle(...args);
      const parsed = Date.parse(result.response.headers.date ?? '');
      serverTimeMs = Number.isNaN(parsed) ? undefined : parsed;
      return result;
    },
    updateHttpClientConfig: http.updateHttpClientConfig.bind(http),
    httpHandlerConfigs: http.httpHandlerConfigs.bind(http),
    destroy: () => http.destroy(),
  };
  const clientConfig = options.endpoint ? { region, endpoint: options.endpoint, requestHandler } : { region, requestHandler };

  async function attempt(): Promise<{ issued?: IssuedCredentials; rejectedToken?: string }> {
    const token = await options.freshToken();
    serverTimeMs = undefined;
    try {
      const credentials = await fromCognitoIdentity({
        clientConfig,
        identityId: options.identityId,
        logins: { 'cognito-identity.amazonaws.com': token },
      })();
      return { issued: { credentials, serverTimeMs } };
    } catch (error) {
      if (errorName(error) === 'NotAuthorizedException') return { rejectedToken: token };
      throw mapCognitoError(error, region);
    }
  }

  return {
    async fetch() {
      const first = await attempt();
      if (first.issued) return first.issued;
      // An expired or revoked token (e.g. this computer slept past its expiry): one new token, one more try.
      options.invalidateToken(first.rejectedToken!);
      const second = await attempt();
      if (second.issued) return second.issued;
      throw new ServiceError(
        'identity_misconfigured',
        `Amazon Cognito (${region}) does not accept the sign-in tokens from your organisation's backend (NotAuthorizedException). ` +
          'An administrator should check that the backend uses the same identity pool and developer provider name as this pool, in the same region.',
      );
    },
    destroy: () => http.destroy(),
  };
}

/** Cognito failures (other than a rejected token) in words a person — or their administrator — can act on. */
export function mapCognitoError(error: unknown, region: string): ServiceError {
  if (isServiceError(error)) return error;
  const name = errorName(error);
  if (MISCONFIGURED.has(name)) {
    return new ServiceError(
      'identity_misconfigured',
      `Amazon Cognito (${region}) could not issue AWS credentials for this identity (${name}). ` +
        (name === 'InvalidIdentityPoolConfigurationException'
          ? "An administrator should check the identity pool's authenticated IAM role and its trust policy."
          : 'An administrator should check that the backend is configured for the right identity pool and region.'),
    );
  }
  if (PASSING.has(name) || name === 'ThrottlingException') {
    return new ServiceError('identity_service_error', `Amazon Cognito is busy or unavailable right now (${name}). S3 Desk will try again shortly.`, 5);
  }
  if (isNetworkError(error)) {
    return new ServiceError('network_error', 'Could not reach Amazon Cognito for AWS credentials. Check your network connection; S3 Desk will try again.');
  }
  const code = /^[A-Za-z][A-Za-z0-9.]{0,63}$/.test(name) ? name : 'unknown error';
  return new ServiceError('identity_service_error', `Amazon Cognito could not issue AWS credentials (${code}). Try again later.`);
}

export function regionFor(identityId: string, region?: string): string {
  if (region) return region;
  const fromIdentity = identityId.split(':')[0];
  if (!fromIdentity || fromIdentity === identityId) throw new Error('The IdentityId has no region part and the backend named no region.');
  return fromIdentity;
}
