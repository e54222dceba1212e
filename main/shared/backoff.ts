export interface BackoffOptions {
  /** First delay before jitter (default 1 s). */
  baseMs?: number;
  /** Ceiling before jitter (default 60 s). */
  maxMs?: number;
  /** [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with
 * "equal jitter" (half fixed, half random). The fixed half keeps retries from
 * hammering a backend that is down; the random half keeps many desktops that
 * lost the same backend from coming back in lockstep.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 1_000;
  const maxMs = options.maxMs ?? 60_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
