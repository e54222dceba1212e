import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createIpcHandlers } from '../../main/ipc/create-handlers';
import { buildRenderer } from '../../test/e2e/harness/build-renderer';
import { launchChromium } from '../../test/e2e/harness/chromium';
import { installDeskApi } from '../../test/e2e/harness/desk-api-bridge';
import { serveFolder } from '../../test/e2e/harness/static-server';
import type { BenchSession } from './bench-session';
import { summarizeFrameTrace, type FrameCpuSummary } from './frame-trace';
import { groupCores, groupTicks, type GroupTicks } from './process-cpu';
import { settleMachine } from './quiet-machine';
import { refreshIntervalMs, wholeIntervalsMs } from './refresh-intervals';
import { busyCores, cpuCounters, describeFailure, failedResult, limitResult, median, round, type BenchResult } from './report';

export interface ScrollBenchOptions {
  /** The bucket as the sidebar lists it, and the folder names to open from there to the big folder. */
  bucket: string;
  path: string[];
  /** Rows the folder holds once loaded (100,000 in the real run). */
  expectedRows: number;
  rounds: number;
  scratch: string;
  /** One more pass under Chromium's tracer for main-thread CPU per frame (default true). */
  tracePass?: boolean;
  /** Where a screenshot of the page goes when the benchmark cannot run. */
  outDir?: string;
  log?: (line: string) => void;
}

/** The longest frame allowed while scrolling, ms. */
export const SCROLL_LIMIT_MS = 50;
const SCROLL = '[data-testid="object-table-scroll"]';

export interface ScrollPass {
  frames: number;
  /** The longest frame in whole refresh intervals (refresh-intervals.ts): what is judged. */
  longestMs: number;
  /** The longest frame as the page's 0.1 ms clock read it. */
  longestRawMs: number;
  /** The display's refresh interval, learned from idle frames before the pass; null when they were mostly stalled. */
  refreshMs: number | null;
  p99Ms: number;
  p95Ms: number;
  meanMs: number;
  /** Longest 'long-animation-frame' entry (Chromium's own frame accounting), 0 when there was none. */
  longestLoafMs: number;
  loafCount: number;
  /** Whether the browser offers long-animation-frame entries at all. */
  loafSupported: boolean;
  /** Cores busy on the whole machine during the pass (everything: Chromium, this harness, other users), Linux only. */
  machineBusyCores?: number | null;
  /** Of those, what the host took back (steal), and what each group of processes used (process-cpu.ts). */
  stealCores?: number | null;
  coresByProcess?: GroupTicks | null;
  worstLoafs: Array<{ atMs: number; durationMs: number; scriptMs: number; styleLayoutMs: number | null; renderMs: number | null; topScript: string | null }>;
  passMs: number;
  scrollHeight: number;
  viewportHeight: number;
}

const METHOD =
  'The renderer built as the app ships it (electron-vite config), served to Debian’s Chromium (headless, software rendering, ' +
  'the E2E flags) at 1280×800, window.api backed by the real IPC handlers and services through the E2E bridge, signed in as the demo user. ' +
  'It opens the 100,000-key folder from the sidebar, waits until the listing is done and the table says it holds every row, then ' +
  'scrolls the table’s scroll container (data-testid="object-table-scroll") from top to bottom one viewport per animation frame, ' +
  'so every frame shows rows never drawn before. In the page it records the time between consecutive requestAnimationFrame callbacks ' +
  '(a frame the main thread held up shows as a long gap) and, where Chromium offers them, long-animation-frame entries. ' +
  'The value is the longest frame of a pass, median over the passes; p95/p99 and the long-animation-frame maxima are in details. ' +
  'Frames begin on refresh ticks, so each is counted in whole refresh intervals (learned from 30 idle frames before each pass): the page’s clock is ' +
  'coarsened to 0.1 ms, and a frame three intervals long read 50.0 or 50.1 ms by chance (details.longestReadMs keeps what it read). ' +
  'Before the first pass the machine is settled: dirty pages written back (sync), then up to 30 s until it idles (details.machineBusyCoresBefore). ' +
  'For each pass, details say how many cores the machine had busy, how many of them the host took back (steal), and which processes used them ' +
  '(Chromium, this harness, other node processes such as the stack, everything else; details.coresByProcess), so a pass slowed by something else shows it. ' +
  'One extra pass runs under Chromium’s tracer (not counted): for each frame it sums the thread CPU time of the main-thread tasks in it, ' +
  'so details.tracedPass says whether a long frame was the page working (CPU close to wall) or the renderer waiting for a core (CPU far below wall), ' +
  'and how many full garbage collections the page ran, their longest pause, and how much collecting the longest frame held.';

