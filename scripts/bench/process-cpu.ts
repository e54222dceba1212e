import { readdirSync, readFileSync } from 'node:fs';

/**
 * Who used the machine during a timed pass. The machine's busy cores alone
 * cannot tell the page's own work (Chromium) from the bench harness, the
 * stack, anything else running, or the host taking the CPU back (steal):
 * per process group, from /proc, it can.
 */
export type CpuGroup = 'chromium' | 'harness' | 'node' | 'other';

/** CPU clock ticks (user + system) per process group, at one moment. */
export type GroupTicks = Record<CpuGroup, number>;

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * One /proc/<pid>/stat line: the command name and its user + system ticks.
 * The name is between the first '(' and the last ')', and may hold spaces or parentheses itself.
 */
export function parseProcStat(line: string): { comm: string; ticks: number } | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // After the name: state (field 3) … utime (14), stime (15).
  const rest = line.slice(close + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { comm: line.slice(open + 1, close), ticks: utime + stime };
}

/** The group a process counts in: this process is the harness; Chromium's processes all run the same binary. */
export function groupOf(pid: number, comm: string, harnessPid = process.pid): CpuGroup {
  if (pid === harnessPid) return 'harness';
  if (/^(chromium|chrome)/.test(comm)) return 'chromium';
  if (comm === 'node') return 'node';
  return 'other';
}

/** Every process's ticks, summed per group; null where /proc cannot be read (not Linux). */
export function groupTicks(): GroupTicks | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const ticks: GroupTicks = { chromium: 0, harness: 0, node: 0, other: 0 };
  for (const pid of pids) {
    let stat: ReturnType<typeof parseProcStat>;
    try {
      stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      continue; // It ended while we looked.
    }
    if (stat) ticks[groupOf(Number(pid), stat.comm)] += stat.ticks;
  }
  return ticks;
}

/**
 * Cores each group used on average over `seconds` between two readings (a process that ended in
 * between is missing from the second and counts nothing: a group never goes below 0).
 */
export function groupCores(before: GroupTicks | null, after: GroupTicks | null, seconds: number): GroupTicks | null {
  if (!before || !after || seconds <= 0) return null;
  const cores = (group: CpuGroup) => Math.round((Math.max(0, after[group] - before[group]) / TICKS_PER_SECOND / seconds) * 100) / 100;
  return { chromium: cores('chromium'), harness: cores('harness'), node: cores('node'), other: cores('other') };
}
