import type { BackendSession } from '../../../main/services/backend-session';
import type { BackendEndpoint } from '../../../main/services/backend-url';
import { ServiceError } from '../../../main/services/errors';
import type { SessionBackend } from '../../../main/services/session-service';
import { backendSession } from './sessions';

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
  private serial = 0;
  private readonly valid = new Set<string>();

  constructor(private readonly clock: () => number) {}

  async login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession> {
    this.calls.push({ op: 'login', origin: endpoint.origin });
    if (password !== this.password) throw new ServiceError('invalid_credentials', 'The username or password is incorrect.');
    return this.issue(username);
  }

  async refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession> {
    this.calls.push({ op: 'refresh', origin: endpoint.origin, refreshToken });
    if (this.refreshFailure) throw this.refreshFailure;
    if (!this.valid.delete(refreshToken)) throw new ServiceError('session_expired', 'Your session has expired. Sign in again.');
    const session = this.issue('demo');
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

  /** Every token and refresh token this backend ever issued. */
  readonly issued: string[] = [];

  private issue(username: string): BackendSession {
    this.serial += 1;
    const now = this.clock();
    const session = backendSession(
      {
        username: username.toLowerCase(),
        token: `eyJhbGciOiJSUzI1NiJ9.OPENID-TOKEN-${this.serial}.signature`,
        refreshToken: `REFRESH-TOKEN-${this.serial}-${'x'.repeat(32)}`,
        tokenExpiresAt: new Date(now + this.tokenLifetimeMs).toISOString(),
      },
      now,
    );
    this.valid.add(session.refreshToken);
    this.issued.push(session.token, session.refreshToken);
    return session;
  }
}
