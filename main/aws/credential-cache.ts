import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { retryDelayMs } from '../shared/backoff';
import { describeError, silentLogger, type Logger } from '../shared/logger';
import type { RefreshObserver } from '../shared/refresh-observer';

/** Credentials as issued, with the issuer's clock (its Date header) at that moment when known. */
export interface IssuedCredentials {
  credentials: AwsCredentialIdentity;
  serverTimeMs?: number;
}

export interface CredentialCacheOptions {
  fetch: () => Promise<IssuedCredentials>;
  /** Wall-clock ms (Date.now); injectable for tests. */
  clock?: () => number;
  logger?: Logger;
  observer?: RefreshObserver;
  random?: () => number;
}

/** Refresh this long before expiry at most (the SDK's own window)... */
const MAX_REFRESH_WINDOW_MS = 5 * 60_000;
/** ...and at least this share of the lifetime before, so 10-second test credentials are refreshed in time too. */
const REFRESH_WINDOW_SHARE = 0.25;
/** Credentials closer to expiry than this are not handed out, since a request may take that long to be signed and arrive. */
const MIN_USABLE_MS = 1_000;

interface Entry {
  credentials: AwsCredentialIdentity;
  validUntil: number;
  refreshAt: number;
  /** AWS said these are expired (ExpiredToken) although our clock did not. */
  stale: boolean;
}

/**
 * The credentials an S3Client signs with, handed to it as a provider marked
 * `memoized` so the SDK uses this cache instead of wrapping its own. It does
 * what the SDK's cache does — one fetch shared by concurrent callers,
 * refreshed ahead of expiry — and three things the SDK's cannot:
 *
 * - measures lifetime against the issuer's clock (Date header), so a laptop
 *   whose clock is off by minutes neither refreshes in a loop nor trusts
 *   expired credentials;
 * - scales the refresh window to the lifetime (the SDK's is a fixed 5
 *   minutes, which would refetch short-lived credentials on every call);
 * - can be told that AWS rejected the credentials (ExpiredToken), which
 *   invalidates exactly the credentials that were used, once, however many
 *   requests report it; and while a refresh is failing (backend down),
 *   keeps handing out credentials that are still valid.
 */
export class CredentialCache {
  readonly provider: AwsCredentialIdentityProvider & { memoized: true };

  private readonly fetchCredentials: () => Promise<IssuedCredentials>;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly observer: RefreshObserver | undefined;
  private readonly random: (() => number) | undefined;
  private entry: Entry | null = null;
  private pending: Promise<AwsCredentialIdentity> | null = null;
  private failures = 0;
  private retryNotBefore = 0;
  private lastError: unknown = null;

  constructor(options: CredentialCacheOptions) {
    this.fetchCredentials = options.fetch;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer;
    this.random = options.random;
    this.provider = Object.assign(() => this.get(), { memoized: true as const });
  }

  async get(): Promise<AwsCredentialIdentity> {
    const now = this.clock();
    const entry = this.entry;
    const usable = entry !== null && !entry.stale && entry.validUntil - now > MIN_USABLE_MS;
    if (usable && now < entry.refreshAt) return entry.credentials;
    if (usable) {
      // Due for renewal but still good: renew in the background, nobody waits.
      if (!this.pending && now >= this.retryNotBefore) this.refresh().catch(() => undefined);
      return entry.credentials;
    }
    if (this.pending) return this.pending;
    if (now < this.retryNotBefore && this.lastError !== null) throw this.lastError;
    return this.refresh();
  }

  /** AWS rejected the credentials with this access key id as expired: the next get() fetches new ones. */
  invalidate(accessKeyId: string | undefined): void {
    const entry = this.entry;
    if (!entry) return;
    if (accessKeyId === undefined || entry.credentials.accessKeyId === accessKeyId) entry.stale = true;
  }

  private refresh(): Promise<AwsCredentialIdentity> {
    if (this.pending) return this.pending;
    this.observer?.refreshStarted('credentials');
    const attempt = this.fetchCredentials()
      .then(
        (issued) => this.store(issued),
        (error: unknown) => {
          const now = this.clock();
          this.lastError = error;
          this.retryNotBefore = now + retryDelayMs(this.failures, { baseMs: 500, maxMs: 5_000, random: this.random });
          this.failures += 1;
          this.logger.warn(`Getting AWS credentials failed (attempt ${this.failures}): ${describeError(error)}`);
          throw error;
        },
      )
      .finally(() => {
        this.observer?.refreshEnded('credentials');
        if (this.pending === attempt) this.pending = null;
      });
    this.pending = attempt;
    return attempt;
  }

  private store(issued: IssuedCredentials): AwsCredentialIdentity {
    const now = this.clock();
    const expiration = issued.credentials.expiration?.getTime();
    let validUntil = Number.POSITIVE_INFINITY;
    let refreshAt = Number.POSITIVE_INFINITY;
    if (expiration !== undefined) {
      const lifetime = Math.max(0, expiration - (issued.serverTimeMs ?? now));
      validUntil = now + lifetime;
      refreshAt = validUntil - Math.min(MAX_REFRESH_WINDOW_MS, lifetime * REFRESH_WINDOW_SHARE);
    }
    this.entry = { credentials: issued.credentials, validUntil, refreshAt, stale: false };
    this.failures = 0;
    this.retryNotBefore = 0;
    this.lastError = null;
    return issued.credentials;
  }
}
