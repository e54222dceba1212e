import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import { signInForBench, type BenchSession } from '../../scripts/bench/bench-session';
import { startBenchStack, type BenchStack } from '../../scripts/bench/bench-stack';
import { benchListings } from '../../scripts/bench/listing-bench';

/**
 * `npm run bench`'s listing benchmarks end to end, on a small folder so it
 * takes seconds: the stack in its own process, the app's services signed
 * in, the openListing handler against a raw ListObjectsV2 loop. The numbers
 * are not judged here (a test machine is too noisy for that), only that
 * they are there and consistent.
 */
describe('bench smoke: the listing benchmarks on a small folder', () => {
  let stack: BenchStack;
  let session: BenchSession;

  beforeAll(async () => {
    stack = await startBenchStack();
    session = await signInForBench(stack.info, join(stack.scratch, 'session'));
  });

  afterAll(async () => {
    await session?.close();
    await stack?.close();
  });

  it('list and first page: app against raw, medians and ratios consistent with the rounds', async () => {
    const results = await benchListings(session, { bucket: SHARED_BUCKET, prefix: SHARED_PREFIX }, { listRounds: 2, firstPageRounds: 3 });
    expect(results.map((result) => result.name)).toEqual(['list-100k', 'first-page-100k']);
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result.value).toBeGreaterThan(0);
      expect(result.baseline).toBeGreaterThan(0);
      // value and baseline are reported rounded to 0.1 ms; on a small folder that moves the ratio in its second decimal.
      expect(result.ratio).toBeCloseTo(result.baseline! / result.value!, 1);
      expect(result.pass).toBe(result.ratio! >= result.budget);
      expect(result.details?.objects).toBeGreaterThan(0);
    }
    expect(results[0]!.rounds).toHaveLength(2);
    expect(results[1]!.rounds).toHaveLength(3);
    expect(results[0]!.budget).toBe(0.9);
    expect(results[1]!.budget).toBe(0.8);
  });

  it('a listing the app cannot do is reported as not run, not as a number', async () => {
    const [result] = await benchListings(session, { bucket: SHARED_BUCKET, prefix: 'not-shared/' }, { listRounds: 1, firstPageRounds: 0 });
    expect(result).toMatchObject({ name: 'list-100k', value: null, ratio: null, pass: false });
    expect(result!.error).toMatch(/access_denied/);
  });
});
