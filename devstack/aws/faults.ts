import { z } from 'zod';

/**
 * Faults tests can inject per operation: added latency, throttling, a 5xx,
 * or a dropped connection. A rule with a count fires that many times and is
 * then gone; without one it stays until cleared.
 */
export const faultRuleSchema = z
  .object({
    /** An operation name such as GetObject or GetCredentialsForIdentity, or '*' for all. */
    operation: z.string().min(1),
    kind: z.enum(['latency', 'throttle', 'error', 'drop']),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    count: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((rule) => rule.kind !== 'latency' || rule.latencyMs !== undefined, { message: 'latency faults need latencyMs' });

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface FaultOutcome {
  delayMs: number;
  /** What to do instead of answering normally, if anything. */
  failure: 'throttle' | 'error' | 'drop' | undefined;
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

  /** Consumes the rules that apply to one call of `operation`. */
  take(operation: string): FaultOutcome {
    let delayMs = 0;
    let failure: FaultOutcome['failure'];
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.kind === 'latency') {
        delayMs += rule.latencyMs ?? 0;
      } else if (failure === undefined) {
        failure = rule.kind;
      } else {
        continue;
      }
      rule.remaining -= 1;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { delayMs, failure };
  }
}
