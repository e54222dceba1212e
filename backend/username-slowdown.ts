import type { RateLimitDecision } from './rate-limit';
import type { SqlDatabase } from './store/sql';

export interface SlowdownRule {
  /** Failed attempts for one username, from anywhere, before attempts are spaced out. */
  freeFailures: number;
  /** The longest wait between two attempts; the waits double up to it. */
  maxDelaySeconds: number;
}

export interface UsernameSlowdownOptions extends SlowdownRule {
  /** Failures are forgotten this long after the last one. */
  memorySeconds: number;
  now?: () => number;
}

interface FailureRow {
  failures: number;
  last_failure_at: number;
  expires_at: number;
}

const FIRST_DELAY_MS = 1000;
const PRUNE_INTERVAL_MS = 60 * 1000;

/**
 * Spaces out the attempts for a username that keeps failing, wherever they come
 * from: after `freeFailures` failures, an attempt is only let through once
 * 1 s, then 2 s, 4 s... (at most `maxDelaySeconds`) have passed since the
 * previous failure. Guessing from many addresses slows to one guess per
 * delay, while the user, who can only be made to wait that long, is never
 * locked out; a successful login from anywhere resets it. The counts live in
 * the database, shared by every instance.
 */
export class UsernameSlowdown {
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: UsernameSlowdownOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether an attempt for this username would be let through now, without counting it. */
  async check(username: string): Promise<RateLimitDecision> {
    const now = this.now();
    const row = await this.db.get<FailureRow>(
      'SELECT failures, last_failure_at, expires_at FROM login_failures WHERE username = ?',
      [username],
    );
    return this.decide(row, now);
  }

  /**
   * Lets an attempt through and counts it as a failure until reset() says
   * otherwise, or refuses it. One at a time per username across instances, so
   * attempts racing for the same moment cannot all pass.
   */
  async claim(username: string): Promise<RateLimitDecision> {
    await this.pruneOccasionally();
    const now = this.now();
    return this.db.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO login_failures (username, failures, last_failure_at, expires_at) VALUES (?, 0, 0, 0) ON CONFLICT (username) DO NOTHING',
        [username],
      );
      const row = await tx.get<FailureRow>(
        `SELECT failures, last_failure_at, expires_at FROM login_failures WHERE username = ?${tx.forUpdate}`,
        [username],
      );
      const decision = this.decide(row, now);
      if (decision.allowed) {
        const failures = row && row.expires_at > now ? row.failures : 0;
        await tx.run('UPDATE login_failures SET failures = ?, last_failure_at = ?, expires_at = ? WHERE username = ?', [
          failures + 1,
          now,
          now + this.options.memorySeconds * 1000,
          username,
        ]);
      }
      return decision;
    });
  }

  async reset(username: string): Promise<void> {
    await this.db.run('DELETE FROM login_failures WHERE username = ?', [username]);
  }

  /** The wait after `failures` failures before the next attempt, in milliseconds. */
  delayMs(failures: number): number {
    const { freeFailures, maxDelaySeconds } = this.options;
    if (failures < freeFailures) return 0;
    // Capped before exponentiating, so a huge count cannot overflow to Infinity.
    const doublings = Math.min(failures - freeFailures, 40);
    return Math.min(FIRST_DELAY_MS * 2 ** doublings, maxDelaySeconds * 1000);
  }

  private decide(row: FailureRow | undefined, now: number): RateLimitDecision {
    if (!row || row.expires_at <= now) return { allowed: true };
    const waitMs = row.last_failure_at + this.delayMs(row.failures) - now;
    // Rounded up: retrying after a rounded-down wait would still be refused.
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.db.run('DELETE FROM login_failures WHERE expires_at <= ?', [now]);
  }
}
