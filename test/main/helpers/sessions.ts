import type { BackendSession } from '../../../main/session/backend-session';

export const IDENTITY_ID = 'us-east-1:0f3c5d1e-1111-2222-3333-444455556666';

/** A Session as the backend returns it; tokens are recognisable strings so leak checks can look for them. */
export function backendSession(overrides: Partial<BackendSession> = {}, now = Date.parse('2030-01-01T00:00:00Z')): BackendSession {
  return {
    identityId: IDENTITY_ID,
    token: 'eyJhbGciOiJSUzI1NiJ9.OPENID-TOKEN-1.signature',
    tokenExpiresAt: new Date(now + 15 * 60_000).toISOString(),
    refreshToken: 'REFRESH-TOKEN-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    refreshExpiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    region: 'us-east-1',
    buckets: [
      { name: 'desk-private', prefix: `${IDENTITY_ID}/` },
      { name: 'desk-shared', prefix: 'library/' },
    ],
    username: 'demo',
    ...overrides,
  };
}
