import { beforeEach, describe, expect, it } from 'vitest';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { CredentialCache, type IssuedCredentials } from '../../../main/aws/credential-cache';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Obviously fake credentials number `n`, expiring `lifetimeMs` after `issuedAt` on the issuer's clock. */
function credentials(n: number, issuedAt: number, lifetimeMs: number | null): AwsCredentialIdentity {
  return {
    accessKeyId: `AKIA-TEST-${n}`,
    secretAccessKey: `FAKE-SECRET-${n}`,
    sessionToken: `FAKE-SESSION-TOKEN-${n}`,
    ...(lifetimeMs === null ? {} : { expiration: new Date(issuedAt + lifetimeMs) }),
  };
}

/** Lets every pending promise callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether a promise has settled yet, without waiting for it. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await flush();
  return settled;
}

describe('CredentialCache', () => {
  let now: number;
  let fetches: Array<Deferred<IssuedCredentials>>;
  let events: string[];
  let cache: CredentialCache;

  const clock = () => now;
  /** Answers fetch number `index` (0-based) with credentials `n` issued by a server whose clock reads `serverTimeMs`. */
  const answer = async (index: number, n: number, lifetimeMs: number | null, serverTimeMs: number | undefined = now) => {
    const issued = credentials(n, serverTimeMs ?? now, lifetimeMs);
    fetches[index]!.resolve({ credentials: issued, serverTimeMs });
    await flush();
    return issued;
  };
  /** Fills the empty cache with credentials 1 of the given lifetime. */
  const primed = async (lifetimeMs: number | null, serverTimeMs?: number) => {
    const first = cache.get();
    const issued = await answer(0, 1, lifetimeMs, serverTimeMs ?? now);
    await expect(first).resolves.toBe(issued);
    return issued;
  };

  beforeEach(() => {
    now = T0;
    fetches = [];
    events = [];
    cache = new CredentialCache({
      clock,
      // random() = 0: the backoff is exactly its fixed half (250 ms after the first failure, 500 ms after the second, …).
      random: () => 0,
      fetch: () => {
        const call = deferred<IssuedCredentials>();
        fetches.push(call);
        return call.promise;
      },
      observer: {
        refreshStarted: (kind) => events.push(`started:${kind}`),
        refreshEnded: (kind) => events.push(`ended:${kind}`),
      },
    });
  });

  describe('as the S3Client credential provider', () => {
    it('is marked memoized, so the SDK uses it instead of wrapping a cache of its own', () => {
      expect(cache.provider.memoized).toBe(true);
    });

    it('fetches once and then hands out the cached credentials', async () => {
      const issued = await primed(HOUR);
      now += 10 * MINUTE;
      await expect(cache.provider()).resolves.toBe(issued);
      await expect(cache.provider()).resolves.toBe(issued);
      expect(fetches).toHaveLength(1);
    });

    it('100 concurrent callers on an empty cache share exactly one fetch', async () => {
      const callers = Array.from({ length: 100 }, () => cache.get());
      expect(fetches).toHaveLength(1);
      const issued = await answer(0, 1, HOUR);
      const results = await Promise.all(callers);
      expect(results.every((result) => result === issued)).toBe(true);
      expect(fetches).toHaveLength(1);
    });
  });

  describe('refreshing ahead of expiry: the window is min(5 minutes, 25% of the lifetime)', () => {
    it.each([
      { lifetime: HOUR, refreshFrom: 55 * MINUTE, label: '1-hour credentials from 55 minutes (5-minute cap)' },
      { lifetime: 20 * MINUTE, refreshFrom: 15 * MINUTE, label: '20-minute credentials from 15 minutes (both rules agree)' },
      { lifetime: 10 * MINUTE, refreshFrom: 7.5 * MINUTE, label: '10-minute credentials from 7.5 minutes' },
      { lifetime: 10 * SECOND, refreshFrom: 7.5 * SECOND, label: '10-second credentials from 7.5 seconds' },
    ])('$label', async ({ lifetime, refreshFrom }) => {
      const issued = await primed(lifetime);
      now = T0 + refreshFrom - 1;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(1);
      now = T0 + refreshFrom;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(2);
    });

    it('while due but still valid, every caller gets the old credentials at once and exactly one background fetch runs', async () => {
      const old = await primed(HOUR);
      now = T0 + 56 * MINUTE;
      const callers = Array.from({ length: 50 }, () => cache.get());
      // Nobody waits for the background fetch, which is still unanswered.
      const results = await Promise.all(callers);
      expect(results.every((result) => result === old)).toBe(true);
      expect(fetches).toHaveLength(2);

      const renewed = await answer(1, 2, HOUR);
      await expect(cache.get()).resolves.toBe(renewed);
      expect(fetches).toHaveLength(2);
    });

    it('does not hand out credentials in their last second: callers wait for the new ones', async () => {
      await primed(HOUR);
      now = T0 + HOUR - SECOND;
      const caller = cache.get();
      expect(fetches).toHaveLength(2);
      expect(await isSettled(caller)).toBe(false);
      const renewed = await answer(1, 2, HOUR);
      await expect(caller).resolves.toBe(renewed);
    });
  });

  describe('lifetime is measured on the issuer clock (serverTimeMs), not the local one', () => {
    it('a server 15 minutes behind: 10-minute credentials (already "expired" by the local clock) are used, not refetched in a loop', async () => {
      const issued = await primed(10 * MINUTE, T0 - 15 * MINUTE);
      expect(issued.expiration!.getTime()).toBeLessThan(now);
      const callers = await Promise.all(Array.from({ length: 100 }, () => cache.get()));
      expect(callers.every((result) => result === issued)).toBe(true);
      now = T0 + 7 * MINUTE;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(1);
      // Renewal is due 7.5 minutes after issue, as on a correct clock.
      now = T0 + 7.5 * MINUTE;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(2);
    });

    it('a server 15 minutes ahead: credentials are not trusted past their real lifetime', async () => {
      const issued = await primed(10 * MINUTE, T0 + 15 * MINUTE);
      // By the local clock they would look good for 25 minutes; they are renewed at 7.5 …
      now = T0 + 7.5 * MINUTE;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(2);
      // … and once their 10 minutes are up, callers wait for the renewal instead of getting them.
      now = T0 + 10 * MINUTE;
      const caller = cache.get();
      expect(await isSettled(caller)).toBe(false);
      const renewed = await answer(1, 2, 10 * MINUTE, now + 15 * MINUTE);
      await expect(caller).resolves.toBe(renewed);
      expect(fetches).toHaveLength(2);
    });

    it('without serverTimeMs, falls back to the local clock', async () => {
      const first = cache.get();
      fetches[0]!.resolve({ credentials: credentials(1, T0, 10 * MINUTE) });
      const issued = await first;
      now = T0 + 7.5 * MINUTE - 1;
      await cache.get();
      expect(fetches).toHaveLength(1);
      now = T0 + 7.5 * MINUTE;
      await expect(cache.get()).resolves.toBe(issued);
      expect(fetches).toHaveLength(2);
    });
  });

  describe('invalidate (AWS answered ExpiredToken)', () => {
    it('invalidates the credentials whose access key id it is given: the next call fetches new ones', async () => {
      await primed(HOUR);
      cache.invalidate('AKIA-TEST-1');
      const caller = cache.get();
      expect(fetches).toHaveLength(2);
      const renewed = await answer(1, 2, HOUR);
      await expect(caller).resolves.toBe(renewed);
    });

    it('ignores an access key id that is not the current one (a request signed before the renewal)', async () => {
      await primed(HOUR);
      cache.invalidate('AKIA-TEST-1');
      void cache.get();
      const renewed = await answer(1, 2, HOUR);
      cache.invalidate('AKIA-TEST-1');
      cache.invalidate('AKIA-SOMEONE-ELSE');
      await expect(cache.get()).resolves.toBe(renewed);
      expect(fetches).toHaveLength(2);
    });

    it('100 requests reporting the same expired key cause exactly one fetch', async () => {
      await primed(HOUR);
      const retries: Array<Promise<AwsCredentialIdentity>> = [];
      for (let i = 0; i < 100; i += 1) {
        cache.invalidate('AKIA-TEST-1');
        retries.push(cache.get());
      }
      const renewed = await answer(1, 2, HOUR);
      // Stragglers signed with the old key report it after the renewal.
      for (let i = 0; i < 100; i += 1) cache.invalidate('AKIA-TEST-1');
      const results = await Promise.all([...retries, cache.get()]);
      expect(results.every((result) => result === renewed)).toBe(true);
      expect(fetches).toHaveLength(2);
    });

    it('invalidate(undefined) — the key used is unknown — invalidates whatever is cached', async () => {
      await primed(HOUR);
      cache.invalidate(undefined);
      void cache.get();
      expect(fetches).toHaveLength(2);
    });

    it('on an empty cache does nothing', async () => {
      cache.invalidate(undefined);
      cache.invalidate('AKIA-TEST-1');
      expect(fetches).toHaveLength(0);
    });
  });

  describe('when fetching fails', () => {
    it('while the old credentials are valid, keeps handing them out and retries only after the backoff', async () => {
      const old = await primed(HOUR);
      now = T0 + 56 * MINUTE;
      await expect(cache.get()).resolves.toBe(old);
      fetches[1]!.reject(new Error('FAKE backend down'));
      await flush();

      // First failure: 250 ms backoff (half of 500 ms with random() = 0).
      now += 249;
      await expect(cache.get()).resolves.toBe(old);
      expect(fetches).toHaveLength(2);
      now += 1;
      await expect(cache.get()).resolves.toBe(old);
      expect(fetches).toHaveLength(3);

      // Second failure: the backoff doubles to 500 ms.
      fetches[2]!.reject(new Error('FAKE backend still down'));
      await flush();
      now += 499;
      await expect(cache.get()).resolves.toBe(old);
      expect(fetches).toHaveLength(3);
      now += 1;
      await expect(cache.get()).resolves.toBe(old);
      expect(fetches).toHaveLength(4);

      // A success resets everything, the backoff included.
      const renewed = await answer(3, 2, HOUR);
      await expect(cache.get()).resolves.toBe(renewed);
      now += 56 * MINUTE;
      await expect(cache.get()).resolves.toBe(renewed);
      expect(fetches).toHaveLength(5);
      fetches[4]!.reject(new Error('FAKE backend down again'));
      await flush();
      now += 250;
      await expect(cache.get()).resolves.toBe(renewed);
      expect(fetches).toHaveLength(6);
    });

    it('with no usable credentials, throws the error; within the backoff every caller gets that error without a new fetch', async () => {
      const failure = new Error('FAKE Cognito unreachable');
      const callers = [cache.get(), cache.get()];
      fetches[0]!.reject(failure);
      for (const caller of callers) await expect(caller).rejects.toBe(failure);
      expect(fetches).toHaveLength(1);

      now += 249;
      for (let i = 0; i < 20; i += 1) await expect(cache.get()).rejects.toBe(failure);
      expect(fetches).toHaveLength(1);

      // After the backoff, a new attempt.
      now += 1;
      const retry = cache.get();
      expect(fetches).toHaveLength(2);
      const issued = await answer(1, 1, HOUR);
      await expect(retry).resolves.toBe(issued);
    });

    it('credentials that expire during an outage are not handed out: within the backoff callers get the fetch error', async () => {
      const old = await primed(10 * SECOND);
      now = T0 + 8.9 * SECOND;
      await expect(cache.get()).resolves.toBe(old);
      const failure = new Error('FAKE backend down');
      fetches[1]!.reject(failure);
      await flush();
      // Less than a second left on them, and the 250 ms backoff (until 9.15 s) is still running.
      now = T0 + 9 * SECOND + 1;
      await expect(cache.get()).rejects.toBe(failure);
      expect(fetches).toHaveLength(2);
      now = T0 + 9.15 * SECOND;
      const retry = cache.get();
      expect(fetches).toHaveLength(3);
      const renewed = await answer(2, 2, 10 * SECOND);
      await expect(retry).resolves.toBe(renewed);
    });
  });

  it('keeps credentials without an expiration forever', async () => {
    const issued = await primed(null);
    now = T0 + 10 * 365 * 24 * HOUR;
    await expect(cache.get()).resolves.toBe(issued);
    expect(fetches).toHaveLength(1);
  });

  it('reports each fetch to the observer as a refreshStarted/refreshEnded("credentials") pair, success or failure', async () => {
    void cache.get();
    expect(events).toEqual(['started:credentials']);
    await answer(0, 1, HOUR);
    expect(events).toEqual(['started:credentials', 'ended:credentials']);

    now = T0 + 56 * MINUTE;
    await cache.get();
    await cache.get();
    expect(events).toEqual(['started:credentials', 'ended:credentials', 'started:credentials']);
    fetches[1]!.reject(new Error('FAKE failure'));
    await flush();

    now += SECOND;
    await cache.get();
    await answer(2, 2, HOUR);
    expect(events).toEqual([
      'started:credentials',
      'ended:credentials',
      'started:credentials',
      'ended:credentials',
      'started:credentials',
      'ended:credentials',
    ]);
    expect(fetches).toHaveLength(3);
  });
});
