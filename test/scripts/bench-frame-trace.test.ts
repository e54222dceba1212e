import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeFrameTrace } from '../../scripts/bench/frame-trace';

const dir = mkdtempSync(join(tmpdir(), 's3desk-bench-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A trace in Chrome's JSON format as Playwright writes it: one event per line. */
function writeTrace(events: object[]): string {
  const path = join(dir, `trace-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, `{"traceEvents":[\n${events.map((event) => JSON.stringify(event)).join(',\n')}\n]}\n`);
  return path;
}

const meta = (pid: number, tid: number, name: string) => ({ args: { name }, cat: '__metadata', name: 'thread_name', ph: 'M', pid, tid, ts: 0 });
const frame = (pid: number, ms: number) => ({ name: 'FireAnimationFrame', ph: 'X', pid, tid: pid, ts: ms * 1000, dur: 100, cat: 'devtools.timeline' });
const task = (pid: number, ms: number, wallMs: number, cpuMs: number) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  pid,
  tid: pid,
  ts: ms * 1000,
  dur: wallMs * 1000,
  tdur: cpuMs * 1000,
  cat: 'toplevel',
});

describe('frame trace: main-thread CPU per animation frame', () => {
  it('tells a frame the page spent working from one it spent waiting', async () => {
    const path = writeTrace([
      meta(10, 10, 'CrRendererMain'),
      meta(20, 20, 'CrRendererMain'),
      meta(10, 11, 'Compositor'),
      // The page: frames at 0, 16, 216 (a 200 ms frame with 5 ms of CPU), 232, 312 (an 80 ms frame of 70 ms CPU).
      frame(10, 0),
      task(10, 1, 4, 3),
      task(10, 5, 2, 2),
      frame(10, 16),
      task(10, 17, 199, 5),
      frame(10, 216),
      task(10, 217, 2, 2),
      frame(10, 232),
      task(10, 233, 75, 70),
      frame(10, 312),
      // Another renderer with one frame, and a compositor task: neither counts.
      frame(20, 0),
      task(20, 1, 500, 500),
      { ...task(10, 20, 300, 300), tid: 11 },
    ]);
    const summary = await summarizeFrameTrace(path, 50);
    expect(summary.frames).toBe(4);
    expect(summary.longestWallMs).toBe(200);
    expect(summary.longestWallCpuMs).toBe(5);
    expect(summary.maxCpuMs).toBe(70);
    expect(summary.overBudgetWall).toBe(2);
    expect(summary.overBudgetCpu).toBe(1);
    expect(summary.medianCpuMs).toBe(5);
  });

  it('says so when the trace holds no frames of the page', async () => {
    await expect(summarizeFrameTrace(writeTrace([meta(10, 10, 'CrRendererMain')]))).rejects.toThrow(/no animation frames/);
  });
});
