import type { ConnectionStatus } from '../../common/ipc';
import type { BackendSession, SessionBucket } from './backend-session';
import type { RefreshObserver } from '../shared/refresh-observer';
import type { BackendEndpoint } from './backend-url';
import { retryDelayMs } from '../shared/backoff';
import { ServiceError, isServiceError, notSignedIn } from '../shared/errors';
import { describeError, type Logger } from '../shared/logger';
import { KeychainUnavailableError } from './secret-store';
import type { SavedAccounts } from './saved-accounts';
import { tokenLifetimeMs } from './token-lifetime';
import { WallClockTimer } from '../shared/wall-clock-timer';

/** The backend calls a session needs (BackendClient implements them). */
export interface SessionBackend {
  login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession>;
  refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession>;
  logout(endpoint: BackendEndpoint, refreshToken: string): Promise<void>;
}

export interface LiveSessionDeps {
  backend: SessionBackend;
  accounts: SavedAccounts;
  clock: () => number;
  logger: Logger;
  /** [0, 1) for backoff jitter. */
  random?: () => number;
  observer?: RefreshObserver;
  /** Something a person can see changed (token times, connection, remembered). */
  onChange: (session: LiveSession) => void;
  /** The backend will never refresh this session again (refresh token invalid, re-used or expired). */
  onExpired: (session: LiveSession, reason: string) => void;
}

/** Refresh this long before expiry at most... */
const MAX_REFRESH_MARGIN_MS = 60_000;
/** ...and at least this share of the token's lifetime before, so short-lived tokens are refreshed in time too. */
const REFRESH_MARGIN_SHARE = 0.2;
/** After a failed refresh, a token valid this much longer is still handed out. */
const STILL_USABLE_MS = 2_000;
/** After a failed refresh, callers needing a new token get the same error for this long instead of a new attempt each. */
const FAILURE_COOLDOWN_MS = 1_000;

type Lifecycle = 'active' | 'parked' | 'ended';

/**
 * One signed-in account: the backend's Session in memory, refreshed through
 * the backend ahead of expiry on a wall-clock schedule, with every rotated
 * refresh token saved to the keychain at once. Any number of concurrent
 * callers of freshToken() share one refresh: the backend rotates refresh
 * tokens and treats re-use as theft, revoking the whole sign-in.
 *
 * A session is 'active' (the one the app uses), 'parked' (switched away
 * from: no more refreshes, but a refresh already running still saves its
 * rotated token) or 'ended' (signed out: anything it still gets is revoked).
 */
export class LiveSession {
  /** Changes with every sign-in, so per-session resources (S3 clients) can tell sessions apart. */
  readonly id: number;
  readonly accountId: string;
  readonly endpoint: BackendEndpoint;
  remembered = false;
  rememberError: string | null = null;
  connection: ConnectionStatus = { status: 'online' };

  private secrets: BackendSession;
  private validUntil = 0;
  private lifetime = 0;
  private lifecycle: Lifecycle = 'active';
  private refreshing: Promise<string> | null = null;
  private failures = 0;
  private lastFailure: { at: number; error: unknown } | null = null;
  private readonly timer: WallClockTimer;

  constructor(
    private readonly deps: LiveSessionDeps,
    init: { id: number; accountId: string; endpoint: BackendEndpoint; session: BackendSession },
  ) {
    this.id = init.id;
    this.accountId = init.accountId;
    this.endpoint = init.endpoint;
    this.secrets = init.session;
    this.timer = new WallClockTimer({ now: deps.clock });
    this.take(init.session);
  }

  get identityId(): string {
    return this.secrets.identityId;
  }

  get username(): string {
    return this.secrets.username;
  }

  get region(): string {
    return this.secrets.region || this.secrets.identityId.split(':')[0] || 'us-east-1';
  }

  get buckets(): SessionBucket[] {
    return this.secrets.buckets.map((bucket) => ({ ...bucket }));
  }

  /** When the current OpenID token expires, on this computer's clock. */
  get tokenValidUntil(): number {
    return this.validUntil;
  }

  get isEnded(): boolean {
    return this.lifecycle === 'ended';
  }

  /** The refresh token to revoke when this session is signed out. Main-process use only. */
  get refreshTokenForLogout(): string {
    return this.secrets.refreshToken;
  }

  /** Starts the refresh schedule. */
  start(): void {
    if (this.lifecycle === 'active') this.scheduleRefresh();
  }

  /** Switched away from: stays remembered, stops refreshing. */
  park(): void {
    if (this.lifecycle === 'active') this.lifecycle = 'parked';
    this.timer.cancel();
  }

  /** Signed out: no more refreshes, and a refresh still in flight is revoked when it lands. */
  end(): void {
    this.lifecycle = 'ended';
    this.timer.cancel();
  }

  /** After the computer wakes up: refresh now if the schedule says it is due. */
  checkSchedule(): void {
    this.timer.check();
  }

  /** A current OpenID token, refreshed first when it is about to expire. */
  async freshToken(): Promise<string> {
    if (this.lifecycle === 'ended') throw notSignedIn();
    const now = this.deps.clock();
    if (this.validUntil - now > this.margin()) return this.secrets.token;
    const failure = this.lastFailure;
    if (failure && !this.refreshing && now - failure.at < FAILURE_COOLDOWN_MS) {
      if (this.usable(now)) return this.secrets.token;
      throw failure.error;
    }
    return this.refresh();
  }

