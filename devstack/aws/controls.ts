import { Clock } from './clock';
import { FaultInjector } from './faults';

export const DEFAULT_RESTORE_DELAY_SECONDS = 2;

/** Knobs tests turn: the clock, lifetimes, restore delay, faults; and counters tests read. */
export class EmulatorControls {
  readonly clock = new Clock();
  readonly faults = new FaultInjector();
  credentialLifetimeSeconds: number;
  tokenLifetimeSeconds: number | undefined;
  /**
   * How long a RestoreObject takes, on the emulator's clock. Short by default
   * so that the app shows "restoring" and then the restored object; tests set
   * it long and move the clock instead of waiting.
   */
  restoreDelaySeconds: number;
  private calls = new Map<string, number>();

  constructor(options: { credentialLifetimeSeconds?: number; tokenLifetimeSeconds?: number; restoreDelaySeconds?: number } = {}) {
    this.credentialLifetimeSeconds = options.credentialLifetimeSeconds ?? 3600;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
    this.restoreDelaySeconds = options.restoreDelaySeconds ?? DEFAULT_RESTORE_DELAY_SECONDS;
  }

  setRestoreDelaySeconds(seconds: number): void {
    this.restoreDelaySeconds = seconds;
  }

  setLifetimes(lifetimes: { credentialLifetimeSeconds?: number; tokenLifetimeSeconds?: number | null }): void {
    if (lifetimes.credentialLifetimeSeconds !== undefined) this.credentialLifetimeSeconds = lifetimes.credentialLifetimeSeconds;
    if (lifetimes.tokenLifetimeSeconds !== undefined) this.tokenLifetimeSeconds = lifetimes.tokenLifetimeSeconds ?? undefined;
  }

  countCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  /** Calls per operation since start (or the last reset), including rejected ones. */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.calls);
  }

  resetStats(): void {
    this.calls.clear();
  }

  state() {
    return {
      clockOffsetSeconds: this.clock.offsetSeconds,
      credentialLifetimeSeconds: this.credentialLifetimeSeconds,
      tokenLifetimeSeconds: this.tokenLifetimeSeconds ?? null,
      restoreDelaySeconds: this.restoreDelaySeconds,
      faults: this.faults.list(),
      calls: this.callCounts(),
    };
  }
}
