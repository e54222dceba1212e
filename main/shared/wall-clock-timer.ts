export interface WallClockTimerOptions {
  /** Wall-clock time in ms since the epoch (Date.now). */
  now?: () => number;
  /** Longest single sleep; the deadline is re-checked against the wall clock after each (default 15 s). */
  maxStepMs?: number;
}

/**
 * Runs a callback at a wall-clock time. Node's setTimeout counts on a
 * monotonic clock that stops while a laptop sleeps, so a plain 14-minute
 * timer set before a one-hour sleep fires 14 minutes after waking — long
 * after the token it was meant to refresh has expired. Sleeping in short
 * steps and comparing with Date.now() each time bounds that lateness to one
 * step; check() (on powerMonitor 'resume') removes even that.
 */
export class WallClockTimer {
  private readonly now: () => number;
  private readonly maxStepMs: number;
  private deadline: number | null = null;
  private callback: (() => void) | null = null;
  private handle: NodeJS.Timeout | null = null;

  constructor(options: WallClockTimerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxStepMs = options.maxStepMs ?? 15_000;
  }

  /** Replaces any earlier schedule. */
  at(deadline: number, callback: () => void): void {
    this.cancel();
    this.deadline = deadline;
    this.callback = callback;
    this.arm();
  }

  cancel(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.deadline = null;
    this.callback = null;
  }

  /** When the callback is due, in wall-clock ms; null when nothing is scheduled. */
  scheduledFor(): number | null {
    return this.deadline;
  }

  /** Fires now if the deadline has passed (e.g. after the computer woke up); otherwise re-arms. */
  check(): void {
    if (this.deadline === null) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.arm();
  }

  private arm(): void {
    const deadline = this.deadline;
    if (deadline === null) return;
    const remaining = deadline - this.now();
    if (remaining <= 0) {
      const callback = this.callback;
      this.deadline = null;
      this.callback = null;
      callback?.();
      return;
    }
    this.handle = setTimeout(() => {
      this.handle = null;
      this.arm();
    }, Math.min(remaining, this.maxStepMs));
    // A pending refresh must not keep a quitting app (or a finished test) alive.
    this.handle.unref?.();
  }
}
