/**
 * When each chunk of a shaped connection may be delivered, modelled like
 * netem: a serial link (a chunk of n bytes occupies it n / rate seconds, one
 * chunk after another), then a one-way propagation delay with jitter.
 * Pure arithmetic on times in milliseconds, so the shaping proxy and its
 * tests share one model.
 */

/** A link several connections share (the aggregate cap, one per direction). */
export class SharedLink {
  /** When the link has finished sending everything reserved on it. */
  freeAtMs = Number.NEGATIVE_INFINITY;
  constructor(readonly bytesPerSecond: number) {}
}

export interface DirectionOptions {
  /** One-way delay, ms (half the profile's round trip). */
  delayMs: number;
  /** Each chunk's delay varies uniformly within ± this, ms. */
  jitterMs: number;
  /** This connection's own rate in this direction; null = unlimited. */
  bytesPerSecond: number | null;
  /** The link all connections share in this direction, if capped. */
  shared: SharedLink | null;
  /** Nothing leaves before this time (the TCP handshake), ms. */
  notBeforeMs?: number;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
}

/** One direction of one connection. */
export class DirectionSchedule {
  private freeAtMs: number;
  private lastReleaseMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: DirectionOptions) {
    this.freeAtMs = options.notBeforeMs ?? Number.NEGATIVE_INFINITY;
  }

  /** When a chunk of `bytes` handed over at `nowMs` arrives at the other end. Never earlier than the chunk before it. */
  releaseAt(bytes: number, nowMs: number): number {
    const { delayMs, jitterMs, bytesPerSecond, shared, random = Math.random } = this.options;
    const start = Math.max(nowMs, this.freeAtMs, shared ? shared.freeAtMs : Number.NEGATIVE_INFINITY);
    let sent = start;
    if (bytesPerSecond !== null) {
      this.freeAtMs = start + (bytes * 1000) / bytesPerSecond;
      sent = this.freeAtMs;
    }
    if (shared) {
      shared.freeAtMs = start + (bytes * 1000) / shared.bytesPerSecond;
      sent = Math.max(sent, shared.freeAtMs);
    }
    const delay = jitterMs > 0 ? Math.max(0, delayMs + (random() * 2 - 1) * jitterMs) : delayMs;
    this.lastReleaseMs = Math.max(sent + delay, this.lastReleaseMs);
    return this.lastReleaseMs;
  }
}
