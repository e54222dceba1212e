import type { BackendSession } from '../../../main/session/backend-session';
import type { BackendEndpoint } from '../../../main/session/backend-url';
import { ServiceError } from '../../../main/shared/errors';
import type { SessionBackend } from '../../../main/session/session-service';
import { IDENTITY_ID, backendSession } from './sessions';

/** An unsigned JWT-shaped token whose iat/exp say when it was issued and expires, on the issuer's clock. */
function jwt(nowMs: number, lifetimeMs: number, serial: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  return `${encode({ alg: 'RS256' })}.${encode({ sub: `subject-${serial}`, iat, exp: iat + lifetimeMs / 1000 })}.signature-${serial}`;
}

/**
 * A backend that behaves like the reference one (login checks a password,
 * refresh rotates the refresh token and refuses a rotated one) and records calls.
 */
export class FakeBackend implements SessionBackend {
  readonly calls: Array<{ op: 'login' | 'refresh' | 'logout'; origin: string; refreshToken?: string }> = [];
  password = 'correct horse battery staple';
  tokenLifetimeMs = 15 * 60_000;
  /** Makes the next refreshes fail with this error. */
  refreshFailure: Error | null = null;
  /** Resolves when a refresh may answer; lets tests hold refreshes in flight. */
  refreshGate: Promise<void> = Promise.resolve();
  /** Added to the test clock for the backend's own clock (its Date header); a skewed laptop has the opposite. */
  clockOffsetMs = 0;
  /** Issue real-looking JWTs (with iat/exp on the backend's clock) instead of opaque tokens. */
  jwtTokens = false;
  private serial = 0;
  /** Valid refresh token → the user it belongs to. */
  private readonly valid = new Map<string, string>();

  constructor(private readonly clock: () => number) {}

  async login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession> {
    this.calls.push({ op: 'login', origin: endpoint.origin });
    if (password !== this.password) throw new ServiceError('invalid_credentials', 'The username or password is incorrect.');
    return this.issue(username);
  }

  async refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession> {
    this.calls.push({ op: 'refresh', origin: endpoint.origin, refreshToken });
    if (this.refreshFailure) throw this.refreshFailure;
    const username = this.valid.get(refreshToken);
    if (username === undefined) throw new ServiceError('session_expired', 'Your session has expired. Sign in again.');
    this.valid.delete(refreshToken);
    const session = this.issue(username);
    // The backend has rotated the token; the reply is still on its way.
    await this.refreshGate;
    return session;
  }

  async logout(endpoint: BackendEndpoint, refreshToken: string): Promise<void> {
    this.calls.push({ op: 'logout', origin: endpoint.origin, refreshToken });
    this.valid.delete(refreshToken);
  }

  count(op: 'login' | 'refresh' | 'logout'): number {
    return this.calls.filter((call) => call.op === op).length;
  }

  private readonly identities = new Map<string, string>([['demo', IDENTITY_ID]]);

  private identityOf(user: string): string {
    if (!this.identities.has(user)) this.identities.set(user, `us-east-1:0f3c5d1e-0000-0000-0000-${String(this.identities.size).padStart(12, '0')}`);
    return this.identities.get(user)!;
  }

  /** Every token and refresh token this backend ever issued. */
  readonly issued: string[] = [];

  private issue(username: string): BackendSession {
    this.serial += 1;
    const now = this.clock() + this.clockOffsetMs;
    const user = username.toLowerCase();
    const session = backendSession(
      {
        username: user,
        identityId: this.identityOf(user),
        token: this.jwtTokens ? jwt(now, this.tokenLifetimeMs, this.serial) : `eyJhbGciOiJSUzI1NiJ9.OPENID-TOKEN-${this.serial}.signature`,
        refreshToken: `REFRESH-TOKEN-${this.serial}-${'x'.repeat(32)}`,
        tokenExpiresAt: new Date(now + this.tokenLifetimeMs).toISOString(),
        serverTimeMs: now,
      },
      now,
    );
    this.valid.set(session.refreshToken, user);
    this.issued.push(session.token, session.refreshToken);
    return session;
  }
}
