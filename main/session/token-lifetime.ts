import type { BackendSession } from './backend-session';

const MAX_LIFETIME_MS = 48 * 3600_000;

/**
 * How long an OpenID token from the backend stays valid, measured so that
 * this computer's clock does not matter: the JWT's own exp − iat (both in
 * AWS time), else tokenExpiresAt against the backend's Date header, else
 * against the local clock. A laptop whose clock is 15 minutes off would
 * otherwise see a fresh 15-minute token as already expired and refresh in
 * a loop, or trust an expired one.
 */
export function tokenLifetimeMs(session: BackendSession, localNowMs: number): number {
  const fromJwt = jwtLifetimeMs(session.token);
  if (fromJwt !== null) return fromJwt;
  const reference = session.serverTimeMs ?? localNowMs;
  return Math.max(0, Date.parse(session.tokenExpiresAt) - reference);
}

function jwtLifetimeMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return null;
    // iat is whole seconds, rounded down: the token may have been issued up to a second later than it says.
    const lifetime = (claims.exp - claims.iat) * 1000 - 1000;
    return lifetime > 0 && lifetime <= MAX_LIFETIME_MS ? lifetime : null;
  } catch {
    return null;
  }
}