/** Runs in the page: scrolls top to bottom, one viewport per frame, timing every frame. */
async function scrollPass(page: Page): Promise<Omit<ScrollPass, 'longestMs' | 'refreshMs'> & { idleDeltas: number[] }> {
  return page.evaluate(async (selector) => {
    type Doc = { querySelector(s: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null };
    type Observer = { observe(o: object): void; disconnect(): void };
    const g = globalThis as unknown as {
      document: Doc;
      requestAnimationFrame(cb: (t: number) => void): number;
      PerformanceObserver?: { new (cb: (list: { getEntries(): Array<{ duration: number }> }) => void): Observer; supportedEntryTypes?: string[] };
    };
    const el = g.document.querySelector(selector);
    if (!el) throw new Error(`no ${selector} on the page`);
    const frame = () => new Promise<number>((resolve) => g.requestAnimationFrame(resolve));
    el.scrollTop = 0;
    // Frames drawn while nothing moves: their spacing is the display's refresh interval.
    const idleDeltas: number[] = [];
    let idleLast = await frame();
    for (let i = 0; i < 30; i++) {
      const now = await frame();
      idleDeltas.push(now - idleLast);
      idleLast = now;
    }

    type Script = { duration: number; invoker?: string; sourceFunctionName?: string; sourceURL?: string };
    type Loaf = { duration: number; startTime: number; renderStart?: number; styleAndLayoutStart?: number; scripts?: Script[] };
    const loaf: number[] = [];
    const loafEntries: Loaf[] = [];
    const loafSupported = Boolean(g.PerformanceObserver?.supportedEntryTypes?.includes('long-animation-frame'));
    let observer: Observer | null = null;
    if (loafSupported && g.PerformanceObserver) {
      observer = new g.PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Loaf[]) {
          loaf.push(entry.duration);
          loafEntries.push(entry);
        }
      });
      observer.observe({ type: 'long-animation-frame', buffered: false });
    }
    const deltas: number[] = [];
    const startedAt = performance.now();
    let last = await frame();
    const bottom = el.scrollHeight - el.clientHeight;
    for (;;) {
      el.scrollTop = Math.min(bottom, el.scrollTop + el.clientHeight);
      const now = await frame();
      deltas.push(now - last);
      last = now;
      if (el.scrollTop >= bottom - 1) break;
    }
    // The frames right after the last step still belong to the scroll.
    for (let i = 0; i < 5; i++) {
      const now = await frame();
      deltas.push(now - last);
      last = now;
    }
    // Long-animation-frame entries are delivered a little after their frame.
    await new Promise((resolve) => setTimeout(resolve, 200));
    observer?.disconnect();
    const sorted = [...deltas].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return {
      idleDeltas,
      frames: deltas.length,
      longestRawMs: sorted[sorted.length - 1]!,
      p99Ms: at(0.99),
      p95Ms: at(0.95),
      meanMs: deltas.reduce((a, b) => a + b, 0) / deltas.length,
      longestLoafMs: loaf.length ? Math.max(...loaf) : 0,
      // Where the time of the longest long-animation-frames went: scripts (by who ran them), then style/layout and paint.
      worstLoafs: [...loafEntries]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((entry) => {
          const end = entry.startTime + entry.duration;
          const scripts = entry.scripts ?? [];
          const top = [...scripts].sort((a, b) => b.duration - a.duration)[0];
          return {
            atMs: Math.round(entry.startTime - startedAt),
            durationMs: Math.round(entry.duration),
            scriptMs: Math.round(scripts.reduce((sum, script) => sum + script.duration, 0)),
            styleLayoutMs: entry.styleAndLayoutStart ? Math.round(end - entry.styleAndLayoutStart) : null,
            renderMs: entry.renderStart ? Math.round(end - entry.renderStart) : null,
            topScript: top ? `${top.invoker ?? '?'} ${top.sourceFunctionName ?? ''} ${(top.sourceURL ?? '').split('/').pop()} ${Math.round(top.duration)} ms` : null,
          };
        }),
      passMs: Math.round(performance.now() - startedAt),
      loafCount: loaf.length,
      loafSupported,
      scrollHeight: el.scrollHeight,
      viewportHeight: el.clientHeight,
    };
  }, SCROLL);
}

/** " (Chromium 0.9, this harness 0.01, …, taken by the host 0.13)": who the busy cores were; empty without /proc. */
function describeUse(pass: ScrollPass): string {
  const use = pass.coresByProcess;
  if (!use) return '';
  return ` (Chromium ${use.chromium}, this harness ${use.harness}, other node processes ${use.node}, everything else ${use.other}, taken by the host ${pass.stealCores ?? '?'})`;
}

/** A pass, its longest frame counted in whole refresh intervals (refresh-intervals.ts). */
async function timedPass(page: Page): Promise<ScrollPass> {
  const { idleDeltas, ...pass } = await scrollPass(page);
  const refreshMs = refreshIntervalMs(idleDeltas);
  return { ...pass, refreshMs, longestMs: wholeIntervalsMs(pass.longestRawMs, refreshMs) };
}

