import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../backend/db';
import { UsernameSlowdown } from '../../backend/username-slowdown';
import { TestClock } from './helpers';
import { bothStores, freshDatabase, type StoreKind } from './stores';

describe.each(bothStores())('UsernameSlowdown on %s', (kind: StoreKind) => {
  /** Slowdowns as instances would build them, each on its own connection to one fresh database. */
  async function slowdowns(count: number, clock = new TestClock()) {
    const location = await freshDatabase(kind);
    const instances = await Promise.all(
      Array.from({ length: count }, async () => {
        const db = await openDatabase(location);
        onTestFinished(() => db.close());
        return new UsernameSlowdown(db, { freeFailures: 2, maxDelaySeconds: 5, memorySeconds: 900, now: clock.now });
      }),
    );
    return { clock, instances };
  }

  it('lets the free failures through, then doubles the wait up to the maximum', async () => {
    const { instances: [slowdown] } = await slowdowns(1);
    expect([0, 1, 2, 3, 4, 5, 50, 5000].map((failures) => slowdown!.delayMs(failures))).toEqual([
      0, 0, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });

  it('refuses an attempt until the wait since the last failure is over, without counting the refusal', async () => {
    const { clock, instances: [slowdown] } = await slowdowns(1);
    expect(await slowdown!.claim('alice')).toEqual({ allowed: true });
    expect(await slowdown!.claim('alice')).toEqual({ allowed: true });
    expect(await slowdown!.check('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await slowdown!.claim('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await slowdown!.check('bob')).toEqual({ allowed: true });
    clock.advance(1);
    expect(await slowdown!.claim('alice')).toEqual({ allowed: true });
    // Three failures now (the refusal was not one): the next wait is 2 s.
    expect(await slowdown!.check('alice')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    await slowdown!.reset('alice');
    expect(await slowdown!.check('alice')).toEqual({ allowed: true });
  });

  it('lets exactly one of the attempts racing on several instances through once the wait is over', async () => {
    const { clock, instances } = await slowdowns(3);
    const [a, b, c] = instances as [UsernameSlowdown, UsernameSlowdown, UsernameSlowdown];
    await a.claim('alice');
    await b.claim('alice');
    clock.advance(1);
    const decisions = await Promise.all([a.claim('alice'), b.claim('alice'), c.claim('alice'), a.claim('alice')]);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(1);
    expect(decisions.filter((decision) => !decision.allowed)).toEqual(Array(3).fill({ allowed: false, retryAfterSeconds: 2 }));
  });
});
