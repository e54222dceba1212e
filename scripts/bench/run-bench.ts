import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { BIG_PREFIX, BIG_PREFIX_KEYS, HUGE_PREFIX, HUGE_PREFIX_KEYS, SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import type { StackInfo } from '../../devstack/stack';
import { BENCH_NAMES, LOOPBACK_ONLY, SMALL_FILE_KIB, type BenchName, type BenchOptions } from './bench-options';
import { signInForBench } from './bench-session';
import { startBenchStack } from './bench-stack';
import { benchListings } from './listing-bench';
import { findCliTools, toolVersion, type CliTools } from './peers';
import {
  describeFailure,
  failedResult,
  machineInfo,
  renderMarkdown,
  round,
  type BenchReport,
  type BenchResult,
  type NetworkParameters,
  type NetworkProfile,
  WAN_LISTING_BUDGET,
} from './report';
import { settleMachine } from './quiet-machine';
import { chooseScratchRoot, scratchBytesNeeded } from './scratch-root';
import { benchScroll } from './scroll-bench';
import { benchTransfers, transferWorkloads } from './transfer-bench';

export interface BenchRun {
  report: BenchReport;
  jsonPath: string;
  markdownPath: string;
}

/** Rounds when --rounds is not given. */
const DEFAULT_ROUNDS = { list: 5, listMillion: 2, firstPage: 25, transfersLoopback: 5, transfersWan: 3, scroll: 5 };

/**
 * `npm run bench`: for each network profile in turn, a private stack in its
 * own process (shaped under wan), a fresh bench session signed in to it (so
 * its credentials are an hour from expiry), then each asked workload with
 * the app, the raw SDK, the AWS CLI and rclone; writes report.json and
 * report.md with every result named `<profile>/<workload>`.
 */
export async function runBench(options: BenchOptions, log: (line: string) => void = () => {}): Promise<BenchRun> {
  const date = new Date().toISOString();
  const results: BenchResult[] = [];
  let chromium: string | null = null;
  // Taken before the stack starts, so the load average is the machine's, not ours.
  const loadAverage = os.loadavg().map((load) => round(load, 2));
  const tools = findCliTools();
  for (const [peer, tool] of Object.entries(tools)) log('missing' in tool ? `${peer} is missing: ${tool.missing} — the run goes on without it` : `${peer}: ${tool.version}`);
  const profiles: Partial<Record<NetworkProfile, NetworkParameters | null>> = {};
  const scratch = chooseScratchRoot(options.scratch, scratchBytesNeeded(options.sizeMib, options.smallFiles, SMALL_FILE_KIB));
  log(`local files: ${scratch.description}`);

  for (const profile of options.profiles) {
    const wanted = options.only.filter((name) => profile === 'loopback' || !LOOPBACK_ONLY.includes(name));
    if (wanted.length === 0) continue;
    const named = (result: BenchResult): BenchResult => ({ ...result, name: `${profile}/${result.name}` });
    try {
      const outcome = await runProfile(profile, wanted, options, tools, scratch.dir, log);
      profiles[profile] = outcome.network;
      chromium = outcome.chromium ?? chromium;
      results.push(...outcome.results.map(named));
    } catch (error) {
      // The stack or the sign-in failed: every workload of the profile could not run; the other profile still does.
      const message = describeFailure(error);
      log(`${profile}: could not run: ${message}`);
      profiles[profile] = null;
      for (const name of wanted) {
        const absolute = name === 'transfer-peak-rss-mib' || name === 'scroll-100k';
        const unit = name === 'first-page-100k' || name === 'scroll-100k' ? 'ms' : name === 'transfer-peak-rss-mib' ? 'MiB' : 's';
        const budget = absolute ? 1 : name === 'first-page-100k' ? 0.8 : profile === 'wan' ? (name.startsWith('list-') ? WAN_LISTING_BUDGET.budget : 1) : 0.9;
        results.push(named(failedResult({ name, unit, budget, kind: absolute ? 'absolute' : 'relative', method: '', error: message })));
      }
    }
  }

  const machine = machineInfo(chromium);
  const report: BenchReport = {
    date,
    machine: { ...machine, loadAverage, loadAverageEnd: machine.loadAverage, scratch: scratch.description },
    tools: { 'aws-cli': toolVersion(tools['aws-cli']), rclone: toolVersion(tools.rclone) },
    profiles,
    options: {
      profiles: options.profiles,
      only: options.only,
      sizeMib: options.sizeMib,
      smallFiles: options.smallFiles,
      rounds: options.rounds ?? 'default',
      scratch: options.scratch,
    },
    results,
  };
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const jsonPath = join(outDir, 'report.json');
  const markdownPath = join(outDir, 'report.md');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownPath, renderMarkdown(report));
  return { report, jsonPath, markdownPath };
}

