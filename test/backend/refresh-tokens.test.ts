import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase, type DatabaseLocation } from '../../backend/db';
import { RefreshTokenStore, type RefreshTokenStoreOptions } from '../../backend/refresh-tokens';
import type { SqlDatabase } from '../../backend/store/sql';
import { UserStore } from '../../backend/users';
import { TestClock } from './helpers';
import { bothStores, freshDatabase, type StoreKind } from './stores';

/** Two backend instances' stores on one database, as two processes behind a load balancer would have. */
async function twoInstances(kind: StoreKind, options: Omit<RefreshTokenStoreOptions, 'now'>) {
  const location: DatabaseLocation = await freshDatabase(kind);
  const clock = new TestClock();
  const open = async (): Promise<SqlDatabase> => {
    const db = await openDatabase(location);
    onTestFinished(() => db.close());
    return db;
  };
  const [dbA, dbB] = [await open(), await open()];
  const alice = await new UserStore(dbA).add('alice', 'wonderland');
  const a = await RefreshTokenStore.open(dbA, { ...options, now: clock.now });
  const b = await RefreshTokenStore.open(dbB, { ...options, now: clock.now });
  const tokenRows = async () => (await dbA.get<{ count: number }>('SELECT COUNT(*) AS count FROM refresh_tokens'))?.count;
  return { a, b, dbB, clock, userId: alice.id, tokenRows };
}

describe.each(bothStores())('RefreshTokenStore on %s, two instances on one database', (kind: StoreKind) => {
  it('rotating one token on both at the same moment issues exactly one successor, which both answer', async () => {
    const { a, b, userId, tokenRows } = await twoInstances(kind, { ttlSeconds: 3600, graceSeconds: 30 });
    let token = (await a.issue(userId)).token;
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all([a.rotate(token), b.rotate(token), b.rotate(token), a.rotate(token)]);
      const first = answers[0];
      expect(first?.status).toBe('rotated');
      for (const answer of answers) expect(answer).toEqual(first);
      token = (first as { issued: { token: string } }).issued.token;
    }
    // The first token and one successor per round: no round issued two.
    expect(await tokenRows()).toBe(11);
    expect((await b.lookup(token)).status).toBe('valid');
  });

  it('without a grace window, one of two simultaneous rotations wins and the other is reuse, which ends the family', async () => {
    const { a, b, userId, tokenRows } = await twoInstances(kind, { ttlSeconds: 3600, graceSeconds: 0 });
    const token = (await a.issue(userId)).token;
    const answers = await Promise.all([a.rotate(token), b.rotate(token)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['reused', 'rotated']);
    const winner = answers.find((answer) => answer.status === 'rotated') as { issued: { token: string } };
    expect(await tokenRows()).toBe(2);
    expect((await a.lookup(winner.issued.token)).status).toBe('revoked');
    expect((await b.rotate(winner.issued.token)).status).toBe('revoked');
  });

  it('answers a retry on the other instance with the same successor within the window, and as reuse after it', async () => {
    const { a, b, clock, userId } = await twoInstances(kind, { ttlSeconds: 3600, graceSeconds: 30 });
    const t1 = await a.issue(userId);
    const rotated = await a.rotate(t1.token);
    expect(rotated.status).toBe('rotated');
    clock.advance(5);
    expect((await b.lookup(t1.token)).status).toBe('retried');
    expect(await b.rotate(t1.token)).toEqual(rotated);
    clock.advance(25);
    expect(await b.rotate(t1.token)).toEqual({ status: 'reused', familyId: expect.any(String) });
    const successor = (rotated as { issued: { token: string } }).issued.token;
    expect((await a.lookup(successor)).status).toBe('revoked');
  });

  it('detects reuse on one instance of a token rotated twice on the other', async () => {
    const { a, b, clock, userId } = await twoInstances(kind, { ttlSeconds: 3600, graceSeconds: 30 });
    const t1 = (await a.issue(userId)).token;
    const t2 = (await a.rotate(t1)) as { issued: { token: string } };
    const t3 = (await a.rotate(t2.issued.token)) as { issued: { token: string } };
    clock.advance(1);
    // Its successor has been used, so even within the window it is not a retry.
    expect((await b.rotate(t1)).status).toBe('reused');
    expect((await a.lookup(t3.issued.token)).status).toBe('revoked');
  });
});

describe.each(bothStores())('RefreshTokenStore on %s, family lifetime', (kind: StoreKind) => {
  it('ends a family at its absolute lifetime even while its newest token is fresh, and prunes it then', async () => {
    const { a, b, clock, userId, tokenRows } = await twoInstances(kind, {
      ttlSeconds: 3600,
      graceSeconds: 30,
      familyMaxSeconds: 7200,
    });
    let token = (await a.issue(userId)).token;
    clock.advance(3000);
    const second = (await a.rotate(token)) as { issued: { token: string; expiresAt: number } };
    // 3000 s + one hour would pass the family's two hours: capped at them.
    clock.advance(3000);
    const third = (await b.rotate(second.issued.token)) as { issued: { token: string; expiresAt: number } };
    expect(third.issued.expiresAt).toBe(clock.ms - 6000_000 + 7200_000);
    token = third.issued.token;

    clock.advance(1199);
    expect((await a.lookup(token)).status).toBe('valid');
    clock.advance(1);
    expect(await a.lookup(token)).toEqual({ status: 'expired' });
    expect(await b.rotate(token)).toEqual({ status: 'expired' });
    expect(await a.prune()).toBe(1);
    expect(await tokenRows()).toBe(0);
  });

  it('applies a lowered lifetime to families that already exist', async () => {
    const { a, dbB, clock, userId } = await twoInstances(kind, { ttlSeconds: 3600, familyMaxSeconds: 86_400 });
    const token = (await a.issue(userId)).token;
    clock.advance(120);
    // Another instance on the same database, restarted with a one-minute lifetime.
    const shorter = await RefreshTokenStore.open(dbB, { ttlSeconds: 3600, familyMaxSeconds: 60, now: clock.now });
    expect(await shorter.lookup(token)).toEqual({ status: 'expired' });
    expect((await a.lookup(token)).status).toBe('valid');
  });
});
