import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * What a Chromium trace of a scroll says about its frames: each frame is the
 * time from one requestAnimationFrame callback (FireAnimationFrame) to the
 * next on the renderer's main thread, and its CPU is the thread time (tdur)
 * of the main-thread tasks that started in it. A frame whose wall time is
 * long but whose CPU is short was waiting — on a busy machine, for the OS to
 * schedule the renderer again — not working. Garbage collections on that
 * thread are counted too: a full one's closing pause lands in some frame.
 */
export interface FrameCpuSummary {
  frames: number;
  /** The longest frame by wall time, and the main-thread CPU spent in it. */
  longestWallMs: number;
  longestWallCpuMs: number;
  /** The most main-thread CPU any one frame took, and the 99th percentile. */
  maxCpuMs: number;
  p99CpuMs: number;
  medianCpuMs: number;
  /** Frames over the 50 ms budget by wall time, and by CPU. */
  overBudgetWall: number;
  overBudgetCpu: number;
  /**
   * The page's full garbage collections (MajorGC: the main thread's pause that
   * ends one) and the longest such pause; and the main thread's time in
   * collections (major and minor) that began in the longest frame.
   */
  majorGcs: number;
  longestMajorGcMs: number;
  longestWallGcMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const TASK = 'ThreadControllerImpl::RunTask';
const FRAME = 'FireAnimationFrame';
const GCS = new Set(['MajorGC', 'MinorGC']);

/**
 * Reads a trace written by Playwright's browser.startTracing (Chrome's JSON
 * format, one event per line) without loading it whole: only the renderer
 * main threads' tasks and animation-frame callbacks are kept.
 */
export async function summarizeFrameTrace(path: string, budgetMs = 50): Promise<FrameCpuSummary> {
  const mainThreads = new Set<string>();
  const tasks = new Map<string, TraceEvent[]>();
  const frames = new Map<string, TraceEvent[]>();
  const collections = new Map<string, TraceEvent[]>();
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    const isMeta = raw.includes('"CrRendererMain"');
    if (!isMeta && !raw.includes(TASK) && !raw.includes(FRAME) && !raw.includes('GC"')) continue;
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{')) continue;
    let event: TraceEvent;
    try {
      event = JSON.parse(line) as TraceEvent;
    } catch {
      continue;
    }
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain') mainThreads.add(thread);
    else if (event.ph === 'X' && (event.name === TASK || event.name === FRAME || GCS.has(event.name))) {
      const into = event.name === TASK ? tasks : event.name === FRAME ? frames : collections;
      const list = into.get(thread) ?? [];
      list.push(event);
      into.set(thread, list);
    }
  }
  // The page's main thread is the renderer main thread that ran the animation frames (other renderers idle).
  let thread: string | null = null;
  for (const candidate of mainThreads) if ((frames.get(candidate)?.length ?? 0) > (frames.get(thread ?? '')?.length ?? 0)) thread = candidate;
  const fired = (thread ? (frames.get(thread) ?? []) : []).sort((a, b) => a.ts - b.ts);
  const ran = (thread ? (tasks.get(thread) ?? []) : []).sort((a, b) => a.ts - b.ts);
  const collected = thread ? (collections.get(thread) ?? []) : [];
  const majors = collected.filter((event) => event.name === 'MajorGC');

  const perFrame: Array<{ wall: number; cpu: number; gc: number }> = [];
  let t = 0;
  for (let i = 0; i + 1 < fired.length; i++) {
    const start = fired[i]!.ts;
    const end = fired[i + 1]!.ts;
    while (t < ran.length && ran[t]!.ts < start) t++;
    let cpu = 0;
    for (let k = t; k < ran.length && ran[k]!.ts < end; k++) cpu += ran[k]!.tdur ?? ran[k]!.dur ?? 0;
    const gc = collected.filter((event) => event.ts >= start && event.ts < end).reduce((sum, event) => sum + (event.dur ?? 0), 0);
    perFrame.push({ wall: (end - start) / 1000, cpu: cpu / 1000, gc: gc / 1000 });
  }
  if (perFrame.length === 0) throw new Error('the trace holds no animation frames of the page');
  const longest = perFrame.reduce((a, b) => (b.wall > a.wall ? b : a));
  const cpus = perFrame.map((frame) => frame.cpu).sort((a, b) => a - b);
  const at = (q: number) => cpus[Math.min(cpus.length - 1, Math.floor(q * cpus.length))]!;
  return {
    frames: perFrame.length,
    longestWallMs: longest.wall,
    longestWallCpuMs: longest.cpu,
    maxCpuMs: cpus[cpus.length - 1]!,
    p99CpuMs: at(0.99),
    medianCpuMs: at(0.5),
    overBudgetWall: perFrame.filter((frame) => frame.wall > budgetMs).length,
    overBudgetCpu: perFrame.filter((frame) => frame.cpu > budgetMs).length,
    majorGcs: majors.length,
    longestMajorGcMs: majors.reduce((longest, event) => Math.max(longest, (event.dur ?? 0) / 1000), 0),
    longestWallGcMs: longest.gc,
  };
}
