/** How the first page of a listing went: its wall time, and how busy this process's event loop was meanwhile. */
export interface FirstPageTiming {
  elapsedMs: number;
  /** performance.eventLoopUtilization() over the request: 0 = only waiting, 1 = only working. */
  busyFraction: number;
}

/** At or above this share of a page's time spent working here, more requests at once would only cost more CPU. */
const BUSY_LIMIT = 0.5;

/**
 * Whether splitting the key space will pay: only when a page's time is mostly
 * waiting — for the network and the server — rather than this process's own
 * work on the answer (the SDK's XML parsing). Parallel ranges hide waiting;
 * they cannot hide work. On loopback, or on a machine too busy to parse any
 * faster, a listing split into ranges costs more requests for no gain, so it
 * stays one page after another. The same rule as the download's choice
 * between one stream and ranges (main/transfers/object-download.ts).
 */
export function mostlyWaiting(firstPage: FirstPageTiming): boolean {
  return firstPage.busyFraction < BUSY_LIMIT;
}

/** Measures one request the way `mostlyWaiting` judges it. */
export function startTiming(): () => FirstPageTiming {
  const startedAt = performance.now();
  const loopAtStart = performance.eventLoopUtilization();
  return () => ({ elapsedMs: performance.now() - startedAt, busyFraction: performance.eventLoopUtilization(loopAtStart).utilization });
}
