import { randomUUID } from 'node:crypto';
import type { CopyPlan } from '../../common/ipc';
import { HeldPlans } from '../shared/held-plans';
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

/** Copy plans waiting for the user's answer (held-plans.ts). */
export class CopyPlans extends HeldPlans<HeldCopy> {
  /** Keeps a new plan and answers what the renderer is shown of it. */
  hold(planned: PlannedCopy, sessionId: number): CopyPlan {
    const planId = randomUUID();
    const plan = summarizePlan(planId, planned);
    this.keep(planId, { plan, planned, sessionId });
    return plan;
  }
}
