import { BENCH_USAGE, parseBenchArgs } from './bench/bench-options';
import { runBench } from './bench/run-bench';

/**
 * `npm run bench`: DESIGN.md §6's performance budgets against a private
 * local stack per network profile (loopback, wan), each workload done by the
 * app, the raw AWS SDK, the AWS CLI and rclone in the same run (or against an
 * absolute limit). Writes .bench/report.json and .bench/report.md; exits 1
 * when a budget fails.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(BENCH_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseBenchArgs(args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${BENCH_USAGE}`);
    return 2;
  }
  const started = Date.now();
  const { report, jsonPath, markdownPath } = await runBench(options, (line) => console.error(`[bench] ${line}`));
  for (const result of report.results) {
    const verdict = result.error ? `could not run: ${result.error}` : result.pass ? 'pass' : 'FAIL';
    const peers = Object.entries(result.peers)
      .map(([peer, value]) => `${peer} ${value ?? '—'}`)
      .join(', ');
    const numbers = result.value === null ? '' : `${result.value} ${result.unit} (${peers}; ratio ${result.ratio ?? '—'} vs ${result.budget}) `;
    console.log(`${result.name}: ${numbers}${verdict}`);
  }
  console.log(`Wrote ${markdownPath} and ${jsonPath} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return report.results.every((result) => result.pass) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The benchmarks could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
