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
const collection = (pid: number, name: 'MajorGC' | 'MinorGC', ms: number, wallMs: number) => ({
  name,
  ph: 'X',
  pid,
  tid: pid,
  ts: ms * 1000,
  dur: wallMs * 1000,
  cat: 'devtools.timeline,v8',
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
    expect(summary.majorGcs).toBe(0);
  });

  it('counts the page’s full garbage collections and the time collections took in the longest frame', async () => {
    const path = writeTrace([
      meta(10, 10, 'CrRendererMain'),
      meta(20, 20, 'CrRendererMain'),
      // Frames at 0, 16, 66 (a 50 ms frame with a 12 ms full collection and a 1 ms minor one), 82.
      frame(10, 0),
      collection(10, 'MinorGC', 2, 1),
      frame(10, 16),
      task(10, 17, 45, 20),
      collection(10, 'MajorGC', 30, 12),
      collection(10, 'MinorGC', 50, 1),
      frame(10, 66),
      collection(10, 'MajorGC', 70, 4),
      frame(10, 82),
      // Another renderer's collection does not count.
      frame(20, 0),
      collection(20, 'MajorGC', 1, 40),
    ]);
    const summary = await summarizeFrameTrace(path, 50);
    expect(summary.longestWallMs).toBe(50);
    expect(summary.longestWallGcMs).toBe(13);
    expect(summary.majorGcs).toBe(2);
    expect(summary.longestMajorGcMs).toBe(12);
  });

  it('says so when the trace holds no frames of the page', async () => {
    await expect(summarizeFrameTrace(writeTrace([meta(10, 10, 'CrRendererMain')]))).rejects.toThrow(/no animation frames/);
  });
});
