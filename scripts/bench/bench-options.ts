import { parseArgs } from 'node:util';
import { PROFILES, type NetworkProfile } from './report';

/** Every workload `npm run bench` can report, in report order; each result is named `<profile>/<workload>`. */
export const BENCH_NAMES = [
  'list-100k',
  'list-1m',
  'first-page-100k',
  'download-1gib',
  'upload-1gib',
  'download-small-files',
  'upload-small-files',
  'transfer-peak-rss-mib',
  'scroll-100k',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** Measured on loopback only: what they time is the app's own work, which a shaped network would only hide. */
export const LOOPBACK_ONLY: readonly BenchName[] = ['first-page-100k', 'scroll-100k'];
/** The transfer workloads; transfer-peak-rss-mib is the app's peak over whichever of them ran. */
export const TRANSFER_NAMES: readonly BenchName[] = ['download-1gib', 'upload-1gib', 'download-small-files', 'upload-small-files'];

export interface BenchOptions {
  /** The network profiles to run, in order (one stack each). */
  profiles: NetworkProfile[];
  /** The workloads to produce (all by default). */
  only: BenchName[];
  /** Size of the large transfer file in MiB (1024 = the 1 GiB of the budget). */
  sizeMib: number;
  /** Files in the small-files folder (16 KiB each). */
  smallFiles: number;
  /** Rounds per measurement; unset = each benchmark's default. */
  rounds?: number;
  /** Where report.json and report.md go. */
  outDir: string;
  /** Where the run's files go: "memory", "disk" or a folder (scratch-root.ts). */
  scratch: string;
}

export const SMALL_FILE_KIB = 16;
export const DEFAULT_SMALL_FILES = 5000;
export const MAX_SMALL_FILES = 100_000;

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Runs the performance budgets of DESIGN.md §6 against a private local stack
(started in a temporary folder, deleted afterwards), once per network
profile, and writes <out>/report.json and <out>/report.md. Every transfer and
listing is also done by the AWS CLI (/usr/bin/aws), rclone (/usr/bin/rclone)
and the raw AWS SDK on the same stack; a missing CLI is reported, not fatal.
Under wan the app must be at least as fast as the best of them (budget 1.0);
under loopback at least 0.9× the raw SDK.

  --profile P       loopback, wan or all (default all: loopback, then wan)
  --only NAMES      a comma-separated subset of the workloads
                      ${BENCH_NAMES.slice(0, 4).join(', ')},
                      ${BENCH_NAMES.slice(4).join(', ')}
                    (transfer-peak-rss-mib comes with any transfer workload, and alone
                    runs download-1gib and upload-1gib; first-page-100k and scroll-100k
                    run under loopback only)
  --size-mib N      the large transfer's file size in MiB (default 1024; e.g. 64 for a
                    quick run — the report's options and details say which size it measured)
  --small-files N   files in the small-files folder, ${SMALL_FILE_KIB} KiB each (default ${DEFAULT_SMALL_FILES}, 1 to ${MAX_SMALL_FILES})
  --rounds N        rounds per measurement, median reported; each tool runs once a round,
                    the order rotated round to round (default: 5 for list-100k, 2 for
                    list-1m, 5 for loopback's transfers and 3 for wan's, 25 for
                    first-page-100k, 5 for scroll)
  --scratch WHERE   where the stack's objects and every tool's files go: memory (default:
                    tmpfs at /dev/shm when it has room, else the disk, said in the report),
                    disk (the OS's temporary folder) or a folder
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
      profile: { type: 'string', default: 'all' },
      only: { type: 'string' },
      'size-mib': { type: 'string', default: '1024' },
      'small-files': { type: 'string', default: String(DEFAULT_SMALL_FILES) },
      rounds: { type: 'string' },
      out: { type: 'string', default: '.bench' },
      scratch: { type: 'string', default: 'memory' },
    },
  });
  if (positionals.length > 0) throw new Error(`Unexpected argument "${positionals[0]}".`);
  if (values.out.trim() === '') throw new Error('--out needs a folder.');
  if (values.scratch.trim() === '') throw new Error('--scratch needs memory, disk or a folder.');
  const options: BenchOptions = {
    profiles: parseProfile(values.profile),
    only: parseOnly(values.only),
    sizeMib: wholeNumber('--size-mib', values['size-mib'], 1, 16_384),
    smallFiles: wholeNumber('--small-files', values['small-files'], 1, MAX_SMALL_FILES),
    outDir: values.out,
    scratch: values.scratch,
  };
  if (values.rounds !== undefined) options.rounds = wholeNumber('--rounds', values.rounds, 1, 100);
  if (!options.profiles.includes('loopback') && options.only.every((name) => LOOPBACK_ONLY.includes(name))) {
    throw new Error(`--only ${options.only.join(',')} runs under loopback only: nothing to do with --profile ${values.profile}.`);
  }
  return options;
}

function parseProfile(text: string): NetworkProfile[] {
  if (text === 'all') return [...PROFILES];
  if ((PROFILES as readonly string[]).includes(text)) return [text as NetworkProfile];
  throw new Error(`--profile must be ${PROFILES.join(', ')} or all (got "${text}").`);
}

function parseOnly(text: string | undefined): BenchName[] {
  if (text === undefined) return [...BENCH_NAMES];
  const asked = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (asked.length === 0) throw new Error('--only needs at least one name.');
  for (const name of asked) {
    if (name.includes('/')) throw new Error(`--only takes workload names without a profile (got "${name}"; use --profile).`);
    if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}" (known: ${BENCH_NAMES.join(', ')}).`);
  }
  const wanted = new Set<string>(asked);
  // The memory peak comes from the transfers' runs: any transfer brings it, and alone it runs the large file both ways.
  if (TRANSFER_NAMES.some((name) => wanted.has(name))) wanted.add('transfer-peak-rss-mib');
  else if (wanted.has('transfer-peak-rss-mib')) for (const name of ['download-1gib', 'upload-1gib']) wanted.add(name);
  return BENCH_NAMES.filter((name) => wanted.has(name));
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}
