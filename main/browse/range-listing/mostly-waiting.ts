import { MOSTLY_WAITING_BELOW, startCpuShare } from '../../shared/cpu-share';

/** How the first page of a listing went: its wall time, and how busy this process was meanwhile. */
export interface FirstPageTiming {
  elapsedMs: number;
  /** Cores' worth of CPU this process used over the request (cpu-share.ts): 0 = only waiting, 1 or more = working. */
  busyFraction: number;
}

/**
 * Whether splitting the key space will pay: only when a page's time is mostly
 * waiting — for the network and the server — rather than this process's own
 * work on the answer (parsing the XML). Parallel ranges hide waiting; they
 * cannot hide work. On loopback, or on a computer too slow to parse any
 * faster, a listing split into ranges costs more requests for no gain, so it
 * stays one page after another. The same rule as the download's choice
 * between one stream and ranges (main/transfers/object-download.ts).
 */
export function mostlyWaiting(firstPage: FirstPageTiming): boolean {
  return firstPage.busyFraction < MOSTLY_WAITING_BELOW;
}

/** Measures one request the way `mostlyWaiting` judges it. */
export function startTiming(): () => FirstPageTiming {
  const startedAt = performance.now();
  const cpuShare = startCpuShare();
  return () => ({ elapsedMs: performance.now() - startedAt, busyFraction: cpuShare() });
}
