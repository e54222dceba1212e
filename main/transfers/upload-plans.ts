import { randomUUID } from 'node:crypto';
import type { UploadPlan } from '../../common/ipc';
import { HeldPlans } from '../shared/held-plans';
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

/** Upload plans waiting for the user's answer, replace or skip what exists (held-plans.ts). */
export class UploadPlans extends HeldPlans<HeldPlan> {
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
    this.keep(planId, { plan, sessionId, files: scan.files, items: scan.items, existing });
    return plan;
  }
}