  /** AWS refused this token (e.g. NotAuthorized: expired): the next freshToken() refreshes whatever the clock says. */
  invalidateToken(token: string): void {
    if (this.secrets.token === token) this.validUntil = 0;
  }

  /** Refreshes now (single-flight); resolves with the token, or the still-valid one after a passing failure. */
  refresh(): Promise<string> {
    if (this.lifecycle === 'ended') return Promise.reject(notSignedIn());
    if (!this.refreshing) {
      const attempt = this.runRefresh().finally(() => {
        if (this.refreshing === attempt) this.refreshing = null;
      });
      this.refreshing = attempt;
    }
    return this.refreshing;
  }

  /** Saves identityId + the current refresh token; a keychain failure only costs "remember me". */
  async remember(): Promise<void> {
    if (this.lifecycle === 'ended') return;
    try {
      await this.deps.accounts.save(this.accountId, { identityId: this.secrets.identityId, refreshToken: this.secrets.refreshToken });
      this.remembered = true;
      this.rememberError = null;
    } catch (error) {
      this.remembered = false;
      this.rememberError = error instanceof KeychainUnavailableError ? error.reason : 'S3 Desk could not save your sign-in to the system keychain.';
      this.deps.logger.warn(`Could not remember the session in the keychain: ${describeError(error)}`);
      // The older entry now holds a rotated refresh token; presenting it later would look like theft
      // to the backend and revoke the whole sign-in, so it must not stay behind.
      await this.deps.accounts.delete(this.accountId).catch(() => false);
    }
  }

  private async runRefresh(): Promise<string> {
    let next: BackendSession;
    this.deps.observer?.refreshStarted('token');
    try {
      next = await this.deps.backend.refresh(this.endpoint, this.secrets.refreshToken);
    } catch (error) {
      return this.refreshFailed(error);
    } finally {
      this.deps.observer?.refreshEnded('token');
    }

    if (this.lifecycle === 'ended') {
      this.revoke(next.refreshToken, 'a refresh that landed after sign-out');
      throw notSignedIn();
    }
    if (next.identityId !== this.secrets.identityId) {
      this.revoke(next.refreshToken, 'a refresh for a different identity');
      const reason = 'The backend answered with a different identity for this sign-in. Sign in again.';
      this.deps.onExpired(this, reason);
      throw new ServiceError('session_expired', reason);
    }

    this.take(next);
    this.failures = 0;
    this.lastFailure = null;
    this.connection = { status: 'online' };
    // Saved even when parked: the keychain must always hold the newest refresh token.
    await this.remember();
    if (this.lifecycle === 'active') {
      this.scheduleRefresh();
      this.deps.onChange(this);
    }
    return next.token;
  }

  private refreshFailed(error: unknown): string {
    if (isServiceError(error) && error.code === 'session_expired') {
      this.timer.cancel();
      if (this.lifecycle !== 'ended') this.deps.onExpired(this, error.message);
      throw error;
    }
    const now = this.deps.clock();
    this.lastFailure = { at: now, error };
    this.deps.logger.warn(`Token refresh failed (attempt ${this.failures + 1}): ${describeError(error)}`);
    if (this.lifecycle === 'active') {
      const retryAfterMs = isServiceError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
      const delay = Math.max(retryAfterMs, retryDelayMs(this.failures, { random: this.deps.random }));
      this.failures += 1;
      const nextAttemptAt = now + delay;
      this.timer.at(nextAttemptAt, () => this.backgroundRefresh());
      this.connection = {
        status: 'reconnecting',
        // Only our own errors carry sentences vetted for the UI; anything else stays in the log.
        message: isServiceError(error) ? error.message : 'The session could not be renewed; S3 Desk will try again.',
        nextAttemptAt: new Date(nextAttemptAt).toISOString(),
      };
      this.deps.onChange(this);
    }
    // A passing failure (network, 5xx, throttling): a token that is still valid keeps the app working meanwhile.
    if (this.usable(now)) return this.secrets.token;
    throw error;
  }

  private scheduleRefresh(): void {
    this.timer.at(this.validUntil - this.margin(), () => this.backgroundRefresh());
  }

  private backgroundRefresh(): void {
    if (this.lifecycle !== 'active') return;
    if (this.connection.status === 'reconnecting') {
      this.connection = { ...this.connection, nextAttemptAt: null };
      this.deps.onChange(this);
    }
    // Failures are handled (and shown) by refreshFailed; nothing awaits a background refresh.
    this.refresh().catch(() => undefined);
  }

  private take(session: BackendSession): void {
    const now = this.deps.clock();
    this.secrets = session;
    this.lifetime = tokenLifetimeMs(session, now);
    this.validUntil = now + this.lifetime;
  }

  private margin(): number {
    return Math.min(MAX_REFRESH_MARGIN_MS, this.lifetime * REFRESH_MARGIN_SHARE);
  }

  private usable(now: number): boolean {
    return this.validUntil - now > STILL_USABLE_MS;
  }

  private revoke(refreshToken: string, what: string): void {
    this.deps.backend
      .logout(this.endpoint, refreshToken)
      .catch((error: unknown) => this.deps.logger.warn(`Revoking ${what} failed: ${describeError(error)}`));
  }
}
