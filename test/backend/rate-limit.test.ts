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
    /** Logs in as if from `address`, through a proxy on loopback the backend trusts. */
    const from = (t: Awaited<ReturnType<typeof startTestBackend>>, address: string, username: string, password: string) =>
      t.post('/v1/auth/login', { username, password }, { 'x-forwarded-for': address });

    it('limits failed attempts per username and address, before checking the password', async () => {
      const t = await startTestBackend({
        store: kind,
        config: { trustedProxies: ['127.0.0.1'], loginLimitPerUserAddress: { max: 2, windowSeconds: 900 } },
      });
      await t.backend.users.add('alice', 'wonderland');
      await t.backend.users.add('bob', 'builder');

      expect((await from(t, '203.0.113.1', 'alice', 'guess-1')).status).toBe(401);
      t.clock.advance(100);
      expect((await from(t, '203.0.113.1', 'ALICE', 'guess-2')).status).toBe(401);

      // Even the right password is refused from there now: the limit is checked first.
      const limited = await from(t, '203.0.113.1', 'alice', 'wonderland');
      expect(limited.status).toBe(429);
      expect(limited.body.error).toEqual({ code: 'rate_limited', message: expect.stringContaining('800 seconds') });
      expect(limited.headers.get('retry-after')).toBe('800');
      expect(t.issuer.calls).toHaveLength(0);
      expect(t.logs.at(-1)).toMatch(/ 429 \d+ms rate_limited limit=user_address$/);

      // The same address may still sign in as someone else, and alice from elsewhere:
      // a stranger's failures do not lock the owner out.
      expect((await from(t, '203.0.113.1', 'bob', 'builder')).status).toBe(200);
      expect((await from(t, '198.51.100.7', 'alice', 'wonderland')).status).toBe(200);

      t.clock.advance(800);
      expect((await from(t, '203.0.113.1', 'alice', 'wonderland')).status).toBe(200);
    });

    it('forgets failed attempts after a successful login', async () => {
      const t = await startTestBackend({ store: kind, config: { loginLimitPerUserAddress: { max: 2, windowSeconds: 900 } } });
      await t.backend.users.add('alice', 'wonderland');
      expect((await t.login('alice', 'typo')).status).toBe(401);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
      expect((await t.login('alice', 'typo')).status).toBe(401);
      expect((await t.login('alice', 'wonderland')).status).toBe(200);
    });

    it('counts unknown usernames like known ones', async () => {
      const t = await startTestBackend({
        store: kind,
        config: { loginLimitPerUserAddress: { max: 1, windowSeconds: 60 }, loginSlowdownPerUser: { freeFailures: 1, maxDelaySeconds: 30 } },
      });
      await t.backend.users.add('alice', 'wonderland');
      expect((await t.login('ghost', 'x')).status).toBe(401);
      expect((await t.login('alice', 'x')).status).toBe(401);
      const [ghost, alice] = [await t.login('ghost', 'x'), await t.login('alice', 'x')];
      expect([ghost.status, alice.status]).toEqual([429, 429]);
      expect(ghost.text).toBe(alice.text);
      expect(ghost.headers.get('retry-after')).toBe(alice.headers.get('retry-after'));
    });

    it('spaces out attempts for a username failing from many addresses, and lets its owner in within the longest wait', async () => {
      const t = await startTestBackend({
        store: kind,
        config: { trustedProxies: ['127.0.0.1'], loginSlowdownPerUser: { freeFailures: 3, maxDelaySeconds: 8 } },
      });
      await t.backend.users.add('alice', 'wonderland');
      let address = 0;
      const stranger = () => from(t, `203.0.113.${++address}`, 'alice', 'guess');

      for (let attempt = 0; attempt < 3; attempt++) expect((await stranger()).status).toBe(401);
      // After 3 failures: 1 s, then 2 s, 4 s, and never more than 8 s between attempts, from anywhere.
      for (const waitSeconds of [1, 2, 4, 8, 8]) {
        const early = await stranger();
        expect(early.status).toBe(429);
        expect(early.headers.get('retry-after')).toBe(String(waitSeconds));
        expect(t.logs.at(-1)).toMatch(/limit=username$/);
        t.clock.advance(waitSeconds - 0.5);
        expect((await stranger()).status).toBe(429);
        t.clock.advance(0.5);
        expect((await stranger()).status).toBe(401);
      }

      // The owner, from their own address, waits at most the longest delay, and then gets in.
      const owner = await from(t, '198.51.100.7', 'alice', 'wonderland');
      expect(owner.status).toBe(429);
      expect(Number(owner.headers.get('retry-after'))).toBeLessThanOrEqual(8);
      t.clock.advance(Number(owner.headers.get('retry-after')));
      expect((await from(t, '198.51.100.7', 'alice', 'wonderland')).status).toBe(200);

      // Which resets the slowdown for everyone.
      expect((await stranger()).status).toBe(401);
      expect((await stranger()).status).toBe(401);
    });

    it('spares the addresses a user signed in from in the last 30 days the slowdown, not the per-address limits', async () => {
      const t = await startTestBackend({
        store: kind,
        config: {
          trustedProxies: ['127.0.0.1'],
          loginSlowdownPerUser: { freeFailures: 1, maxDelaySeconds: 30 },
          loginLimitPerUserAddress: { max: 3, windowSeconds: 60 },
        },
      });
      await t.backend.users.add('alice', 'wonderland');
      expect((await from(t, '2001:db8:1:2::10', 'alice', 'wonderland')).status).toBe(200);
      expect((await from(t, '203.0.113.1', 'alice', 'guess')).status).toBe(401);
      expect((await from(t, '203.0.113.2', 'alice', 'guess')).status).toBe(429);

      // Another address of the same /64 is the same known address.
      expect((await from(t, '2001:db8:1:2::11', 'alice', 'wonderland')).status).toBe(200);
      // Typos there are bounded by the per-username-and-address limit alone.
      for (let attempt = 0; attempt < 3; attempt++) expect((await from(t, '2001:db8:1:2::10', 'alice', 'typo')).status).toBe(401);
      expect((await from(t, '2001:db8:1:2::10', 'alice', 'wonderland')).status).toBe(429);
      expect(t.logs.at(-1)).toMatch(/limit=user_address$/);

      t.clock.advance(30 * 86_400);
      expect((await from(t, '203.0.113.3', 'alice', 'guess')).status).toBe(401);
      expect((await from(t, '2001:db8:1:2::10', 'alice', 'wonderland')).status).toBe(429);
      expect(t.logs.at(-1)).toMatch(/limit=username$/);
    });

    it('no longer spares known addresses once the password is reset or the user removed', async () => {
      const t = await startTestBackend({
        store: kind,
        config: { trustedProxies: ['127.0.0.1'], loginSlowdownPerUser: { freeFailures: 1, maxDelaySeconds: 30 } },
      });
      await t.backend.users.add('alice', 'wonderland');
      const known = '198.51.100.7';
      expect((await from(t, known, 'alice', 'wonderland')).status).toBe(200);
      expect((await from(t, '203.0.113.1', 'alice', 'guess')).status).toBe(401);
      expect((await from(t, known, 'alice', 'typo')).status).toBe(401);

      await t.backend.users.resetPassword('alice', 'looking-glass');
      expect((await from(t, known, 'alice', 'typo')).status).toBe(429);

      t.clock.advance(2);
      expect((await from(t, known, 'alice', 'looking-glass')).status).toBe(200);
      await t.backend.users.remove('alice');
      await t.backend.users.add('alice', 'another-alice');
      expect((await from(t, '203.0.113.1', 'alice', 'guess')).status).toBe(401);
      expect((await from(t, known, 'alice', 'typo')).status).toBe(429);
    });

    it('forgets a username\'s failures 15 minutes after the last one', async () => {
      const t = await startTestBackend({ store: kind, config: { loginSlowdownPerUser: { freeFailures: 1, maxDelaySeconds: 30 } } });
      expect((await t.login('alice', 'x')).status).toBe(401);
      t.clock.advance(1);
      expect((await t.login('alice', 'x')).status).toBe(401);
      expect((await t.login('alice', 'x')).headers.get('retry-after')).toBe('2');
      t.clock.advance(15 * 60);
      expect((await t.login('alice', 'x')).status).toBe(401);
      // Counting starts again: one free failure, then 1 s.
      expect((await t.login('alice', 'x')).headers.get('retry-after')).toBe('1');
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
