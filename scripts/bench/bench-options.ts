import { parseArgs } from 'node:util';

/** Every result `npm run bench` can report, in report order. */
export const BENCH_NAMES = ['list-100k', 'first-page-100k', 'download-1gib', 'upload-1gib', 'transfer-peak-rss-mib', 'scroll-100k'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export interface BenchOptions {
  /** The results to produce (all by default). */
  only: BenchName[];
  /** Size of the transfer file in MiB (1024 = the 1 GiB of the budget). */
  sizeMib: number;
  /** Rounds per measurement (app and raw alternating); unset = each benchmark's default. */
  rounds?: number;
  /** Where report.json and report.md go. */
  outDir: string;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Runs the performance budgets of DESIGN.md §6 against a private local stack
(started in a temporary folder, deleted afterwards) and writes
<out>/report.json and <out>/report.md.

  --only NAMES      a comma-separated subset of
                      ${BENCH_NAMES.slice(0, 3).join(', ')},
                      ${BENCH_NAMES.slice(3).join(', ')}
                    (download-1gib, upload-1gib and transfer-peak-rss-mib come from the
                    same runs: asking for one runs all three)
  --size-mib N      transfer file size in MiB (default 1024; e.g. 64 for a quick run —
                    the report's options and details say which size it measured)
  --rounds N        rounds per measurement, app and raw SDK alternating, median reported
                    (default: 5 for list-100k and transfers, 25 for first-page-100k, 3 for scroll)
  --out DIR         report folder (default .bench)
  -h, --help        this text

Exit status: 0 when every budget passes, 1 when any budget fails or a
benchmark could not run (so CI can gate on it), 2 for a bad command line.
The report is written in both of the first two cases.`;

/** Parses the bench command line; throws an Error whose message says what is wrong. */
export function parseBenchArgs(args: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      'size-mib': { type: 'string', default: '1024' },
      rounds: { type: 'string' },
      out: { type: 'string', default: '.bench' },
    },
  });
  if (positionals.length > 0) throw new Error(`Unexpected argument "${positionals[0]}".`);
  const options: BenchOptions = {
    only: parseOnly(values.only),
    sizeMib: wholeNumber('--size-mib', values['size-mib'], 1, 16_384),
    outDir: values.out,
  };
  if (values.out.trim() === '') throw new Error('--out needs a folder.');
  if (values.rounds !== undefined) options.rounds = wholeNumber('--rounds', values.rounds, 1, 100);
  return options;
}

function parseOnly(text: string | undefined): BenchName[] {
  if (text === undefined) return [...BENCH_NAMES];
  const asked = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (asked.length === 0) throw new Error('--only needs at least one name.');
  for (const name of asked) {
    if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}" (known: ${BENCH_NAMES.join(', ')}).`);
  }
  // The transfer results come from the same runs: asking for one runs all three.
  const transfers: BenchName[] = ['download-1gib', 'upload-1gib', 'transfer-peak-rss-mib'];
  const wanted = new Set<string>(asked);
  if (asked.some((name) => (transfers as string[]).includes(name))) for (const name of transfers) wanted.add(name);
  return BENCH_NAMES.filter((name) => wanted.has(name));
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}
