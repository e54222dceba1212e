import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import { signInForBench, type BenchSession } from '../../scripts/bench/bench-session';
import { startBenchStack, type BenchStack } from '../../scripts/bench/bench-stack';
import { benchListings } from '../../scripts/bench/listing-bench';
import { CLI_PATHS, findCliTools, type CliTools } from '../../scripts/bench/peers';
import { PEERS } from '../../scripts/bench/report';
import { benchTransfers } from '../../scripts/bench/transfer-bench';

/**
 * `npm run bench` end to end on a tiny loopback run, so it takes seconds: the
 * stack in its own process, the app's services signed in, the openListing
 * handler against a raw ListObjectsV2 loop and the peer CLIs that are
 * installed, and the small-files transfers with every tool in a process of
 * its own. The numbers are not judged here (a test machine is too noisy for
 * that), only that they are there and consistent.
 */
describe('bench smoke: a tiny loopback bench', () => {
  let stack: BenchStack;
  let session: BenchSession;
  let tools: CliTools;
  const installed = PEERS.filter((peer) => peer === 'raw-sdk' || existsSync(CLI_PATHS[peer]));

  beforeAll(async () => {
    stack = await startBenchStack('loopback');
    session = await signInForBench(stack.info, join(stack.scratch, 'session'));
    tools = findCliTools();
  });

  afterAll(async () => {
    await session?.close();
    await stack?.close();
  });

  it('list and first page: the app against the raw SDK and the installed CLIs, ratios consistent with the medians', async () => {
    const results = await benchListings(
      session,
      { bucket: SHARED_BUCKET, prefix: SHARED_PREFIX },
      { listRounds: 1, firstPageRounds: 3, tools, scratch: join(stack.scratch, 'peers') },
    );
    expect(results.map((result) => result.name)).toEqual(['list-100k', 'first-page-100k']);
    const [list, firstPage] = results as [(typeof results)[0], (typeof results)[0]];
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result.value).toBeGreaterThan(0);
      expect(result.pass).toBe(result.ratio! >= result.budget);
    }
    expect(list).toMatchObject({ unit: 's', budget: 0.9, details: { budgetAgainst: 'raw-sdk' } });
    // Every installed tool listed the same entries (checked inside), and has a time.
    for (const peer of installed) expect(list.peers[peer], peer).toBeGreaterThan(0);
    expect(list.details?.entries).toBeGreaterThan(0);
    // Under loopback the budget is against the raw SDK (value and peers are rounded to 1 ms, too coarse to recompute it from on a small folder).
    expect(list.ratio).toBe((list.details?.ratioTo as Record<string, number>)['raw-sdk']);
    expect(list.rounds).toHaveLength(1);
    expect(firstPage).toMatchObject({ unit: 'ms', budget: 0.8 });
    expect(firstPage.rounds).toHaveLength(3);
  });

  it('small files both ways: every installed tool moved and checked them, the memory peak comes from the same runs', async () => {
    const results = await benchTransfers(session, stack, {
      profile: 'loopback',
      workloads: ['download-small-files', 'upload-small-files'],
      sizeMib: 1,
      smallFiles: 12,
      rounds: 1,
      tools,
    });
    expect(results.map((result) => result.name)).toEqual(['download-small-files', 'upload-small-files', 'transfer-peak-rss-mib']);
    for (const result of results) {
      expect(result.error, result.name).toBeUndefined();
      expect(result.value).toBeGreaterThan(0);
      for (const peer of installed) expect(result.peers[peer], `${result.name} ${peer}`).toBeGreaterThan(0);
      expect(result.pass).toBe(result.ratio! >= result.budget);
    }
    expect(results[0]!.details).toMatchObject({ files: 12, budgetAgainst: 'raw-sdk' });
    expect(results[2]).toMatchObject({ unit: 'MiB', kind: 'absolute', budget: 1 });
  });

  it('a listing the app cannot do is reported as not run, not as a number', async () => {
    const [result] = await benchListings(session, { bucket: SHARED_BUCKET, prefix: 'not-shared/' }, { listRounds: 1, firstPageRounds: 0 });
    expect(result).toMatchObject({ name: 'list-100k', value: null, ratio: null, pass: false });
    expect(result!.error).toMatch(/access_denied/);
  });
});
