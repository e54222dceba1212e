import { describeError, type Logger } from '../logger';

/**
 * Tells listeners that something changed, with a fresh snapshot: status
 * changes go out in the same tick (several coalesced into one), byte counts
 * at most once per interval, so a window redraws a few times a second
 * however many chunks arrive.
 */
export class ChangeNotifier<T> {
  private readonly listeners = new Set<(snapshot: T) => void>();
  private lastSent = 0;
  private timer: NodeJS.Timeout | null = null;
  private urgentPending = false;
  private disposed = false;

  constructor(
    private readonly snapshot: () => T,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  subscribe(listener: (snapshot: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A status changed: send now (after the current tick's other changes). */
  urgent(): void {
    if (this.disposed || this.listeners.size === 0 || this.urgentPending) return;
    this.urgentPending = true;
    queueMicrotask(() => {
      this.urgentPending = false;
      this.send();
    });
  }

  /** Numbers moved: send when the interval allows. */
  soon(): void {
    if (this.disposed || this.listeners.size === 0 || this.timer || this.urgentPending) return;
    const wait = this.lastSent + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.send();
      return;
    }
    this.timer = setTimeout(() => this.send(), wait);
    this.timer.unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed) return;
    this.lastSent = Date.now();
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger.warn(`Could not deliver a change event: ${describeError(error)}`);
      }
    }
  }
}
