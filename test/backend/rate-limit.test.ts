import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../backend/db';
import { FixedWindowLimiter, type RateLimit } from '../../backend/rate-limit';
import type { SqlDatabase } from '../../backend/store/sql';
import { startTestBackend, TestClock } from './helpers';
import { bothStores, freshDatabase, type StoreKind } from './stores';

describe.each(bothStores())('on %s', (kind: StoreKind) => {
  /** Limiters as instances would build them, each on its own connection to one fresh database. */
  async function limiters(count: number, limit: RateLimit, clock = new TestClock()) {
    const location = await freshDatabase(kind);
    const open = async (): Promise<SqlDatabase> => {
      const db = await openDatabase(location);
      onTestFinished(() => db.close());
      return db;
    };
    const dbs = await Promise.all(Array.from({ length: count }, open));
    return { clock, dbs, limiters: dbs.map((db) => new FixedWindowLimiter(db, { name: 'user', ...limit, now: clock.now })) };
  }

  describe('FixedWindowLimiter', () => {
    it('allows max hits per window and says when the window frees up', async () => {
      const { clock, limiters: [limiter] } = await limiters(1, { max: 2, windowSeconds: 60 });
      expect(await limiter!.hit('k')).toEqual({ allowed: true });
      clock.advance(10);
      expect(await limiter!.hit('k')).toEqual({ allowed: true });
      expect(await limiter!.check('k')).toEqual({ allowed: false, retryAfterSeconds: 50 });
      clock.advance(49.2);
      // Rounded up: retrying after a rounded-down wait would still be refused.
      expect(await limiter!.check('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
      clock.advance(0.8);
      expect(await limiter!.check('k')).toEqual({ allowed: true });
      expect(await limiter!.check('other')).toEqual({ allowed: true });
      // A new window starts at the next hit.
      expect(await limiter!.hit('k')).toEqual({ allowed: true });
      expect(await limiter!.hit('k')).toEqual({ allowed: true });
      expect(await limiter!.check('k')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    });

    it('refuses the hit that goes over the limit, for a caller that raced past the check', async () => {
      const { limiters: [limiter] } = await limiters(1, { max: 1, windowSeconds: 60 });
      const [first, second] = await Promise.all([limiter!.hit('k'), limiter!.hit('k')]);
      expect([first, second]).toContainEqual({ allowed: true });
      expect([first, second]).toContainEqual({ allowed: false, retryAfterSeconds: 60 });
    });

    it('forgets a key on reset', async () => {
      const { limiters: [limiter] } = await limiters(1, { max: 1, windowSeconds: 60 });
      await limiter!.hit('k');
      expect((await limiter!.check('k')).allowed).toBe(false);
      await limiter!.reset('k');
      expect((await limiter!.check('k')).allowed).toBe(true);
    });

    it('keeps the keys of differently named limiters apart', async () => {
      const { clock, dbs, limiters: [users] } = await limiters(1, { max: 1, windowSeconds: 60 });
      const addresses = new FixedWindowLimiter(dbs[0]!, { name: 'address', max: 1, windowSeconds: 60, now: clock.now });
      await users!.hit('127.0.0.1');
      expect((await users!.check('127.0.0.1')).allowed).toBe(false);
      expect((await addresses.check('127.0.0.1')).allowed).toBe(true);
    });

    it('deletes expired windows when pruning, and only those, and prunes by itself about once a minute', async () => {
      const { clock, dbs, limiters: [limiter] } = await limiters(1, { max: 1, windowSeconds: 30 });
      const keys = async () => (await dbs[0]!.all<{ counter_key: string }>('SELECT counter_key FROM rate_limit_counters')).map((row) => row.counter_key).sort();
      await limiter!.hit('a');
      await limiter!.hit('b');
      clock.advance(31);
      await limiter!.hit('c');
      expect(await keys()).toEqual(['user:a', 'user:b', 'user:c']);
      expect(await limiter!.prune()).toBe(2);
      expect(await keys()).toEqual(['user:c']);
      expect((await limiter!.check('c')).allowed).toBe(false);

      clock.advance(60);
      await limiter!.hit('d');
      expect(await keys()).toEqual(['user:d']);
    });

    it('counts hits from every instance on the database together', async () => {
      const { clock, limiters: instances } = await limiters(2, { max: 4, windowSeconds: 60 });
      const [a, b] = instances as [FixedWindowLimiter, FixedWindowLimiter];
      // Hits racing on both instances are all counted: the fifth, wherever it lands, is refused.
      const decisions = await Promise.all([a.hit('k'), b.hit('k'), a.hit('k'), b.hit('k')]);
      expect(decisions).toEqual(Array(4).fill({ allowed: true }));
      expect(await b.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 60 });
      expect(await a.check('k')).toEqual({ allowed: false, retryAfterSeconds: 60 });
      await a.reset('k');
      expect(await b.check('k')).toEqual({ allowed: true });
      clock.advance(1);
      expect(await b.hit('k')).toEqual({ allowed: true });
    });
  });

  describe('login rate limiting', () => {
    it('limits failed attempts per username, before checking the password', async () => {
      const t = await startTestBackend({ store: kind, config: { loginLimitPerUser: { max: 2, windowSeconds: 900 } } });
      await t.backend.users.add('alice', 'wonderland');
      await t.backend.users.add('bob', 'builder');

      expect((await t.login('alice', 'guess-1')).status).toBe(401);
      t.clock.advance(100);
      expect((await t.login('ALICE', 'guess-2')).status).toBe(401);

      // Even the right password is refused now: the limit is checked first.
      const limited = await t.login('alice', 'wonderland');
      expect(limited.status).toBe(429);
      expect(limited.body.error).toEqual({ code: 'rate_limited', message: expect.stringContaining('800 seconds') });
      expect(limited.headers.get('retry-after')).toBe('800');
      expect(t.issuer.calls).toHaveLength(0);

      // Other users are not affected.
      expect((await t.login('bob', 'builder')).status).toBe(200);

      t.clock.advance(800);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
    });

    it('forgets failed attempts after a successful login', async () => {
      const t = await startTestBackend({ store: kind, config: { loginLimitPerUser: { max: 2, windowSeconds: 900 } } });
      await t.backend.users.add('alice', 'wonderland');
      expect((await t.login('alice', 'typo')).status).toBe(401);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
      expect((await t.login('alice', 'typo')).status).toBe(401);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
    });

    it('counts unknown usernames like known ones', async () => {
      const t = await startTestBackend({ store: kind, config: { loginLimitPerUser: { max: 1, windowSeconds: 60 } } });
      expect((await t.login('ghost', 'x')).status).toBe(401);
      expect((await t.login('ghost', 'x')).status).toBe(429);
    });

    it('limits all attempts per client address', async () => {
      const t = await startTestBackend({ store: kind, config: { loginLimitPerAddress: { max: 3, windowSeconds: 60 } } });
      await t.backend.users.add('alice', 'wonderland');

      expect((await t.login('alice', 'wonderland')).status).toBe(200);
      expect((await t.login('bob', 'x')).status).toBe(401);
      t.clock.advance(15);
      expect((await t.login('carol', 'y')).status).toBe(401);

      const limited = await t.login('alice', 'wonderland');
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(limited.headers.get('retry-after')).toBe('45');

      // Malformed requests are refused before the limiter and do not count.
      expect((await t.post('/v1/auth/login', { username: 'alice' })).status).toBe(400);

      t.clock.advance(45);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
    });
  });
});
