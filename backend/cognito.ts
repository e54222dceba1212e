import {
  CognitoIdentityClient,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';

/** Same shape as the AWS SDK's AwsCredentialIdentity (declared here to avoid a direct @smithy/types dependency). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly credentialScope?: string;
  readonly accountId?: string;
}

export interface OpenIdTokenRequest {
  /** The backend's stable user id, sent as the developer user identifier. */
  userId: string;
  /** The IdentityId from an earlier call, so Cognito does not have to look it up. */
  identityId?: string;
}

export interface OpenIdToken {
  identityId: string;
  token: string;
}

/**
 * The one thing the HTTP layer needs from Cognito. Implementations throw the
 * SDK's errors unchanged; cognito-errors.ts turns them into HTTP answers.
 */
export interface OpenIdTokenIssuer {
  issue(request: OpenIdTokenRequest): Promise<OpenIdToken>;
  close?(): void;
}

export interface CognitoIssuerOptions {
  identityPoolId: string;
  developerProviderName: string;
  region: string;
  endpoint?: string;
  tokenDurationSeconds: number;
  /** Omit to use the SDK's default provider chain (environment, profile, instance role...). */
  credentials?: AwsCredentialIdentity;
  /** SDK attempts including retries; the SDK backs off on throttling and 5xx between them. */
  maxAttempts?: number;
}

/** Thrown when Cognito answers 200 without the fields we need. */
export class IncompleteCognitoResponseError extends Error {
  override name = 'IncompleteCognitoResponseError';
}

export function createCognitoIssuer(options: CognitoIssuerOptions): OpenIdTokenIssuer {
  const client = new CognitoIdentityClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    // Bounded, so a hung connection becomes a 503 instead of a login that never ends.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
  return {
    async issue({ userId, identityId }) {
      const output = await client.send(
        new GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: options.identityPoolId,
          Logins: { [options.developerProviderName]: userId },
          TokenDuration: options.tokenDurationSeconds,
          ...(identityId ? { IdentityId: identityId } : {}),
        }),
      );
      if (!output.IdentityId || !output.Token) {
        throw new IncompleteCognitoResponseError('Cognito returned no IdentityId or Token.');
      }
      return { identityId: output.IdentityId, token: output.Token };
    },
    close() {
      client.destroy();
    },
  };
}

/**
 * When the OpenID token stops working, from its `exp` claim. The token is not
 * verified here: it came straight from Cognito over TLS, and the client only
 * uses the time to schedule its refresh.
 */
export function tokenExpiry(token: string, fallbackMs: number): number {
  const payload = token.split('.')[1];
  if (!payload) return fallbackMs;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    const exp = claims.exp;
    // Bounded so a nonsensical claim cannot produce a date toISOString() refuses.
    return typeof exp === 'number' && exp > 0 && exp < 8.64e12 ? exp * 1000 : fallbackMs;
  } catch {
    return fallbackMs;
  }
}
