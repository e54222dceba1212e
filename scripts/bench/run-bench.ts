import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { BIG_PREFIX, BIG_PREFIX_KEYS, SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import type { BenchName, BenchOptions } from './bench-options';
import { signInForBench } from './bench-session';
import { startBenchStack } from './bench-stack';
import { benchListings } from './listing-bench';
import { machineInfo, renderMarkdown, round, type BenchReport, type BenchResult } from './report';
import { benchScroll } from './scroll-bench';
import { benchTransfers } from './transfer-bench';

export interface BenchRun {
  report: BenchReport;
  jsonPath: string;
  markdownPath: string;
}

/**
 * `npm run bench`: a private stack in its own process, the app's services
 * signed in beside a raw S3Client with the same credentials, then each asked
 * benchmark in turn; writes report.json and report.md.
 */
export async function runBench(options: BenchOptions, log: (line: string) => void = () => {}): Promise<BenchRun> {
  const wants = (name: BenchName) => options.only.includes(name);
  const date = new Date().toISOString();
  const results: BenchResult[] = [];
  let chromium: string | null = null;
  // Taken before the stack starts, so the load average is the machine's, not ours.
  const loadAverage = os.loadavg().map((load) => round(load, 2));

  log('starting a private local stack');
  const stack = await startBenchStack();
  try {
    const session = await signInForBench(stack.info, join(stack.scratch, 'bench-session'));
    try {
      if (wants('list-100k') || wants('first-page-100k')) {
        results.push(
          ...(await benchListings(
            session,
            { bucket: SHARED_BUCKET, prefix: BIG_PREFIX },
            {
              listRounds: wants('list-100k') ? (options.rounds ?? 5) : 0,
              firstPageRounds: wants('first-page-100k') ? (options.rounds ?? 25) : 0,
              log,
            },
          )),
        );
      }
      if (wants('download-1gib') || wants('upload-1gib') || wants('transfer-peak-rss-mib')) {
        const transfers = await benchTransfers(session, stack, { sizeMib: options.sizeMib, rounds: options.rounds ?? 5, log });
        results.push(...transfers.filter((result) => wants(result.name as BenchName)));
      }
      if (wants('scroll-100k')) {
        const scroll = await benchScroll(session, {
          bucket: SHARED_BUCKET,
          path: [BIG_PREFIX.slice(SHARED_PREFIX.length, -1)],
          expectedRows: BIG_PREFIX_KEYS,
          rounds: options.rounds ?? 3,
          scratch: stack.scratch,
          outDir: resolve(options.outDir),
          log,
        });
        chromium = scroll.chromium;
        results.push(scroll.result);
      }
    } finally {
      await session.close();
    }
  } finally {
    await stack.close();
  }

  const machine = machineInfo(chromium);
  const report: BenchReport = {
    date,
    machine: { ...machine, loadAverage, loadAverageEnd: machine.loadAverage },
    options: { only: options.only, sizeMib: options.sizeMib, rounds: options.rounds ?? 'default' },
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
