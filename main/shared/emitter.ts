import { describeError, type Logger } from './logger';

/**
 * A typed set of listeners. One listener that throws is logged and does not
 * stop the others, so a broken window bridge cannot starve the services that
 * listen to the same event.
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(
    private readonly logger: Logger,
    /** Says in the log what could not be delivered, e.g. "a listing event". */
    private readonly what: string,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Returns the function that removes the listener. */
  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.logger.warn(`Could not deliver ${this.what}: ${describeError(error)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
