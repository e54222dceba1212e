import { randomUUID } from 'node:crypto';
import type { UploadPlan } from '../../common/ipc';
import type { LocalScan, PlannedFile, PlannedItem } from './upload-plan';

/** A plan as main keeps it: the renderer only ever sees `plan`, never the local paths. */
export interface HeldPlan {
  plan: UploadPlan;
  sessionId: number;
  files: PlannedFile[];
  items: PlannedItem[];
  /** Keys of the plan that exist in S3 already. */
  existing: ReadonlySet<string>;
}

export interface NewPlan {
  bucket: string;
  prefix: string;
  sessionId: number;
  scan: LocalScan;
  existing: ReadonlySet<string>;
}

/** The renderer is shown this many existing keys and problems; the counts tell it how many more there are. */
const SHOWN = 20;

/**
 * Upload plans waiting for the user's answer (replace or skip what exists),
 * by id. A plan is taken once, or discarded, or it expires after `ttlMs`:
 * a dialog left open should not pin a 100k-file scan in memory for good.
 */
export class UploadPlans {
  private readonly held = new Map<string, { held: HeldPlan; timer: NodeJS.Timeout }>();

  constructor(private readonly ttlMs: number) {}

  /** Keeps a new plan and answers what the renderer is shown of it. */
  hold({ bucket, prefix, sessionId, scan, existing }: NewPlan): UploadPlan {
    const planId = randomUUID();
    const existingKeys = [...existing].sort();
    const plan: UploadPlan = {
      planId,
      bucket,
      prefix,
      fileCount: scan.files.length,
      totalBytes: scan.files.reduce((sum, file) => sum + file.size, 0),
      existing: existingKeys.slice(0, SHOWN),
      existingCount: existingKeys.length,
      problems: scan.problems.slice(0, SHOWN),
    };
    const timer = setTimeout(() => this.held.delete(planId), this.ttlMs);
    // A waiting plan is no reason to keep the process alive.
    timer.unref();
    this.held.set(planId, { held: { plan, sessionId, files: scan.files, items: scan.items, existing }, timer });
    return plan;
  }

  /** The plan, which is then no longer held; null when it is unknown, used, discarded or expired. */
  take(planId: string): HeldPlan | null {
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
