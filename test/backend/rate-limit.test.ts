import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../../backend/rate-limit';
import { startTestBackend, TestClock } from './helpers';

describe('FixedWindowLimiter', () => {
  it('allows max hits per window and says when the window frees up', () => {
    const clock = new TestClock();
    const limiter = new FixedWindowLimiter({ max: 2, windowSeconds: 60, now: clock.now });
    limiter.hit('k');
    clock.advance(10);
    limiter.hit('k');
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    clock.advance(49.2);
    // Rounded up: retrying after a rounded-down wait would still be refused.
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(0.8);
    expect(limiter.check('k')).toEqual({ allowed: true });
    expect(limiter.check('other')).toEqual({ allowed: true });
  });

  it('forgets a key on reset', () => {
    const limiter = new FixedWindowLimiter({ max: 1, windowSeconds: 60 });
    limiter.hit('k');
    expect(limiter.check('k').allowed).toBe(false);
    limiter.reset('k');
    expect(limiter.check('k').allowed).toBe(true);
  });

  it('stays bounded: prunes expired windows, then evicts the oldest', () => {
    const clock = new TestClock();
    const limiter = new FixedWindowLimiter({ max: 1, windowSeconds: 60, now: clock.now, maxEntries: 3 });
    limiter.hit('a');
    limiter.hit('b');
    clock.advance(61);
    limiter.hit('c');
    limiter.hit('d');
    expect(limiter.size).toBe(2);
    limiter.hit('e');
    limiter.hit('f');
    expect(limiter.size).toBe(3);
    expect(limiter.check('c').allowed).toBe(true);
    expect(limiter.check('f').allowed).toBe(false);
  });
});

describe('login rate limiting', () => {
  it('limits failed attempts per username, before checking the password', async () => {
    const t = await startTestBackend({ config: { loginLimitPerUser: { max: 2, windowSeconds: 900 } } });
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
    const t = await startTestBackend({ config: { loginLimitPerUser: { max: 2, windowSeconds: 900 } } });
    await t.backend.users.add('alice', 'wonderland');
    expect((await t.login('alice', 'typo')).status).toBe(401);
    expect((await t.login('alice', 'wonderland')).status).toBe(200);
    expect((await t.login('alice', 'typo')).status).toBe(401);
    expect((await t.login('alice', 'wonderland')).status).toBe(200);
  });

  it('counts unknown usernames like known ones', async () => {
    const t = await startTestBackend({ config: { loginLimitPerUser: { max: 1, windowSeconds: 60 } } });
    expect((await t.login('ghost', 'x')).status).toBe(401);
    expect((await t.login('ghost', 'x')).status).toBe(429);
  });

  it('limits all attempts per client address', async () => {
    const t = await startTestBackend({ config: { loginLimitPerAddress: { max: 3, windowSeconds: 60 } } });
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
