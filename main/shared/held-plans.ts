/**
 * Plans waiting for the user's answer, by id. A plan is taken once, or
 * discarded, or it expires after `ttlMs`: a dialog left open should not pin a
 * large scan or listing in memory for good. Plans belong to a session, and
 * go with it, so none starts under someone else's credentials.
 */
export class HeldPlans<T extends { sessionId: number }> {
  private readonly held = new Map<string, { held: T; timer: NodeJS.Timeout }>();

  constructor(private readonly ttlMs: number) {}

  protected keep(planId: string, held: T): void {
    const timer = setTimeout(() => this.held.delete(planId), this.ttlMs);
    // A waiting plan is no reason to keep the process alive.
    timer.unref();
    this.held.set(planId, { held, timer });
  }

  /** The plan, which is then no longer held; null when it is unknown, used, discarded or expired. */
  take(planId: string): T | null {
    const entry = this.held.get(planId);
    if (!entry) return null;
    this.discard(planId);
    return entry.held;
  }

  discard(planId: string): void {
    const entry = this.held.get(planId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.held.delete(planId);
  }

  /** Forgets the plans of a session that ended. */
  discardSession(sessionId: number): void {
    for (const [planId, entry] of this.held) if (entry.held.sessionId === sessionId) this.discard(planId);
  }

  dispose(): void {
    for (const planId of [...this.held.keys()]) this.discard(planId);
  }
}
