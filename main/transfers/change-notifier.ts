import { Emitter } from '../shared/emitter';
import type { Logger } from '../shared/logger';

/**
 * Tells listeners that something changed, with a fresh snapshot: status
 * changes go out in the same tick (several coalesced into one), numbers
 * (bytes, files done) at most once per interval, so a window redraws a few
 * times a second however many chunks or files arrive.
 */
export class ChangeNotifier<T> {
  private readonly changed: Emitter<T>;
  private lastSent = 0;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private urgentPending = false;
  private disposed = false;

  constructor(
    private readonly snapshot: () => T,
    logger: Logger,
    private readonly intervalMs = 200,
  ) {
    this.changed = new Emitter(logger, 'a change event');
  }

  subscribe(listener: (snapshot: T) => void): () => void {
    return this.changed.on(listener);
  }

  /** A status changed: send now (after the current tick's other changes). */
  urgent(): void {
    if (this.disposed || this.changed.size === 0 || this.urgentPending) return;
    this.urgentPending = true;
    queueMicrotask(() => {
      this.urgentPending = false;
      this.send();
    });
  }

  /** Numbers moved: send when the interval allows. */
  soon(): void {
    if (this.disposed || this.changed.size === 0 || this.timer || this.urgentPending) return;
    const wait = this.lastSent + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.send();
      return;
    }
    this.timer = setTimeout(() => this.send(), wait);
    this.timer.unref();
  }

  /**
   * While `busy()` holds, a change at least every `everyMs` even when nothing
   * reports one, so numbers that depend on time (a speed that has stalled)
   * still reach the screen. Stops by itself once `busy()` no longer holds.
   */
  keepAlive(busy: () => boolean, everyMs: number): void {
    if (this.disposed || this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      if (busy()) this.soon();
      else this.stopHeartbeat();
    }, everyMs);
    this.heartbeat.unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopHeartbeat();
    this.changed.clear();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed) return;
    this.lastSent = Date.now();
    this.changed.emit(this.snapshot());
  }
}
