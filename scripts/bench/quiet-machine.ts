import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { busyCores, cpuCounters } from './report';

/**
 * Earlier workloads leave gigabytes of dirty pages (the emulator's parts and
 * objects, downloaded files): written back now, they do not compete with
 * the run about to be timed.
 */
export function flushDirtyPages(): Promise<void> {
  return new Promise<void>((resolve) => execFile('sync', () => resolve()));
}

/**
 * Flushes dirty pages, then waits (at most `maxWaitMs`) until the machine
 * has been idle for a sampling window — below `idleBelow` cores busy — so
 * that what an earlier workload left running (write-back, the stack
 * deleting what it was sent) is not timed with the next one. Answers the
 * cores busy in the last window (null where /proc/stat cannot be read).
 */
export async function settleMachine(options: { idleBelow?: number; windowMs?: number; maxWaitMs?: number } = {}): Promise<number | null> {
  const { idleBelow = 0.3, windowMs = 500, maxWaitMs = 30_000 } = options;
  await flushDirtyPages();
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = cpuCounters();
    await sleep(windowMs);
    const busy = busyCores(before, cpuCounters())?.busy ?? null;
    if (busy === null || busy < idleBelow || Date.now() >= deadline) return busy;
  }
}
