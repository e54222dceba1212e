import type { BucketGrant } from './config';
import { tokenExpiry, type OpenIdToken } from './cognito';
import type { IssuedRefreshToken } from './refresh-tokens';

/** The contract's Session object (see components/schemas/Session in openapi.yaml). */
export interface Session {
  identityId: string;
  token: string;
  tokenExpiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  region: string;
  buckets: BucketGrant[];
  username: string;
}

export interface SessionInputs {
  openId: OpenIdToken;
  refresh: IssuedRefreshToken;
  username: string;
  region: string;
  buckets: readonly BucketGrant[];
  tokenDurationSeconds: number;
  now: number;
}

const IDENTITY_PLACEHOLDER = '${identityId}';

export function buildSession(inputs: SessionInputs): Session {
  const { openId, refresh } = inputs;
  return {
    identityId: openId.identityId,
    token: openId.token,
    tokenExpiresAt: new Date(tokenExpiry(openId.token, inputs.now + inputs.tokenDurationSeconds * 1000)).toISOString(),
    refreshToken: refresh.token,
    refreshExpiresAt: new Date(refresh.expiresAt).toISOString(),
    region: inputs.region,
    buckets: inputs.buckets.map((bucket) => ({
      name: bucket.name,
      prefix: bucket.prefix.split(IDENTITY_PLACEHOLDER).join(openId.identityId),
      // Only when configured: a backend without labels answers exactly as before.
      ...(bucket.label === undefined ? {} : { label: bucket.label }),
    })),
    username: inputs.username,
  };
}
