import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMES, parseBenchArgs } from '../../scripts/bench/bench-options';
import {
  busyCores,
  cpuCounters,
  describeFailure,
  describeNetwork,
  failedResult,
  limitResult,
  machineInfo,
  median,
  peerTimeResult,
  WAN_LISTING_BUDGET,
  renderMarkdown,
  timeResult,
  type BenchReport,
} from '../../scripts/bench/report';

const common = { unit: 'ms', method: 'How it was measured.', rounds: [{ app: 1, raw: 1 }] };
const SPEC_KEYS = ['name', 'value', 'unit', 'peers', 'ratio', 'budget', 'pass'];
const timed = { unit: 's', method: 'Timed.', rounds: [] };

describe('bench results: ratios oriented so that higher is better, pass = ratio >= budget', () => {
  it('median of odd and even counts, without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('a first page: ratio = raw time / app time, from the medians; the raw SDK is its only peer', () => {
    const result = timeResult({ ...common, name: 'first-page-100k', budget: 0.8, baselineIs: 'raw', app: [200, 210, 190], raw: [100, 90, 110] });
    expect(result).toMatchObject({ name: 'first-page-100k', value: 200, baseline: 100, ratio: 0.5, budget: 0.8, pass: false, kind: 'relative' });
    expect(result.peers).toEqual({ 'aws-cli': null, rclone: null, 'raw-sdk': 100 });
    expect(Object.keys(result).slice(0, 7)).toEqual(SPEC_KEYS);
    const faster = timeResult({ ...common, name: 'first-page-100k', budget: 0.8, baselineIs: 'raw', app: [10], raw: [12] });
    expect(faster).toMatchObject({ ratio: 1.2, pass: true });
  });

  it('under wan: ratio = the best (lowest) time of the AWS CLI and rclone / the app time, budget 1.0; the raw SDK is shown, not judged', () => {
    const result = peerTimeResult({
      ...timed,
      name: 'list-100k',
      profile: 'wan',
      app: [10, 12, 11],
      peers: { 'aws-cli': [50, 52, 51], rclone: [9, 9.5, 8], 'raw-sdk': [10.5] },
    });
    expect(result).toMatchObject({ value: 11, unit: 's', peers: { 'aws-cli': 51, rclone: 9, 'raw-sdk': 10.5 }, baseline: 9, ratio: 0.818, budget: 1, pass: false });
    expect(Object.keys(result).slice(0, 7)).toEqual(SPEC_KEYS);
    expect(result.baselineIs).toContain('rclone');
    expect(result.details).toMatchObject({ budgetAgainst: 'best peer', ratioTo: { 'aws-cli': 4.636, rclone: 0.818, 'raw-sdk': 0.955 } });
    const ahead = peerTimeResult({ ...timed, name: 'upload-1gib', profile: 'wan', app: [10], peers: { 'aws-cli': [20], rclone: [16], 'raw-sdk': [9] } });
    expect(ahead).toMatchObject({ baseline: 16, ratio: 1.6, pass: true });
    expect(ahead.details).toMatchObject({ ratioTo: { 'raw-sdk': 0.9 } });
  });

  it('a whole listing under wan is judged against the sequential raw SDK loop: at least 4× faster; the peers stay in ratioTo', () => {
    const spec = { ...timed, name: 'list-1m', profile: 'wan' as const, budget: WAN_LISTING_BUDGET, peers: { 'aws-cli': [300], rclone: [70], 'raw-sdk': [60] } };
    expect(peerTimeResult({ ...spec, app: [12] })).toMatchObject({ baseline: 60, ratio: 5, budget: 4, pass: true });
    const slow = peerTimeResult({ ...spec, app: [20] });
    expect(slow).toMatchObject({ ratio: 3, budget: 4, pass: false });
    expect(slow.details).toMatchObject({ budgetAgainst: 'raw-sdk', ratioTo: { 'aws-cli': 15, rclone: 3.5 } });
  });

  it('under loopback: ratio = the raw SDK time / the app time, budget 0.9, whatever the CLIs did', () => {
    const result = peerTimeResult({
      ...timed,
      name: 'download-1gib',
      profile: 'loopback',
      app: [2],
      peers: { 'aws-cli': [1], rclone: [1.5], 'raw-sdk': [1.9] },
    });
    expect(result).toMatchObject({ value: 2, baseline: 1.9, ratio: 0.95, budget: 0.9, pass: true });
    expect(result.details).toMatchObject({ budgetAgainst: 'raw-sdk', ratioTo: { 'aws-cli': 0.5, rclone: 0.75, 'raw-sdk': 0.95 } });
  });

  it('a missing peer is null, said why, and the best of the others is the baseline', () => {
    const result = peerTimeResult({
      ...timed,
      name: 'upload-small-files',
      profile: 'wan',
      app: [4],
      peers: { rclone: [5], 'raw-sdk': [6] },
      missing: { 'aws-cli': '/usr/bin/aws not found' },
    });
    expect(result).toMatchObject({ peers: { 'aws-cli': null, rclone: 5, 'raw-sdk': 6 }, baseline: 5, ratio: 1.25, pass: true });
    expect(result.details).toMatchObject({ missing: { 'aws-cli': '/usr/bin/aws not found' }, ratioTo: { 'aws-cli': null } });
    expect(result.error).toBeUndefined();
  });

  it('nothing to compare with: the app figure is kept, the result does not pass', () => {
    const noRaw = peerTimeResult({ ...timed, name: 'list-100k', profile: 'loopback', app: [3], peers: { 'aws-cli': [4] } });
    expect(noRaw).toMatchObject({ value: 3, peers: { 'aws-cli': 4, 'raw-sdk': null }, ratio: null, pass: false });
    expect(noRaw.error).toMatch(/raw SDK/);
    const noPeer = peerTimeResult({ ...timed, name: 'list-100k', profile: 'wan', app: [3], peers: {} });
    expect(noPeer).toMatchObject({ ratio: null, pass: false });
    expect(noPeer.error).toMatch(/no peer/);
    const noApp = peerTimeResult({ ...timed, name: 'list-100k', profile: 'wan', app: [], peers: { rclone: [1] } });
    expect(noApp).toMatchObject({ value: null, ratio: null, pass: false });
  });

  it('pass is decided on the ratio as reported, so the table never contradicts itself', () => {
    const result = timeResult({ ...common, name: 'first-page-100k', budget: 0.9, baselineIs: 'raw', app: [1000], raw: [899.6] });
    expect(result.ratio).toBe(0.9);
    expect(result.pass).toBe(true);
    const wan = peerTimeResult({ ...timed, name: 'list-100k', profile: 'wan', app: [10], peers: { rclone: [9.9996] } });
    expect(wan).toMatchObject({ ratio: 1, pass: true });
    const loop = peerTimeResult({ ...timed, name: 'list-100k', profile: 'loopback', app: [10], peers: { 'raw-sdk': [8.9949] } });
    expect(loop).toMatchObject({ ratio: 0.899, pass: false });
  });

  it('an absolute limit: baseline = the limit, ratio = limit / value, budget 1', () => {
    const good = limitResult({ ...common, name: 'scroll-100k', value: 25, limit: 50 });
    expect(good).toMatchObject({ value: 25, baseline: 50, ratio: 2, budget: 1, pass: true, kind: 'absolute' });
    expect(good.baselineIs).toContain('50 ms');
    const bad = limitResult({ ...common, name: 'scroll-100k', value: 60, limit: 50 });
    expect(bad).toMatchObject({ ratio: 0.833, pass: false });
    const rss = limitResult({ ...common, name: 'transfer-peak-rss-mib', unit: 'MiB', value: 256, limit: 256, peers: { 'aws-cli': 80, rclone: 60, 'raw-sdk': 150 } });
    expect(rss).toMatchObject({ pass: true, peers: { 'aws-cli': 80, rclone: 60, 'raw-sdk': 150 } });
  });

  it('a benchmark that could not run has no numbers and does not pass', () => {
    const result = failedResult({ name: 'scroll-100k', unit: 'ms', budget: 1, kind: 'absolute', method: 'm', error: 'no Chromium' });
    expect(result).toMatchObject({ value: null, baseline: null, ratio: null, pass: false, error: 'no Chromium' });
    expect(result.peers).toEqual({ 'aws-cli': null, rclone: null, 'raw-sdk': null });
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

  it('a table per profile with every tool, the machine with the networks and the CLIs, the notes and the rounds', () => {
    const wanList = peerTimeResult({
      ...timed,
      name: 'wan/list-100k',
      profile: 'wan',
      rounds: [{ app: 12.3456, rclone: 11 }],
      app: [12.3456],
      peers: { rclone: [11], 'raw-sdk': [12] },
      missing: { 'aws-cli': '/usr/bin/aws not found' },
    });
    const report: BenchReport = {
      date: '2026-01-02T03:04:05.000Z',
      machine: { cpu: 'Test CPU', cores: 2, ramGib: 8, os: 'Debian', node: 'v20.19.0', chromium: '156.0.1.2', loadAverage: [0.5, 0.4, 0.3] },
      tools: { 'aws-cli': null, rclone: 'rclone v1.60.1-DEV' },
      profiles: {
        loopback: { profile: 'loopback', latencyMs: 0, jitterMs: 0, connectionBytesPerSecond: null, aggregateBytesPerSecond: null },
        wan: { profile: 'wan', latencyMs: 30, jitterMs: 5, connectionBytesPerSecond: 64 * 1024 * 1024, aggregateBytesPerSecond: null },
      },
      options: { sizeMib: 1024 },
      results: [
        peerTimeResult({ ...timed, name: 'loopback/list-100k', profile: 'loopback', app: [1.2345], peers: { rclone: [2], 'raw-sdk': [1.111] } }),
        limitResult({ ...common, name: 'loopback/scroll-100k', value: 75, limit: 50, method: 'Scrolled.' }),
        wanList,
        failedResult({ name: 'wan/upload-1gib', unit: 's', budget: 1, kind: 'relative', method: 'Uploaded.', error: 'disk full' }),
      ],
    };
    const md = renderMarkdown(report);
    const header = '| workload | app | aws-cli | rclone | raw-sdk | unit | ratio | budget | pass |';
    expect(md.split(header)).toHaveLength(3);
    expect(md.indexOf('## loopback')).toBeLessThan(md.indexOf('## wan'));
    expect(md).toContain('| list-100k | 1.235 | — | 2.000 | 1.111 | s | 0.900 | 0.9 | pass |');
    expect(md).toContain('| scroll-100k | 75.0 | — | — | — | ms | 0.667 | 1.0 | **FAIL** |');
    expect(md).toContain('| list-100k | 12.346 | — | 11.000 | 12.000 | s | 0.891 | 1.0 | **FAIL** |');
    expect(md).toContain('| upload-1gib | — | — | — | — | s | — | 1.0 | error |');
    expect(md).toContain('1 of 4 budgets met');
    expect(md).toContain('Network: wan: round trip 30 ms ± 5 ms, 64 MiB/s per connection, unlimited in all.');
    for (const row of ['| CPU | Test CPU |', '| cores | 2 |', '| RAM | 8 GiB |', '| OS | Debian |', '| Node | v20.19.0 |', '| Chromium | 156.0.1.2 |']) {
      expect(md).toContain(row);
    }
    expect(md).toContain('| AWS CLI | not found |');
    expect(md).toContain('| rclone | rclone v1.60.1-DEV |');
    expect(md).toContain('| network (loopback) | loopback: no shaping |');
    expect(md).toContain('2026-01-02T03:04:05.000Z');
    // A workload's method once, whatever the number of profiles.
    expect(md.split('**list-100k** — Timed.')).toHaveLength(2);
    expect(md).toContain('* wan/list-100k: judged against the best peer that ran (rclone); aws-cli did not run: /usr/bin/aws not found.');
    expect(md).toContain('* wan/upload-1gib: **could not run:** disk full.');
    expect(md).toContain('* wan/list-100k (s): [app 12.346, rclone 11]');
  });

  it('describes a network profile', () => {
    expect(describeNetwork(null)).toBe('plain loopback, no shaping');
    expect(describeNetwork({ profile: 'custom', latencyMs: 100, jitterMs: 0, connectionBytesPerSecond: null, aggregateBytesPerSecond: 10 * 1024 * 1024 })).toBe(
      'custom: round trip 100 ms ± 0 ms, unlimited per connection, 10 MiB/s in all',
    );
  });
});

describe('bench options', () => {
  it('runs everything under both profiles by default, into .bench, at 1 GiB and 5,000 small files, its files in memory', () => {
    expect(parseBenchArgs([])).toEqual({ profiles: ['loopback', 'wan'], only: [...BENCH_NAMES], sizeMib: 1024, smallFiles: 5000, outDir: '.bench', scratch: 'memory' });
  });

  it('--scratch memory, disk or a folder; never empty', () => {
    expect(parseBenchArgs(['--scratch', 'disk']).scratch).toBe('disk');
    expect(parseBenchArgs(['--scratch=/var/tmp/bench']).scratch).toBe('/var/tmp/bench');
    expect(() => parseBenchArgs(['--scratch', ' '])).toThrow(/--scratch needs memory, disk or a folder/);
  });

  it('--profile loopback, wan or all', () => {
    expect(parseBenchArgs(['--profile', 'wan']).profiles).toEqual(['wan']);
    expect(parseBenchArgs(['--profile=loopback']).profiles).toEqual(['loopback']);
    expect(parseBenchArgs(['--profile', 'all']).profiles).toEqual(['loopback', 'wan']);
    expect(() => parseBenchArgs(['--profile', 'lan'])).toThrow(/--profile must be loopback, wan or all/);
  });

  it('--only picks workloads in report order; any transfer brings the memory peak, which alone runs the large file both ways', () => {
    expect(parseBenchArgs(['--only', 'scroll-100k,list-100k']).only).toEqual(['list-100k', 'scroll-100k']);
    expect(parseBenchArgs(['--only=upload-1gib']).only).toEqual(['upload-1gib', 'transfer-peak-rss-mib']);
    expect(parseBenchArgs(['--only', 'download-small-files']).only).toEqual(['download-small-files', 'transfer-peak-rss-mib']);
    expect(parseBenchArgs(['--only', 'transfer-peak-rss-mib']).only).toEqual(['download-1gib', 'upload-1gib', 'transfer-peak-rss-mib']);
    expect(parseBenchArgs(['--only', 'list-1m,list-100k']).only).toEqual(['list-100k', 'list-1m']);
    expect(() => parseBenchArgs(['--only', 'list-10m'])).toThrow(/unknown benchmark "list-10m"/);
    expect(() => parseBenchArgs(['--only', 'wan/list-100k'])).toThrow(/without a profile/);
    expect(() => parseBenchArgs(['--only', ','])).toThrow(/at least one/);
  });

  it('first-page-100k and scroll-100k run under loopback only', () => {
    expect(() => parseBenchArgs(['--profile', 'wan', '--only', 'first-page-100k,scroll-100k'])).toThrow(/loopback only/);
    expect(parseBenchArgs(['--profile', 'wan', '--only', 'first-page-100k,list-100k']).only).toEqual(['list-100k', 'first-page-100k']);
  });

  it('--size-mib, --small-files, --rounds and --out', () => {
    expect(parseBenchArgs(['--size-mib', '64', '--small-files', '200', '--rounds', '2', '--out', '/tmp/x'])).toEqual({
      profiles: ['loopback', 'wan'],
      only: [...BENCH_NAMES],
      sizeMib: 64,
      smallFiles: 200,
      rounds: 2,
      outDir: '/tmp/x',
      scratch: 'memory',
    });
    expect(() => parseBenchArgs(['--size-mib', '0'])).toThrow(/--size-mib must be a whole number from 1/);
    expect(() => parseBenchArgs(['--size-mib', '1.5'])).toThrow(/--size-mib/);
    expect(parseBenchArgs(['--small-files', '1']).smallFiles).toBe(1);
    expect(parseBenchArgs(['--small-files', '100000']).smallFiles).toBe(100_000);
    expect(() => parseBenchArgs(['--small-files', '0'])).toThrow(/--small-files must be a whole number from 1 to 100000/);
    expect(() => parseBenchArgs(['--small-files', '100001'])).toThrow(/--small-files/);
    expect(() => parseBenchArgs(['--small-files', 'lots'])).toThrow(/--small-files/);
    expect(() => parseBenchArgs(['--rounds', 'many'])).toThrow(/--rounds/);
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow();
    expect(() => parseBenchArgs(['list-100k'])).toThrow(/Unexpected argument/);
  });
});
