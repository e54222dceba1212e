import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * One line of report.json. The seven keys of the issue come first; `ratio`
 * is oriented so that higher is better, and `pass` is exactly `ratio >= budget`.
 */
export interface BenchResult {
  name: string;
  /** What S3 Desk achieved (null when the benchmark could not run). */
  value: number | null;
  unit: string;
  /** The raw AWS SDK doing the same work in the same run ('relative'), or the fixed limit ('absolute'). */
  baseline: number | null;
  ratio: number | null;
  budget: number;
  pass: boolean;
  kind: 'relative' | 'absolute';
  /** What `baseline` is, in words. */
  baselineIs: string;
  /** How it was measured: one paragraph for report.md. */
  method: string;
  /** Every round's numbers, in the order they were taken. */
  rounds: Array<Record<string, number>>;
  /** Anything else worth keeping (percentiles, sizes, the raw SDK's figure for an absolute budget). */
  details?: Record<string, unknown>;
  /** Why the benchmark could not run. */
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
}

export interface BenchReport {
  date: string;
  machine: Machine;
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

/** A ratio rounded as reported; pass is decided on this very number, so the table never contradicts itself. */
function finish(common: Common, fields: { value: number; baseline: number; ratio: number; kind: BenchResult['kind']; baselineIs: string }): BenchResult {
  const ratio = round(fields.ratio, 3);
  return {
    name: common.name,
    value: round(fields.value, 1),
    unit: common.unit,
    baseline: round(fields.baseline, 1),
    ratio,
    budget: common.budget,
    pass: Number.isFinite(ratio) && ratio >= common.budget,
    kind: fields.kind,
    baselineIs: fields.baselineIs,
    method: common.method,
    rounds: common.rounds,
    ...(common.details ? { details: common.details } : {}),
  };
}

/** Time against the raw SDK's time (lower is better): medians, ratio = baseline / value. */
export function timeResult(common: Common & { app: number[]; raw: number[]; baselineIs: string }): BenchResult {
  const value = median(common.app);
  const baseline = median(common.raw);
  return finish(common, { value, baseline, ratio: baseline / value, kind: 'relative', baselineIs: common.baselineIs });
}

/** Throughput against the raw SDK's (higher is better): medians, ratio = value / baseline. */
export function throughputResult(common: Common & { app: number[]; raw: number[]; baselineIs: string }): BenchResult {
  const value = median(common.app);
  const baseline = median(common.raw);
  return finish(common, { value, baseline, ratio: value / baseline, kind: 'relative', baselineIs: common.baselineIs });
}

/**
 * A measure with a fixed limit where lower is better (a frame time, a memory
 * peak): baseline = the limit, ratio = limit / value, budget 1 — so
 * `pass = ratio >= budget` means exactly `value <= limit`.
 */
export function limitResult(common: Omit<Common, 'budget'> & { value: number; limit: number }): BenchResult {
  return finish(
    { ...common, budget: 1 },
    { value: common.value, baseline: common.limit, ratio: common.limit / common.value, kind: 'absolute', baselineIs: `the limit, ${common.limit} ${common.unit}` },
  );
}

/** A benchmark that could not run: no numbers, not a pass. */
export function failedResult(common: Omit<Common, 'rounds'> & { kind: BenchResult['kind']; error: string; rounds?: Common['rounds'] }): BenchResult {
  return {
    name: common.name,
    value: null,
    unit: common.unit,
    baseline: null,
    ratio: null,
    budget: common.budget,
    pass: false,
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

/** report.md: the table, the machine, how each number was measured, and the rounds. */
export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const passed = report.results.filter((result) => result.pass).length;
  lines.push('# S3 Desk benchmarks', '');
  lines.push(`${report.date} — ${passed} of ${report.results.length} budgets met.`, '');
  lines.push('| name | value | unit | baseline | ratio | budget | pass |', '| --- | ---: | --- | ---: | ---: | ---: | :---: |');
  for (const result of report.results) {
    const pass = result.error ? 'error' : result.pass ? 'pass' : '**FAIL**';
    lines.push(
      `| ${result.name} | ${cell(result.value, 1)} | ${result.unit} | ${cell(result.baseline, 1)} | ${cell(result.ratio, 3)} | ${cell(result.budget, 1)} | ${pass} |`,
    );
  }
  lines.push(
    '',
    'Ratios are oriented so that higher is better and pass means ratio ≥ budget: time budgets are raw time ÷ app time,',
    'throughputs app ÷ raw; an absolute budget (baseline = its limit) has ratio = limit ÷ value against a budget of 1.0.',
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
  );
  const m = report.machine;
  lines.push(`| CPU | ${m.cpu} |`, `| cores | ${m.cores} |`, `| RAM | ${m.ramGib} GiB |`, `| OS | ${m.os} |`, `| Node | ${m.node} |`);
  lines.push(`| Chromium | ${m.chromium ?? 'not found'} |`, `| load average (1/5/15 min) | ${m.loadAverage.join(' ')} at the start${m.loadAverageEnd ? `, ${m.loadAverageEnd.join(' ')} at the end` : ''} |`, `| date | ${report.date} |`);
  lines.push(`| options | \`${JSON.stringify(report.options)}\` |`);
  lines.push('', '## How each was measured', '');
  for (const result of report.results) {
    const baseline = result.baselineIs ? ` Baseline: ${result.baselineIs}.` : '';
    const error = result.error ? ` **Could not run:** ${result.error}` : '';
    lines.push(`**${result.name}** — ${result.method}${baseline}${error}`, '');
  }
  const withRounds = report.results.filter((result) => result.rounds.length > 0);
  if (withRounds.length > 0) {
    lines.push('## Rounds', '');
    for (const result of withRounds) {
      const rounds = result.rounds.map((r) => Object.entries(r).map(([k, v]) => `${k} ${round(v, 1)}`).join(', '));
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
