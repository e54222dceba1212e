/**
 * How many cores' worth of CPU this process has used since the call: its CPU
 * time (every thread) over the wall time. 0 while it only waits (for the
 * network, for another process); about 1 or more while it works.
 *
 * Why not performance.eventLoopUtilization(): Electron's main process, where
 * transfers and listings run, drives Node's loop from Chromium's message loop
 * (uv_run with UV_RUN_NOWAIT) and never marks the loop's start, so there it
 * answers 0 whatever the process does, and a rule built on it behaves in the
 * app unlike in plain Node (tests, the bench). CPU time means the same in both.
 *
 * What it cannot tell: a process starved by others on a loaded computer uses
 * little CPU and so reads as waiting (the loop's utilization, in plain Node,
 * read it as busy). Where process CPU times tick coarsely (Windows: about
 * 15.6 ms), a reading over a few tens of milliseconds moves in large steps.
 */
export function startCpuShare(): () => number {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  return () => {
    const wallMs = performance.now() - startedAt;
    if (wallMs <= 0) return 0;
    const { user, system } = process.cpuUsage(cpuAtStart);
    return (user + system) / 1000 / wallMs;
  };
}

/**
 * Below this share of a core a process mostly waits, and more requests at once
 * (ranges of a download, key ranges of a listing) hide the wait; at or above
 * it the process's own work is what holds things back, and more requests would
 * only cost more CPU. Measured on this project's bench machine (2 cores): a
 * WAN download's single stream 0.19–0.25 when judged, a WAN listing's first
 * page 0.10–0.47 (0.47 cold); a loopback listing's first page 1.07–1.81.
 */
export const MOSTLY_WAITING_BELOW = 0.75;
