export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Window {
  startedAt: number;
  count: number;
}

export interface FixedWindowLimiterOptions extends RateLimit {
  now?: () => number;
  /** Hard cap on tracked keys, so a flood of distinct usernames cannot exhaust memory. */
  maxEntries?: number;
}

/**
 * Counts hits per key in fixed windows that start at a key's first hit. Kept
 * in memory: limits reset on restart, which is acceptable for a login throttle.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private readonly max: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: FixedWindowLimiterOptions) {
    this.max = options.max;
    this.windowMs = options.windowSeconds * 1000;
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  get size(): number {
    return this.windows.size;
  }

  check(key: string): RateLimitDecision {
    const window = this.current(key);
    if (!window || window.count < this.max) return { allowed: true };
    const remainingMs = window.startedAt + this.windowMs - this.now();
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
  }

  hit(key: string): void {
    const window = this.current(key);
    if (window) {
      window.count++;
      return;
    }
    if (this.windows.size >= this.maxEntries) this.prune();
    if (this.windows.size >= this.maxEntries) {
      // Still full of live windows: drop the oldest (Map keeps insertion order).
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(key, { startedAt: this.now(), count: 1 });
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  prune(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
