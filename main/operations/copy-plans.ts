import { randomUUID } from 'node:crypto';
import type { CopyPlan } from '../../common/ipc';
import type { PlannedCopy } from './copy-plan';

/** A plan as main keeps it: the renderer sees its summary (CopyPlan), main keeps every object. */
export interface HeldCopy {
  plan: CopyPlan;
  planned: PlannedCopy;
  sessionId: number;
}

/** The confirmation is shown this many clashing keys; clashCount says how many there are. */
const SHOWN = 20;

/** What the confirmation shows of a plan: counts, bytes, and the first clashing keys. */
export function summarizePlan(planId: string, planned: PlannedCopy): CopyPlan {
  const { request, objects } = planned;
  const counted = objects.filter((object) => !object.marker);
  const clashes = counted.filter((object) => object.clash).map((object) => object.plannedKey);
  return {
    planId,
    mode: request.mode,
    sourceBucket: request.sourceBucket,
    sourcePrefix: request.sourcePrefix,
    destinationBucket: request.destinationBucket,
    destinationPrefix: request.destinationPrefix,
    objectCount: counted.length,
    totalBytes: counted.reduce((sum, object) => sum + object.size, 0),
    clashes: clashes.slice(0, SHOWN),
    clashCount: clashes.length,
    archivedCount: counted.filter((object) => object.archived).length,
  };
}

/**
 * Copy plans waiting for the user's answer, by id. A plan is taken once, or
 * discarded, or it expires after `ttlMs`: a dialog left open should not pin
 * a large folder's listing in memory for good.
 */
export class CopyPlans {
  private readonly held = new Map<string, { held: HeldCopy; timer: NodeJS.Timeout }>();

  constructor(private readonly ttlMs: number) {}

  hold(planned: PlannedCopy, sessionId: number): CopyPlan {
    const planId = randomUUID();
    const plan = summarizePlan(planId, planned);
    const timer = setTimeout(() => this.held.delete(planId), this.ttlMs);
    // A waiting plan is no reason to keep the process alive.
    timer.unref();
    this.held.set(planId, { held: { plan, planned, sessionId }, timer });
    return plan;
  }

  /** The plan, which is then no longer held; null when it is unknown, used, discarded or expired. */
  take(planId: string): HeldCopy | null {
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

  /** Forgets the plans of a session that ended: they may not start under someone else's credentials. */
  discardSession(sessionId: number): void {
    for (const [planId, entry] of this.held) if (entry.held.sessionId === sessionId) this.discard(planId);
  }

  dispose(): void {
    for (const planId of [...this.held.keys()]) this.discard(planId);
  }
}
