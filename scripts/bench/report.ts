import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The tools S3 Desk is compared with, in report order. */
export const PEERS = ['aws-cli', 'rclone', 'raw-sdk'] as const;
/** The peers a WAN budget is judged against: the tools people would pick instead of S3 Desk. */
export const TOOL_PEERS = ['aws-cli', 'rclone'] as const;
export type Peer = (typeof PEERS)[number];
export type PeerFigures = Record<Peer, number | null>;

/** The two network profiles of the local stack (DESIGN.md §6): plain loopback, and a shaped WAN in front of the emulator. */
export const PROFILES = ['loopback', 'wan'] as const;
export type NetworkProfile = (typeof PROFILES)[number];

/** The budget of a timed workload compared with the peers: under WAN at least as fast as the best peer; on loopback ≥ 0.9× the raw SDK. */
export type PeerBudget = { budget: number; against: 'best peer' | 'raw-sdk' };

export const PEER_BUDGETS: Record<NetworkProfile, PeerBudget> = {
  wan: { budget: 1, against: 'best peer' },
  loopback: { budget: 0.9, against: 'raw-sdk' },
};

/**
 * A whole folder's listing on a real link: at most a quarter of the time of
 * the sequential ListObjectsV2 loop every other client runs (the peers are
 * such loops too; their ratios stay in details.ratioTo).
 */
export const WAN_LISTING_BUDGET: PeerBudget = { budget: 4, against: 'raw-sdk' };

/**
 * One line of report.json, named `<profile>/<workload>`. The keys of the
 * issue come first; `ratio` is oriented so that higher is better, and `pass`
 * is exactly `ratio >= budget` on the ratio as reported (rounded).
 */
export interface BenchResult {
  name: string;
  /** What S3 Desk achieved (null when the benchmark could not run). */
  value: number | null;
  unit: string;
  /** The same work done by the other tools in the same run, in the same unit (null: missing, failed, or not part of this workload). */
  peers: PeerFigures;
  ratio: number | null;
  budget: number;
  pass: boolean;
  /** The figure the ratio is taken against: the best peer, the raw SDK, or a fixed limit. */
  baseline: number | null;
  kind: 'relative' | 'absolute';
  /** What `baseline` is, in words. */
  baselineIs: string;
  /** How it was measured: one paragraph for report.md. */
  method: string;
  /** Every round's numbers, in the order they were taken. */
  rounds: Array<Record<string, number>>;
  /** Anything else worth keeping (ratioTo each peer, peaks, CPU, sizes, missing peers). */
  details?: Record<string, unknown>;
  /** Why the benchmark could not run (or could not be judged). */
  error?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGib: number;
  os: string;
  node: string;
  chromium: string | null;
  /** 1, 5 and 15 minute load averages when the run started and when it ended: how busy the machine was. */
  loadAverage: number[];
  loadAverageEnd?: number[];
  /** Where the run's files were (scratch-root.ts): in memory or on disk, and why. */
  scratch?: string;
}

/** What the stack said about its network (StackInfo.network), per profile that ran. */
export interface NetworkParameters {
  profile: string;
  latencyMs: number;
  jitterMs: number;
  connectionBytesPerSecond: number | null;
  aggregateBytesPerSecond: number | null;
}

export interface BenchReport {
  date: string;
  machine: Machine;
  /** Versions of the peer CLIs (`aws --version`, `rclone version`), null when missing. */
  tools?: Record<'aws-cli' | 'rclone', string | null>;
  /** Each profile that ran, with the stack's network parameters (null: the stack said nothing, i.e. plain loopback). */
  profiles?: Partial<Record<NetworkProfile, NetworkParameters | null>>;
  options: Record<string, unknown>;
  results: BenchResult[];
}

