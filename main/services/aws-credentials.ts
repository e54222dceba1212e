import { fromCognitoIdentity, type CognitoIdentityCredentialProvider } from '@aws-sdk/credential-providers';

export interface CognitoCredentialsOptions {
  identityId: string;
  /** The session's region; when empty, the IdentityId's own region part is used. */
  region?: string;
  /** Overrides the Cognito Identity endpoint (the local stack); unset for real AWS. */
  endpoint?: string;
  /** Returns a current OpenID token from the backend (SessionService.freshToken). */
  freshToken: () => Promise<string>;
}

/**
 * AWS credentials for a signed-in identity, from GetCredentialsForIdentity.
 * The token is fetched per call through `freshToken`, so a refreshed token
 * is used as soon as the SDK asks again. The provider is handed to an SDK
 * client, which caches its result until shortly before `expiration` and
 * shares one call among concurrent requests — never a static key pair.
 */
export function cognitoCredentials(options: CognitoCredentialsOptions): CognitoIdentityCredentialProvider {
  const region = regionFor(options.identityId, options.region);
  return fromCognitoIdentity({
    identityId: options.identityId,
    logins: { 'cognito-identity.amazonaws.com': () => options.freshToken() },
    clientConfig: options.endpoint ? { region, endpoint: options.endpoint } : { region },
  });
}

export function regionFor(identityId: string, region?: string): string {
  if (region) return region;
  const fromIdentity = identityId.split(':')[0];
  if (!fromIdentity || fromIdentity === identityId) throw new Error('The IdentityId has no region part and the backend named no region.');
  return fromIdentity;
}
