import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalScan } from '../../../main/transfers/upload-plan';
import { UploadPlans } from '../../../main/transfers/upload-plans';

const scan = (count: number): LocalScan => ({
  files: Array.from({ length: count }, (_, i) => ({ path: `/local/f${i}`, key: `p/f${i}`, size: i + 1, name: `f${i}` })),
  items: [{ name: 'f0', kind: 'file' }],
  problems: Array.from({ length: 25 }, (_, i) => ({ name: `bad${i}`, message: 'Skipped: it could not be read.' })),
});

describe('UploadPlans: plans waiting for startUpload', () => {
  let plans: UploadPlans;
  beforeEach(() => {
    vi.useFakeTimers();
    plans = new UploadPlans(60_000);
  });
  afterEach(() => {
    plans.dispose();
    vi.useRealTimers();
  });

  const hold = (sessionId = 1, files = 3, existing: string[] = []) =>
    plans.hold({ bucket: 'b', prefix: 'p/', sessionId, scan: scan(files), existing: new Set(existing) });

  it('shows the renderer totals, the first 20 existing keys (sorted) and problems, never the local paths', () => {
    const existing = Array.from({ length: 30 }, (_, i) => `p/f${String(i).padStart(2, '0')}`).reverse();
    const plan = hold(1, 30, existing);
    expect(plan).toMatchObject({ bucket: 'b', prefix: 'p/', fileCount: 30, totalBytes: (30 * 31) / 2, existingCount: 30 });
    expect(plan.existing).toEqual(existing.slice(10).reverse());
    expect(plan.problems).toHaveLength(20);
    expect(JSON.stringify(plan)).not.toContain('/local/');
  });

  it('hands a plan out once, with what main needs to start it', () => {
    const plan = hold(7, 2, ['p/f1']);
    const held = plans.take(plan.planId);
    expect(held).toMatchObject({ plan, sessionId: 7, items: [{ name: 'f0', kind: 'file' }] });
    expect(held!.files.map((file) => file.path)).toEqual(['/local/f0', '/local/f1']);
    expect([...held!.existing]).toEqual(['p/f1']);
    expect(plans.take(plan.planId)).toBeNull();
    expect(plans.take('unknown')).toBeNull();
  });

  it('forgets a discarded plan, and the plans of a session that ended', () => {
    const discarded = hold(1);
    const mine = hold(1);
    const theirs = hold(2);
    plans.discard(discarded.planId);
    plans.discard('unknown');
    expect(plans.take(discarded.planId)).toBeNull();
    plans.discardSession(1);
    expect(plans.take(mine.planId)).toBeNull();
    expect(plans.take(theirs.planId)).not.toBeNull();
  });

  it('lets a plan expire after its time, and stops the timer of one taken or discarded', () => {
    const expiring = hold();
    vi.advanceTimersByTime(59_999);
    const taken = hold();
    const discarded = hold();
    expect(vi.getTimerCount()).toBe(3);
    vi.advanceTimersByTime(1);
    expect(plans.take(expiring.planId)).toBeNull();
    plans.take(taken.planId);
    plans.discard(discarded.planId);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose clears every timer and plan', () => {
    const plan = hold();
    hold(2);
    plans.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(plans.take(plan.planId)).toBeNull();
  });
});