interface Common {
  name: string;
  unit: string;
  budget: number;
  method: string;
  rounds: Array<Record<string, number>>;
  details?: Record<string, unknown>;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Decimals a figure of this unit is reported with. */
export function decimalsOf(unit: string): number {
  return unit === 's' ? 3 : 1;
}

export const NO_PEERS: PeerFigures = { 'aws-cli': null, rclone: null, 'raw-sdk': null };

/** A ratio rounded as reported; pass is decided on this very number, so the table never contradicts itself. */
function finish(
  common: Common,
  fields: { value: number; baseline: number; ratio: number; kind: BenchResult['kind']; baselineIs: string; peers?: PeerFigures },
): BenchResult {
  const ratio = round(fields.ratio, 3);
  const decimals = decimalsOf(common.unit);
  return {
    name: common.name,
    value: round(fields.value, decimals),
    unit: common.unit,
    peers: fields.peers ?? { ...NO_PEERS },
    ratio,
    budget: common.budget,
    pass: Number.isFinite(ratio) && ratio >= common.budget,
    baseline: round(fields.baseline, decimals),
    kind: fields.kind,
    baselineIs: fields.baselineIs,
    method: common.method,
    rounds: common.rounds,
    ...(common.details ? { details: common.details } : {}),
  };
}

/** Time against the raw SDK's time (lower is better): medians, ratio = baseline / value (first-page-100k). */
export function timeResult(common: Common & { app: number[]; raw: number[]; baselineIs: string }): BenchResult {
  const value = median(common.app);
  const baseline = median(common.raw);
  const peers = { ...NO_PEERS, 'raw-sdk': round(baseline, decimalsOf(common.unit)) };
  return finish(common, { value, baseline, ratio: baseline / value, kind: 'relative', baselineIs: common.baselineIs, peers });
}

/**
 * A timed workload (lower is better) against the peers that ran, from the
 * medians of the rounds. Under `wan` the ratio is the best (lowest) time of
 * the tools people would pick instead (the AWS CLI, rclone) ÷ the app's, budget 1.0; under `loopback` the raw SDK's time ÷ the app's,
 * budget 0.9. details.ratioTo keeps the ratio to every peer either way,
 * details.budgetAgainst says which one the budget used. A peer with no
 * times (missing, or it failed) is null and left out; with nothing to
 * compare against, the result has an error and does not pass.
 */
export function peerTimeResult(spec: {
  name: string;
  profile: NetworkProfile;
  unit: string;
  method: string;
  rounds: Array<Record<string, number>>;
  app: number[];
  peers: Partial<Record<Peer, number[]>>;
  /** Why a peer did not run or could not finish: missing CLIs, a failed run. */
  missing?: Partial<Record<Peer, string>>;
  details?: Record<string, unknown>;
  /** What the app is judged against, when not the profile's usual (PEER_BUDGETS). */
  budget?: PeerBudget;
}): BenchResult {
  const { budget, against } = spec.budget ?? PEER_BUDGETS[spec.profile];
  const decimals = decimalsOf(spec.unit);
  const medians: PeerFigures = { ...NO_PEERS };
  for (const peer of PEERS) {
    const times = spec.peers[peer];
    if (times && times.length > 0) medians[peer] = median(times);
  }
  const peers: PeerFigures = { ...NO_PEERS };
  for (const peer of PEERS) peers[peer] = medians[peer] === null ? null : round(medians[peer]!, decimals);
  const missing = Object.fromEntries(Object.entries(spec.missing ?? {}).filter(([, why]) => why));
  const value = spec.app.length > 0 ? median(spec.app) : null;
  const ratioTo = Object.fromEntries(PEERS.map((peer) => [peer, value === null || medians[peer] === null ? null : round(medians[peer]! / value, 3)]));
  let baseline: number | null = null;
  let baselineIs = '';
  if (against === 'raw-sdk') {
    baseline = medians['raw-sdk'];
    baselineIs = 'the raw AWS SDK doing the same work';
  } else {
    // DESIGN.md §6: the tools people would pick instead. The raw SDK is no such tool (nobody copies a folder with it); its figure stays in peers and ratioTo.
    const ran = TOOL_PEERS.filter((peer) => medians[peer] !== null);
    const best = ran.sort((a, b) => medians[a]! - medians[b]!)[0];
    if (best) {
      baseline = medians[best]!;
      baselineIs = `the best peer that ran (${best})`;
    }
  }
  const details = { ratioTo, budgetAgainst: against, ...(Object.keys(missing).length > 0 ? { missing } : {}), ...spec.details };
  const common: Common = { name: spec.name, unit: spec.unit, budget, method: spec.method, rounds: spec.rounds, details };
  if (value === null || baseline === null) {
    const error = value === null ? 'the app did not finish a round' : against === 'raw-sdk' ? 'the raw SDK did not finish a round, so there is nothing to compare with' : 'no peer finished a round, so there is nothing to compare with';
    return {
      ...failedResult({ ...common, kind: 'relative', error }),
      value: value === null ? null : round(value, decimals),
      peers,
    };
  }
  return finish(common, { value, baseline, ratio: baseline / value, kind: 'relative', baselineIs, peers });
}

/**
 * A measure with a fixed limit where lower is better (a frame time, a memory
 * peak): baseline = the limit, ratio = limit / value, budget 1 — so
 * `pass = ratio >= budget` means exactly `value <= limit`. `peers`, when
 * given, are the other tools' figures of the same measure (not judged).
 */
export function limitResult(common: Omit<Common, 'budget'> & { value: number; limit: number; peers?: PeerFigures }): BenchResult {
  return finish(
    { ...common, budget: 1 },
    {
      value: common.value,
      baseline: common.limit,
      ratio: common.limit / common.value,
      kind: 'absolute',
      baselineIs: `the limit, ${common.limit} ${common.unit}`,
      peers: common.peers,
    },
  );
}

/** A benchmark that could not run: no numbers, not a pass. */
export function failedResult(common: Omit<Common, 'rounds'> & { kind: BenchResult['kind']; error: string; rounds?: Common['rounds'] }): BenchResult {
  return {
    name: common.name,
    value: null,
    unit: common.unit,
    peers: { ...NO_PEERS },
    ratio: null,
    budget: common.budget,
    pass: false,
    baseline: null,
    kind: common.kind,
    baselineIs: '',
    method: common.method,
    rounds: common.rounds ?? [],
    ...(common.details ? { details: common.details } : {}),
    error: common.error,
  };
}

/** The computer the run happened on. */
export function machineInfo(chromium: string | null = null): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    ramGib: round(os.totalmem() / 1024 ** 3, 1),
    os: `${osName()} (${os.type()} ${os.release()} ${os.arch()})`,
    node: process.version,
    chromium: chromium ?? chromiumVersion(),
    loadAverage: os.loadavg().map((load) => round(load, 2)),
  };
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (match?.[1]) return match[1];
  } catch {
    // Not Linux, or no os-release: the kernel line below still says what it is.
  }
  return os.version();
}