/** One profile: its stack, a session of its own, the asked workloads in report order. */
async function runProfile(
  profile: NetworkProfile,
  wanted: BenchName[],
  options: BenchOptions,
  tools: CliTools,
  scratchRoot: string,
  log: (line: string) => void,
): Promise<{ results: BenchResult[]; network: NetworkParameters | null; chromium: string | null }> {
  const wants = (name: BenchName) => wanted.includes(name);
  const results: BenchResult[] = [];
  let chromium: string | null = null;
  log(`${profile}: starting a private local stack`);
  // The million-key folder costs the stack a minute to seed: only when list-1m is asked for.
  const stack = await startBenchStack(profile, { hugeFolder: wants('list-1m'), scratchRoot });
  // Optional on purpose: a stack from before network profiles says nothing (plain loopback).
  const info: StackInfo['network'] | undefined = stack.info.network;
  const network: NetworkParameters | null = info
    ? {
        profile: info.profile,
        latencyMs: info.latencyMs,
        jitterMs: info.jitterMs,
        connectionBytesPerSecond: info.connectionBytesPerSecond,
        aggregateBytesPerSecond: info.aggregateBytesPerSecond,
      }
    : null;
  try {
    // A session per profile: its credentials last an hour from now (the CLIs re-read them before every run anyway).
    const session = await signInForBench(stack.info, join(stack.scratch, 'bench-session'));
    try {
      // What the last profile left (gigabytes of transfers written back, its stack's files deleted) and this
      // stack's seeding must not be timed with the first workload, which here is a CPU-bound listing.
      const settledBusy = await settleMachine();
      log(`${profile}: the machine settled at ${settledBusy ?? '?'} cores busy`);
      if (wants('list-100k') || wants('first-page-100k')) {
        results.push(
          ...(await benchListings(
            session,
            { bucket: SHARED_BUCKET, prefix: BIG_PREFIX },
            {
              profile,
              tools,
              scratch: join(stack.scratch, 'listing-peers'),
              expectedEntries: BIG_PREFIX_KEYS,
              listRounds: wants('list-100k') ? (options.rounds ?? DEFAULT_ROUNDS.list) : 0,
              firstPageRounds: wants('first-page-100k') ? (options.rounds ?? DEFAULT_ROUNDS.firstPage) : 0,
              log,
            },
          )),
        );
      }
      if (wants('list-1m')) {
        results.push(
          ...(await benchListings(
            session,
            { bucket: SHARED_BUCKET, prefix: HUGE_PREFIX },
            {
              profile,
              tools,
              listName: 'list-1m',
              // The CLIs were warmed by list-100k when it ran; a warm-up of the AWS CLI over a million keys takes minutes.
              warmPeers: !wants('list-100k'),
              scratch: join(stack.scratch, 'listing-peers'),
              expectedEntries: HUGE_PREFIX_KEYS,
              listRounds: options.rounds ?? DEFAULT_ROUNDS.listMillion,
              firstPageRounds: 0,
              log,
            },
          )),
        );
      }
      // Before the transfers: the 100,000-key folder is seeded already, and gigabytes moved would leave the machine writing back.
      if (wants('scroll-100k')) {
        const scroll = await benchScroll(session, {
          bucket: SHARED_BUCKET,
          path: [BIG_PREFIX.slice(SHARED_PREFIX.length, -1)],
          expectedRows: BIG_PREFIX_KEYS,
          rounds: options.rounds ?? DEFAULT_ROUNDS.scroll,
          scratch: stack.scratch,
          outDir: resolve(options.outDir),
          log,
        });
        chromium = scroll.chromium;
        results.push(scroll.result);
      }
      const workloads = transferWorkloads(wanted);
      if (workloads.length > 0) {
        results.push(
          ...(await benchTransfers(session, stack, {
            profile,
            workloads,
            sizeMib: options.sizeMib,
            smallFiles: options.smallFiles,
            // Under loopback the work is CPU- and kernel-bound on both sides and a round moves ±15% against a
            // budget of 0.9: more rounds steady the medians (a loopback round is a minute, a wan round several).
            rounds: options.rounds ?? (profile === 'loopback' ? DEFAULT_ROUNDS.transfersLoopback : DEFAULT_ROUNDS.transfersWan),
            tools,
            log,
          })),
        );
      }
    } finally {
      await session.close();
    }
  } finally {
    await stack.close();
  }
  // The report lists workloads in their usual order, whatever order they ran in.
  const order = (result: BenchResult) => BENCH_NAMES.indexOf(result.name as BenchName);
  return { results: results.sort((a, b) => order(a) - order(b)), network, chromium };
}