/** Opens the big folder the way a person would: the bucket in the sidebar, then each folder by double-click. */
async function openFolder(page: Page, options: ScrollBenchOptions): Promise<void> {
  // Already signed in (the services are): the renderer opens on the browser. If not, the form is there.
  await page.waitForSelector('[data-testid="bucket-item"], [data-testid="sign-in-form"]', { timeout: 60_000 });
  await page.locator('[data-testid="bucket-item"]', { hasText: options.bucket }).first().click();
  for (const name of options.path) {
    const row = page.locator('[data-testid="object-row"][data-kind="folder"]', { hasText: name }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.dblclick();
  }
}

export async function benchScroll(session: BenchSession, options: ScrollBenchOptions): Promise<{ result: BenchResult; chromium: string | null }> {
  const log = options.log ?? (() => {});
  let browser: Browser | null = null;
  let stopServing: (() => Promise<void>) | null = null;
  let chromium: string | null = null;
  let page: Page | null = null;
  const pageErrors: string[] = [];
  const passes: ScrollPass[] = [];
  let stopCounting = () => {};
  try {
    const outDir = join(options.scratch, 'renderer');
    mkdirSync(outDir, { recursive: true });
    log('scroll: building the renderer');
    await buildRenderer(outDir);
    const served = await serveFolder(outDir);
    stopServing = served.close;

    const { services } = session;
    const handlers = createIpcHandlers(services);
    let listingsDone = 0;
    stopCounting = services.listings.onEvent((event) => {
      if (event.kind === 'done' && event.objectCount >= options.expectedRows) listingsDone++;
    });
    browser = await launchChromium();
    chromium = browser.version();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // tsx compiles with esbuild's keepNames, which wraps functions in __name(); functions handed to the page
    // (the bridge's init script, page.evaluate) carry those calls with them, so the page needs the helper.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await installDeskApi(page, { handlers, appOrigin: served.origin, events: services.events });
    await page.goto(`${served.origin}/index.html`);

    log('scroll: opening the folder');
    await openFolder(page, options);
    // Loaded means: the listing said done, and the table holds every row (aria-rowcount counts the header row too).
    const started = Date.now();
    while (listingsDone === 0) {
      if (Date.now() - started > 120_000) throw new Error('the listing did not finish within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stopCounting();
    await page.waitForFunction(
      (rows) => {
        const table = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector(
          '[data-testid="object-table"]',
        );
        return Number(table?.getAttribute('aria-rowcount')) >= rows + 1;
      },
      options.expectedRows,
      { timeout: 60_000 },
    );
    await page.waitForSelector(SCROLL, { timeout: 10_000 });
    // Let the last page's rendering settle before the first pass, and the machine too: what earlier workloads
    // left (dirty pages written back, the stack tidying up) would otherwise take cores from the frames timed.
    await page.waitForTimeout(1000);
    const settledBusy = await settleMachine();
    log(`scroll: the machine settled at ${settledBusy ?? '?'} cores busy`);

    for (let r = 0; r < options.rounds; r++) {
      const counters = cpuCounters();
      const ticks = groupTicks();
      const startedAt = performance.now();
      const pass = await timedPass(page);
      const machine = busyCores(counters, cpuCounters());
      pass.machineBusyCores = machine?.busy ?? null;
      pass.stealCores = machine?.steal ?? null;
      pass.coresByProcess = groupCores(ticks, groupTicks(), (performance.now() - startedAt) / 1000);
      passes.push(pass);
      log(
        `scroll pass ${r + 1}/${options.rounds}: ${pass.frames} frames, longest ${pass.longestMs.toFixed(1)} ms ` +
          (pass.refreshMs === null
            ? '(no refresh interval learned: the idle frames were mostly stalled), '
            : `(${Math.round(pass.longestMs / pass.refreshMs)} refresh intervals of ${pass.refreshMs.toFixed(2)} ms; read ${pass.longestRawMs.toFixed(1)}), `) +
          `p99 ${pass.p99Ms.toFixed(1)} ms, longest LoAF ${pass.longestLoafMs.toFixed(1)} ms; ` +
          `the machine's ${os.cpus().length} cores were ${pass.machineBusyCores ?? '?'} busy` +
          describeUse(pass),
      );
    }
    // One more pass under Chromium's tracer, not counted: per frame, the main thread's CPU against the wall clock,
    // which tells the page's own work apart from a machine too busy to schedule it.
    let trace: (FrameCpuSummary & { machineBusyCores: number | null }) | null = null;
    if (options.tracePass !== false) {
      const tracePath = join(options.scratch, 'scroll-trace.json');
      await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'devtools.timeline'] });
      const counters = cpuCounters();
      await scrollPass(page);
      const busy = busyCores(counters, cpuCounters())?.busy ?? null;
      await browser.stopTracing();
      trace = { ...(await summarizeFrameTrace(tracePath, SCROLL_LIMIT_MS)), machineBusyCores: busy };
      rmSync(tracePath, { force: true });
      log(
        `scroll traced pass: longest frame ${trace.longestWallMs.toFixed(1)} ms of which ${trace.longestWallCpuMs.toFixed(1)} ms main-thread CPU; ` +
          `most CPU in one frame ${trace.maxCpuMs.toFixed(1)} ms; frames over ${SCROLL_LIMIT_MS} ms: ${trace.overBudgetWall} by wall clock, ${trace.overBudgetCpu} by CPU; ` +
          `${trace.majorGcs} full garbage collections (longest pause ${trace.longestMajorGcMs.toFixed(1)} ms; ${trace.longestWallGcMs.toFixed(1)} ms of collection in the longest frame); ` +
          `the machine's cores were ${busy ?? '?'} busy`,
      );
    }
    const lastRow = await page.locator(`[data-testid="object-row"][data-index="${options.expectedRows - 1}"]`).count();
    if (lastRow === 0) throw new Error('the last row was not on screen at the bottom of the scroll');
    if (pageErrors.length > 0) throw new Error(`the page threw: ${pageErrors[0]}`);

    return {
      chromium,
      result: limitResult({
        name: 'scroll-100k',
        unit: 'ms',
        method: METHOD,
        value: median(passes.map((pass) => pass.longestMs)),
        limit: SCROLL_LIMIT_MS,
        rounds: passes.map((pass) => ({ longest: pass.longestMs, p99: pass.p99Ms, loaf: pass.longestLoafMs, frames: pass.frames })),
        details: {
          chromium,
          rows: options.expectedRows,
          framesPerPass: passes.map((pass) => pass.frames),
          longestReadMs: passes.map((pass) => round(pass.longestRawMs, 1)),
          refreshIntervalMs: passes.map((pass) => (pass.refreshMs === null ? null : round(pass.refreshMs, 2))),
          p95Ms: passes.map((pass) => round(pass.p95Ms, 1)),
          p99Ms: passes.map((pass) => round(pass.p99Ms, 1)),
          meanMs: passes.map((pass) => round(pass.meanMs, 2)),
          longestLoafMs: passes.map((pass) => round(pass.longestLoafMs, 1)),
          loafSupported: passes[0]?.loafSupported ?? null,
          passMs: passes.map((pass) => pass.passMs),
          machineBusyCores: passes.map((pass) => pass.machineBusyCores ?? null),
          stealCores: passes.map((pass) => pass.stealCores ?? null),
          coresByProcess: passes.map((pass) => pass.coresByProcess ?? null),
          machineBusyCoresBefore: settledBusy,
          worstLongAnimationFrames: passes.map((pass) => pass.worstLoafs),
          tracedPass: trace
            ? {
                frames: trace.frames,
                longestWallMs: round(trace.longestWallMs, 1),
                longestWallCpuMs: round(trace.longestWallCpuMs, 1),
                maxCpuMs: round(trace.maxCpuMs, 1),
                p99CpuMs: round(trace.p99CpuMs, 1),
                medianCpuMs: round(trace.medianCpuMs, 1),
                overBudgetWall: trace.overBudgetWall,
                overBudgetCpu: trace.overBudgetCpu,
                majorGcs: trace.majorGcs,
                longestMajorGcMs: round(trace.longestMajorGcMs, 1),
                longestWallGcMs: round(trace.longestWallGcMs, 1),
                machineBusyCores: trace.machineBusyCores,
              }
            : null,
          scrollHeightPx: passes[0]?.scrollHeight ?? null,
          viewportHeightPx: passes[0]?.viewportHeight ?? null,
        },
      }),
    };
  } catch (error) {
    const message = describeFailure(error) + (pageErrors.length > 0 ? ` (the page threw: ${pageErrors[0]})` : '');
    log(`scroll failed: ${message}`);
    if (page && options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      const shot = join(options.outDir, 'scroll-failure.png');
      if (await page.screenshot({ path: shot }).then(() => true, () => false)) log(`scroll: the page at the time is in ${shot}`);
    }
    return {
      chromium,
      result: failedResult({
        name: 'scroll-100k',
        unit: 'ms',
        budget: 1,
        kind: 'absolute',
        method: METHOD,
        rounds: passes.map((pass) => ({ longest: pass.longestMs, p99: pass.p99Ms, loaf: pass.longestLoafMs, frames: pass.frames })),
        error: message,
      }),
    };
  } finally {
    stopCounting();
    await browser?.close().catch(() => undefined);
    await stopServing?.().catch(() => undefined);
  }
}