/** Debian's Chromium, as the scroll benchmark launches it; null when there is none. */
export function chromiumVersion(path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): string | null {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1] ?? (out.trim() || null);
  } catch {
    return null;
  }
}

function cell(value: number | null, decimals: number): string {
  if (value === null) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `wan/list-100k` → ['wan', 'list-100k']; a name without a profile belongs to none. */
export function splitName(name: string): { profile: string; workload: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { profile: '', workload: name } : { profile: name.slice(0, slash), workload: name.slice(slash + 1) };
}

const MIB = 1024 * 1024;

/** A profile's network in words: "wan: round trip 30 ms ± 5 ms, 64 MiB/s per connection, unlimited in all". */
export function describeNetwork(network: NetworkParameters | null | undefined): string {
  if (!network) return 'plain loopback, no shaping';
  const rate = (bytes: number | null) => (bytes === null || !Number.isFinite(bytes) || bytes <= 0 ? 'unlimited' : `${round(bytes / MIB, 1)} MiB/s`);
  if (network.latencyMs === 0 && network.jitterMs === 0 && !(network.connectionBytesPerSecond! > 0) && !(network.aggregateBytesPerSecond! > 0)) {
    return `${network.profile}: no shaping`;
  }
  return (
    `${network.profile}: round trip ${network.latencyMs} ms ± ${network.jitterMs} ms, ` +
    `${rate(network.connectionBytesPerSecond)} per connection, ${rate(network.aggregateBytesPerSecond)} in all`
  );
}

/** report.md: a table per profile, the machine, how each number was measured, and the rounds. */
export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const passed = report.results.filter((result) => result.pass).length;
  lines.push('# S3 Desk benchmarks', '');
  lines.push(`${report.date} — ${passed} of ${report.results.length} budgets met.`, '');
  const profiles = [...new Set(report.results.map((result) => splitName(result.name).profile))];
  for (const profile of profiles) {
    lines.push(`## ${profile || 'results'}`, '');
    const network = profile ? report.profiles?.[profile as NetworkProfile] : undefined;
    if (profile) lines.push(`Network: ${describeNetwork(network)}.`, '');
    lines.push('| workload | app | aws-cli | rclone | raw-sdk | unit | ratio | budget | pass |', '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | :---: |');
    for (const result of report.results.filter((candidate) => splitName(candidate.name).profile === profile)) {
      const pass = result.error ? (result.value === null ? 'error' : '**FAIL** (error)') : result.pass ? 'pass' : '**FAIL**';
      const decimals = decimalsOf(result.unit);
      const peers = PEERS.map((peer) => cell(result.peers[peer], decimals)).join(' | ');
      lines.push(
        `| ${splitName(result.name).workload} | ${cell(result.value, decimals)} | ${peers} | ${result.unit} | ${cell(result.ratio, 3)} | ${cell(result.budget, 1)} | ${pass} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    'Ratios are oriented so that higher is better and pass means ratio ≥ budget (on the ratio as shown). Times (s, ms) are medians;',
    'under wan the ratio is the best tool’s time (the AWS CLI or rclone; the raw SDK is shown, not judged) ÷ the app’s (budget 1.0: at least as fast as the best of them), under loopback',
    'the raw SDK’s time ÷ the app’s (budget 0.9). A whole listing under wan (list-100k, list-1m) is judged against the sequential raw SDK loop instead:',
    'ratio = its time ÷ the app’s, budget 4.0. An absolute budget (a memory peak, a frame) has ratio = limit ÷ value against 1.0;',
    'its peer columns show the other tools’ figures for comparison. — means the tool is missing, failed, or does not apply.',
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
  );
  const m = report.machine;
  lines.push(`| CPU | ${m.cpu} |`, `| cores | ${m.cores} |`, `| RAM | ${m.ramGib} GiB |`, `| OS | ${m.os} |`, `| Node | ${m.node} |`);
  lines.push(`| Chromium | ${m.chromium ?? 'not found'} |`);
  if (m.scratch) lines.push(`| local files | ${m.scratch} |`);
  if (report.tools) {
    lines.push(`| AWS CLI | ${report.tools['aws-cli'] ?? 'not found'} |`, `| rclone | ${report.tools.rclone ?? 'not found'} |`);
  }
  for (const [profile, network] of Object.entries(report.profiles ?? {})) lines.push(`| network (${profile}) | ${describeNetwork(network)} |`);
  lines.push(
    `| load average (1/5/15 min) | ${m.loadAverage.join(' ')} at the start${m.loadAverageEnd ? `, ${m.loadAverageEnd.join(' ')} at the end` : ''} |`,
    `| date | ${report.date} |`,
  );
  lines.push(`| options | \`${JSON.stringify(report.options)}\` |`);
  lines.push('', '## How each was measured', '');
  // The method of a workload is the same under every profile: once each; what went wrong, per result.
  const methods = new Map<string, string>();
  for (const result of report.results) {
    const { workload } = splitName(result.name);
    if (!methods.has(workload) && result.method) methods.set(workload, result.method);
  }
  for (const [workload, method] of methods) lines.push(`**${workload}** — ${method}`, '');
  const notes = report.results.flatMap((result) => {
    const missing = result.details?.missing as Record<string, string> | undefined;
    const parts = [
      ...(result.details?.budgetAgainst === 'best peer' && result.baselineIs ? [`judged against ${result.baselineIs}`] : []),
      ...Object.entries(missing ?? {}).map(([peer, why]) => `${peer} did not run: ${why}`),
      ...(result.error ? [`**could not run:** ${result.error}`] : []),
    ];
    return parts.length > 0 ? [`* ${result.name}: ${parts.join('; ')}.`] : [];
  });
  if (notes.length > 0) lines.push('## Notes', '', ...notes, '');
  const withRounds = report.results.filter((result) => result.rounds.length > 0);
  if (withRounds.length > 0) {
    lines.push('## Rounds', '');
    for (const result of withRounds) {
      const decimals = decimalsOf(result.unit);
      const rounds = result.rounds.map((r) => Object.entries(r).map(([k, v]) => `${k} ${round(v, decimals)}`).join(', '));
      lines.push(`* ${result.name} (${result.unit}): ${rounds.map((r) => `[${r}]`).join(' ')}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** An error in one line, with the HTTP status an AWS SDK error carries. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = error.name && error.name !== 'Error' && !error.message.startsWith(error.name) ? `${error.name}: ` : '';
  // A bundler's error lists its problems in `errors` (the message only counts them).
  const first = (error as { errors?: Array<{ message?: unknown }> }).errors?.[0]?.message;
  const detail = typeof first === 'string' ? ` ${firstLine(first)}` : '';
  return `${name}${firstLine(error.message)}${detail}${status ? ` (HTTP ${status})` : ''}`;
}

function firstLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return (text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((line) => line.trim() !== '') ?? '').trim();
}

/** The machine's CPU counters (Linux /proc/stat), to say how busy it was over a stretch of time; null elsewhere. */
export function cpuCounters(): { busy: number; total: number; steal: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idle - iowait, total, steal };
  } catch {
    return null;
  }
}

/** Cores in use on average between two readings of cpuCounters (busy includes steal), or null. */
export function busyCores(
  before: ReturnType<typeof cpuCounters>,
  after: ReturnType<typeof cpuCounters>,
  cores = os.cpus().length,
): { busy: number; steal: number } | null {
  if (!before || !after || after.total <= before.total) return null;
  const total = after.total - before.total;
  return { busy: round(((after.busy - before.busy) / total) * cores, 2), steal: round(((after.steal - before.steal) / total) * cores, 2) };
}
