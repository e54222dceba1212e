import { describe, expect, it } from 'vitest';
import { groupCores, groupOf, groupTicks, parseProcStat } from '../../scripts/bench/process-cpu';

describe('bench: which processes used the cores during a pass', () => {
  it('reads a process’s name and user + system ticks from its /proc stat line, whatever the name holds', () => {
    const tail = 'S 1 2 3 4 5 6 7 8 9 10 250 40 0 0 20 0 1 0 100 0 0';
    expect(parseProcStat(`4242 (chromium) ${tail}`)).toEqual({ comm: 'chromium', ticks: 290 });
    expect(parseProcStat(`17 (Web Content (x)) ${tail}`)).toEqual({ comm: 'Web Content (x)', ticks: 290 });
    expect(parseProcStat('17 no name here')).toBeNull();
    expect(parseProcStat('17 (short) S 1 2')).toBeNull();
  });

  it('counts this process as the harness, every Chromium process as Chromium, other node processes apart', () => {
    expect(groupOf(100, 'node', 100)).toBe('harness');
    expect(groupOf(101, 'chromium', 100)).toBe('chromium');
    expect(groupOf(102, 'chrome', 100)).toBe('chromium');
    expect(groupOf(103, 'node', 100)).toBe('node');
    expect(groupOf(104, 'kworker/0:1', 100)).toBe('other');
  });

  it('turns two readings into cores used per group, and never below zero when a process ended in between', () => {
    const before = { chromium: 1000, harness: 50, node: 300, other: 200 };
    const after = { chromium: 3000, harness: 60, node: 250, other: 400 };
    // 10 s at 100 ticks a second: 2,000 ticks are 2 cores.
    expect(groupCores(before, after, 10)).toEqual({ chromium: 2, harness: 0.01, node: 0, other: 0.2 });
    expect(groupCores(null, after, 10)).toBeNull();
    expect(groupCores(before, after, 0)).toBeNull();
  });

  it.runIf(process.platform === 'linux')('finds this very process on Linux', () => {
    const ticks = groupTicks();
    expect(ticks).not.toBeNull();
    for (const value of Object.values(ticks!)) expect(value).toBeGreaterThanOrEqual(0);
    // This test process has used some CPU by now (at least loading the test), in ticks of 10 ms.
    expect(ticks!.harness).toBeGreaterThan(0);
  });
});
