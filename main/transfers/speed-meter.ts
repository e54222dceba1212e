/**
 * Bytes per second over a sliding window, so the number shown follows the
 * last few seconds rather than the average since the start, and falls to 0
 * when bytes stop moving.
 */
export class SpeedMeter {
  private total = 0;
  /** Cumulative byte counts with their times, oldest first; the first one is the window's base. */
  private samples: Array<{ at: number; total: number }> = [];

  constructor(private readonly windowMs = 3_000) {}

  /** Starts measuring afresh (a job starts or restarts running). */
  reset(now: number): void {
    this.samples = [{ at: now, total: this.total }];
  }

  add(bytes: number, now: number): void {
    this.total += bytes;
    this.samples.push({ at: now, total: this.total });
    this.prune(now);
  }

  bytesPerSecond(now: number): number {
    this.prune(now);
    const base = this.samples[0];
    if (!base) return 0;
    // Never divide by less than half a second: a first burst would otherwise read as an absurd speed.
    const seconds = Math.max(now - base.at, 500) / 1000;
    return Math.round((this.total - base.total) / seconds);
  }

  /** Keeps the newest sample at or before the window's start as the base, and everything after it. */
  private prune(now: number): void {
    const start = now - this.windowMs;
    let base = 0;
    while (base + 1 < this.samples.length && this.samples[base + 1]!.at <= start) base += 1;
    if (base > 0) this.samples.splice(0, base);
    const first = this.samples[0];
    // A base older than the window would stretch it: move it to the window's start with its count.
    if (first && first.at < start) first.at = start;
    if (this.samples.length === 0) this.samples.push({ at: now, total: this.total });
  }
}
