import type { SqlDatabase } from './store/sql';

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface FixedWindowLimiterOptions extends RateLimit {
  /** Keeps this limiter's keys apart from other limiters' in the shared table, e.g. "user". */
  name: string;
  now?: () => number;
}

interface CounterRow {
  hits: number;
  expires_at: number;
}

const PRUNE_INTERVAL_MS = 60 * 1000;

/**
 * Counts hits per key in fixed windows that start at a key's first hit. The
 * counters live in the database, so every instance sharing it counts together
 * and a restart forgets nothing; each hit is one atomic upsert, so hits racing
 * on several instances are all counted. Expired windows are deleted now and
 * then, which bounds the table by the traffic of one window.
 */
export class FixedWindowLimiter {
  private readonly windowMs: number;
  private readonly max: number;
  private readonly prefix: string;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly db: SqlDatabase,
    options: FixedWindowLimiterOptions,
  ) {
    this.max = options.max;
    this.windowMs = options.windowSeconds * 1000;
    this.prefix = `${options.name}:`;
    this.now = options.now ?? Date.now;
  }

  /** Whether one more hit would still be within the limit, without counting anything. */
  async check(key: string): Promise<RateLimitDecision> {
    const now = this.now();
    const row = await this.db.get<CounterRow>(
      'SELECT hits, expires_at FROM rate_limit_counters WHERE counter_key = ? AND expires_at > ?',
      [this.prefix + key, now],
    );
    return row && row.hits >= this.max ? this.refusal(row, now) : { allowed: true };
  }

  /** Counts a hit; refused when it went over the limit (another instance may have counted in between a check and this). */
  async hit(key: string): Promise<RateLimitDecision> {
    await this.pruneOccasionally();
    const now = this.now();
    // A window that has run out starts again at this hit, in the same statement.
    const row = await this.db.get<CounterRow>(
      `INSERT INTO rate_limit_counters (counter_key, window_started_at, hits, expires_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (counter_key) DO UPDATE SET
         hits = CASE WHEN rate_limit_counters.expires_at <= excluded.window_started_at
                THEN 1 ELSE rate_limit_counters.hits + 1 END,
         window_started_at = CASE WHEN rate_limit_counters.expires_at <= excluded.window_started_at
                THEN excluded.window_started_at ELSE rate_limit_counters.window_started_at END,
         expires_at = CASE WHEN rate_limit_counters.expires_at <= excluded.window_started_at
                THEN excluded.expires_at ELSE rate_limit_counters.expires_at END
       RETURNING hits, expires_at`,
      [this.prefix + key, now, now + this.windowMs],
    );
    if (!row) throw new Error('The rate-limit counter upsert returned no row.');
    return row.hits > this.max ? this.refusal(row, now) : { allowed: true };
  }

  async reset(key: string): Promise<void> {
    await this.db.run('DELETE FROM rate_limit_counters WHERE counter_key = ?', [this.prefix + key]);
  }

  /** Deletes every expired window (of any limiter); resolves to how many. */
  prune(): Promise<number> {
    return this.db.run('DELETE FROM rate_limit_counters WHERE expires_at <= ?', [this.now()]);
  }

  private refusal(row: CounterRow, now: number): RateLimitDecision {
    // Rounded up: retrying after a rounded-down wait would still be refused.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.expires_at - now) / 1000)) };
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.prune();
  }
}
