import type { BackendConfig } from './config';
import type { OpenIdToken, OpenIdTokenIssuer } from './cognito';
import { identityServiceError } from './cognito-errors';
import { invalidCredentials, invalidRefreshToken, rateLimited, refreshTokenReused } from './errors';
import type { KnownAddresses } from './known-addresses';
import type { FixedWindowLimiter, RateLimitDecision } from './rate-limit';
import type { RefreshTokenStore } from './refresh-tokens';
import { buildSession, type Session } from './session';
import { normalizeUsername, type UserRecord, type UserStore } from './users';
import type { UsernameSlowdown } from './username-slowdown';

/** The login limits, as named in logs and metrics. */
export type LoginLimit = 'address' | 'user_address' | 'username';

export interface AuthDependencies {
  config: BackendConfig;
  users: UserStore;
  refreshTokens: RefreshTokenStore;
  issuer: OpenIdTokenIssuer;
  /** All attempts per client address (counters shared by every instance on the database). */
  addressLimiter: FixedWindowLimiter;
  /** Failed attempts per username and client address. */
  userAddressLimiter: FixedWindowLimiter;
  /** Attempts per username from anywhere, spaced out once it keeps failing. */
  usernameSlowdown: UsernameSlowdown;
  /** Addresses a username signed in from lately, spared the slowdown. */
  knownAddresses: KnownAddresses;
  now: () => number;
}

/** The auth operations of the contract, free of HTTP so their rules read in one place. */
export class AuthService {
  constructor(private readonly deps: AuthDependencies) {}

  async login(username: string, password: string, clientAddress: string): Promise<Session> {
    const { users, addressLimiter, userAddressLimiter, usernameSlowdown, knownAddresses } = this.deps;
    const name = normalizeUsername(username);
    // An address never holds a newline, so the first one tells the two parts apart whatever the name holds.
    const userAddressKey = `${clientAddress}\n${name}`;
    const limits: [LoginLimit, (step: 'check' | 'hit') => Promise<RateLimitDecision>][] = [
      ['address', (step) => addressLimiter[step](clientAddress)],
      ['user_address', (step) => userAddressLimiter[step](userAddressKey)],
    ];
    if (!(await knownAddresses.has(name, clientAddress))) {
      limits.push(['username', (step) => (step === 'check' ? usernameSlowdown.check(name) : usernameSlowdown.claim(name))]);
    }
    // Limits are checked before any password work, so a blocked caller costs no scrypt run.
    for (const [limit, decide] of limits) refuseUnless(limit, await decide('check'));
    // The user's attempt is counted as failed until proven otherwise, so parallel
    // guesses cannot all slip through while their hashes are being checked; a
    // hit refused here lost a race with another request, maybe on another instance.
    for (const [limit, decide] of limits) refuseUnless(limit, await decide('hit'));
    const user = await users.verify(name, password);
    if (!user) throw invalidCredentials();
    await Promise.all([
      userAddressLimiter.reset(userAddressKey),
      usernameSlowdown.reset(name),
      knownAddresses.remember(name, clientAddress),
    ]);

    const openId = await this.issue(user);
    const refresh = await this.deps.refreshTokens.issue(user.id);
    return this.session(user, openId, refresh);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const { refreshTokens, users } = this.deps;
    const found = await refreshTokens.lookup(refreshToken);
    if (found.status === 'reused') {
      await refreshTokens.revokeFamily(found.familyId, 'reuse_detected');
      throw refreshTokenReused();
    }
    // 'retried': the token was rotated moments ago and its successor is unused,
    // so this is most likely a retry after a lost answer; rotate() answers that
    // same successor (and re-checks, in case the family moved on meanwhile).
    if (found.status !== 'valid' && found.status !== 'retried') throw invalidRefreshToken();
    const user = await users.getById(found.token.userId);
    if (!user) throw invalidRefreshToken();

    // Cognito first: if it fails, the client's token has not been spent and a retry works.
    const openId = await this.issue(user);
    const rotated = await refreshTokens.rotate(refreshToken);
    if (rotated.status === 'reused') throw refreshTokenReused();
    if (rotated.status !== 'rotated') throw invalidRefreshToken();
    return this.session(user, openId, rotated.issued);
  }

  async logout(refreshToken: string): Promise<void> {
    const { refreshTokens } = this.deps;
    const found = await refreshTokens.lookup(refreshToken);
    if (found.status === 'valid') {
      await refreshTokens.revokeFamily(found.token.familyId, 'logout');
      return;
    }
    // A rotated token still names its family; ending that family is what a
    // logout wants and what a replay deserves, but the token itself was not valid.
    // (Within the grace window it is most likely the client's own stale copy.)
    if (found.status === 'retried') await refreshTokens.revokeFamily(found.token.familyId, 'logout');
    if (found.status === 'reused') await refreshTokens.revokeFamily(found.familyId, 'reuse_detected');
    throw invalidRefreshToken();
  }

  private async issue(user: UserRecord): Promise<OpenIdToken> {
    let openId: OpenIdToken;
    try {
      openId = await this.deps.issuer.issue({
        userId: user.id,
        ...(user.identityId ? { identityId: user.identityId } : {}),
      });
    } catch (error) {
      throw identityServiceError(error);
    }
    if (openId.identityId !== user.identityId) await this.deps.users.setIdentityId(user.id, openId.identityId);
    return openId;
  }

  private session(user: UserRecord, openId: OpenIdToken, refresh: { token: string; expiresAt: number }): Session {
    const { config, now } = this.deps;
    return buildSession({
      openId,
      refresh,
      username: user.username,
      region: config.region,
      buckets: config.buckets,
      tokenDurationSeconds: config.tokenDurationSeconds,
      now: now(),
    });
  }
}

function refuseUnless(limit: LoginLimit, decision: RateLimitDecision): void {
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds, limit);
}
