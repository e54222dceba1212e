import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMES, parseBenchArgs } from '../../scripts/bench/bench-options';
import {
  busyCores,
  cpuCounters,
  describeFailure,
  failedResult,
  limitResult,
  machineInfo,
  median,
  renderMarkdown,
  throughputResult,
  timeResult,
  type BenchReport,
} from '../../scripts/bench/report';

const common = { unit: 'ms', method: 'How it was measured.', rounds: [{ app: 1, raw: 1 }] };
const SPEC_KEYS = ['name', 'value', 'unit', 'baseline', 'ratio', 'budget', 'pass'];

describe('bench results: ratios oriented so that higher is better, pass = ratio >= budget', () => {
  it('median of odd and even counts, without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('a time: ratio = raw time / app time, from the medians', () => {
    const result = timeResult({ ...common, name: 'list-100k', budget: 0.9, baselineIs: 'raw', app: [200, 210, 190], raw: [100, 90, 110] });
    expect(result).toMatchObject({ name: 'list-100k', value: 200, baseline: 100, ratio: 0.5, budget: 0.9, pass: false, kind: 'relative' });
    expect(Object.keys(result).slice(0, 7)).toEqual(SPEC_KEYS);
    const faster = timeResult({ ...common, name: 'first-page-100k', budget: 0.8, baselineIs: 'raw', app: [10], raw: [12] });
    expect(faster).toMatchObject({ ratio: 1.2, pass: true });
  });

  it('a throughput: ratio = app / raw; exactly the budget passes', () => {
    const result = throughputResult({ ...common, name: 'download-1gib', unit: 'MiB/s', budget: 0.9, baselineIs: 'raw', app: [90, 80, 95], raw: [100] });
    expect(result).toMatchObject({ value: 90, baseline: 100, ratio: 0.9, pass: true });
    const slower = throughputResult({ ...common, name: 'upload-1gib', unit: 'MiB/s', budget: 0.9, baselineIs: 'raw', app: [89], raw: [100] });
    expect(slower).toMatchObject({ ratio: 0.89, pass: false });
  });

  it('pass is decided on the ratio as reported, so the table never contradicts itself', () => {
    const result = timeResult({ ...common, name: 'list-100k', budget: 0.9, baselineIs: 'raw', app: [1000], raw: [899.6] });
    expect(result.ratio).toBe(0.9);
    expect(result.pass).toBe(true);
  });

  it('an absolute limit: baseline = the limit, ratio = limit / value, budget 1', () => {
    const good = limitResult({ ...common, name: 'scroll-100k', value: 25, limit: 50 });
    expect(good).toMatchObject({ value: 25, baseline: 50, ratio: 2, budget: 1, pass: true, kind: 'absolute' });
    expect(good.baselineIs).toContain('50 ms');
    const bad = limitResult({ ...common, name: 'scroll-100k', value: 60, limit: 50 });
    expect(bad).toMatchObject({ ratio: 0.833, pass: false });
    expect(limitResult({ ...common, name: 'transfer-peak-rss-mib', unit: 'MiB', value: 256, limit: 256 }).pass).toBe(true);
  });

  it('a benchmark that could not run has no numbers and does not pass', () => {
    const result = failedResult({ name: 'scroll-100k', unit: 'ms', budget: 1, kind: 'absolute', method: 'm', error: 'no Chromium' });
    expect(result).toMatchObject({ value: null, baseline: null, ratio: null, pass: false, error: 'no Chromium' });
    expect(Object.keys(result).slice(0, 7)).toEqual(SPEC_KEYS);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('describes SDK errors with their HTTP status, in one line', () => {
    const error = Object.assign(new Error('UnknownError\nmore'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    expect(describeFailure(error)).toBe('NotFound: UnknownError (HTTP 404)');
    expect(describeFailure(new Error('plain'))).toBe('plain');
    expect(describeFailure('text')).toBe('text');
    const build = Object.assign(new Error('Build failed with 1 error:\n'), { errors: [{ message: '\u001b[31m[MISSING_EXPORT] \u001b[0m"x" is not exported.\n  at y' }] });
    expect(describeFailure(build)).toBe('Build failed with 1 error: [MISSING_EXPORT] "x" is not exported.');
  });
});

describe('the machine and the markdown report', () => {
  it('describes this machine', () => {
    const machine = machineInfo('156.0.1.2');
    expect(machine.cores).toBe(os.cpus().length);
    expect(machine.node).toBe(process.version);
    expect(machine.chromium).toBe('156.0.1.2');
    expect(machine.ramGib).toBeGreaterThan(0);
    expect(machine.cpu.length).toBeGreaterThan(0);
    expect(machine.os).toContain(os.release());
  });

  it('how many cores were busy between two CPU counter readings', () => {
    expect(busyCores({ busy: 100, total: 1000, steal: 0 }, { busy: 400, total: 2000, steal: 50 }, 2)).toEqual({ busy: 0.6, steal: 0.1 });
    expect(busyCores(null, { busy: 1, total: 2, steal: 0 })).toBeNull();
    expect(busyCores({ busy: 1, total: 2, steal: 0 }, { busy: 1, total: 2, steal: 0 })).toBeNull();
    if (process.platform === 'linux') expect(cpuCounters()!.total).toBeGreaterThan(0);
  });

  it('shows the table, the machine, the notes and the rounds', () => {
    const report: BenchReport = {
      date: '2026-01-02T03:04:05.000Z',
      machine: { cpu: 'Test CPU', cores: 2, ramGib: 8, os: 'Debian', node: 'v20.19.0', chromium: '156.0.1.2', loadAverage: [0.5, 0.4, 0.3] },
      options: { sizeMib: 1024 },
      results: [
        timeResult({ ...common, name: 'list-100k', budget: 0.9, baselineIs: 'a raw loop', app: [1234.56], raw: [1111.1] }),
        limitResult({ ...common, name: 'scroll-100k', value: 75, limit: 50, method: 'Scrolled.' }),
        failedResult({ name: 'upload-1gib', unit: 'MiB/s', budget: 0.9, kind: 'relative', method: 'Uploaded.', error: 'disk full' }),
      ],
    };
    const md = renderMarkdown(report);
    expect(md).toContain('| name | value | unit | baseline | ratio | budget | pass |');
    expect(md).toContain('| list-100k | 1,234.6 | ms | 1,111.1 | 0.900 | 0.9 | pass |');
    expect(md).toContain('| scroll-100k | 75.0 | ms | 50.0 | 0.667 | 1.0 | **FAIL** |');
    expect(md).toContain('| upload-1gib | — | MiB/s | — | — | 0.9 | error |');
    expect(md).toContain('1 of 3 budgets met');
    for (const row of ['| CPU | Test CPU |', '| cores | 2 |', '| RAM | 8 GiB |', '| OS | Debian |', '| Node | v20.19.0 |', '| Chromium | 156.0.1.2 |']) {
      expect(md).toContain(row);
    }
    expect(md).toContain('2026-01-02T03:04:05.000Z');
    expect(md).toContain('**list-100k** — How it was measured. Baseline: a raw loop.');
    expect(md).toContain('**Could not run:** disk full');
    expect(md).toContain('* list-100k (ms): [app 1, raw 1]');
  });
});

describe('bench options', () => {
  it('runs everything by default, into .bench, at 1 GiB', () => {
    expect(parseBenchArgs([])).toEqual({ only: [...BENCH_NAMES], sizeMib: 1024, outDir: '.bench' });
  });

  it('--only picks benchmarks in report order; any transfer result brings the other two', () => {
    expect(parseBenchArgs(['--only', 'scroll-100k,list-100k']).only).toEqual(['list-100k', 'scroll-100k']);
    expect(parseBenchArgs(['--only=upload-1gib']).only).toEqual(['download-1gib', 'upload-1gib', 'transfer-peak-rss-mib']);
    expect(() => parseBenchArgs(['--only', 'list-1m'])).toThrow(/unknown benchmark "list-1m"/);
    expect(() => parseBenchArgs(['--only', ','])).toThrow(/at least one/);
  });

  it('--size-mib, --rounds and --out', () => {
    expect(parseBenchArgs(['--size-mib', '64', '--rounds', '2', '--out', '/tmp/x'])).toEqual({ only: [...BENCH_NAMES], sizeMib: 64, rounds: 2, outDir: '/tmp/x' });
    expect(() => parseBenchArgs(['--size-mib', '0'])).toThrow(/--size-mib must be a whole number from 1/);
    expect(() => parseBenchArgs(['--size-mib', '1.5'])).toThrow(/--size-mib/);
    expect(() => parseBenchArgs(['--rounds', 'many'])).toThrow(/--rounds/);
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow();
    expect(() => parseBenchArgs(['list-100k'])).toThrow(/Unexpected argument/);
  });
});
