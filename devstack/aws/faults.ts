import { z } from 'zod';

/** The one operation whose answer is a streamed body that a fault can cut mid-way. */
const STREAMED_OPERATION = 'GetObject';

/**
 * Faults tests can inject per operation: added latency, throttling, a 5xx,
 * a dropped connection, or (GetObject only) a body cut off or stalled after
 * some bytes. A rule with a count fires that many times and is then gone;
 * without one it stays until cleared.
 */
export const faultRuleSchema = z
  .object({
    /** An operation name such as GetObject or GetCredentialsForIdentity, or '*' for all. */
    operation: z.string().min(1),
    kind: z.enum(['latency', 'throttle', 'error', 'drop', 'hang']),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /**
     * drop and hang, GetObject only: answer normally, then after this many
     * body bytes close the connection (drop) or send nothing more while
     * keeping it open until the client gives up (hang).
     */
    afterBytes: z.number().int().min(0).optional(),
    count: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((rule) => rule.kind !== 'latency' || rule.latencyMs !== undefined, { message: 'latency faults need latencyMs' })
  .refine((rule) => rule.kind === 'latency' || rule.latencyMs === undefined, { message: 'only latency faults take latencyMs' })
  .refine((rule) => rule.kind !== 'hang' || rule.afterBytes !== undefined, { message: 'hang faults need afterBytes' })
  .refine((rule) => rule.afterBytes === undefined || rule.kind === 'drop' || rule.kind === 'hang', { message: 'only drop and hang faults take afterBytes' })
  .refine((rule) => rule.afterBytes === undefined || rule.operation === STREAMED_OPERATION, {
    message: `afterBytes cuts a streamed body: only ${STREAMED_OPERATION} has one`,
  });

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** A body cut off (drop) or stalled (hang) after `afterBytes` bytes. */
export interface BodyCut {
  afterBytes: number;
  how: 'drop' | 'hang';
}

export interface FaultOutcome {
  delayMs: number;
  /** What to do instead of answering normally, if anything. */
  failure: 'throttle' | 'error' | 'drop' | undefined;
  /** Answer normally, but cut the body short. */
  cutBody: BodyCut | undefined;
}

export class FaultInjector {
  private rules: Array<FaultRule & { id: number; remaining: number }> = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const parsed = faultRuleSchema.parse(rule);
    const id = this.nextId++;
    this.rules.push({ ...parsed, id, remaining: parsed.count ?? Number.POSITIVE_INFINITY });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ id: _id, remaining, ...rule }) => ({ ...rule, ...(Number.isFinite(remaining) ? { count: remaining } : {}) }));
  }

  /** Consumes the rules that apply to one call of `operation`: all latencies, and the first failure or cut in the order added. */
  take(operation: string): FaultOutcome {
    let delayMs = 0;
    let failure: FaultOutcome['failure'];
    let cutBody: BodyCut | undefined;
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.kind === 'latency') {
        delayMs += rule.latencyMs ?? 0;
      } else if (failure !== undefined || cutBody !== undefined) {
        continue;
      } else if (rule.afterBytes !== undefined && (rule.kind === 'drop' || rule.kind === 'hang')) {
        cutBody = { afterBytes: rule.afterBytes, how: rule.kind };
      } else if (rule.kind !== 'hang') {
        failure = rule.kind;
      }
      rule.remaining -= 1;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { delayMs, failure, cutBody };
  }
}
