import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Where the bench keeps its files: the stack's objects, the files every tool reads and writes, Chromium's profile. */
export interface ScratchRoot {
  dir: string;
  /** Whether the folder is a memory file system (tmpfs). */
  inMemory: boolean;
  /** One line for the log and report.md. */
  description: string;
}

/** What the machine offers: tmpfs at /dev/shm and its free bytes, or null (no such folder, or not writable). */
export interface ScratchProbe {
  memoryFolder(): { dir: string; freeBytes: number } | null;
  diskFolder(): string;
  /** Whether `dir` is a folder this user can write to. */
  writableFolder(dir: string): boolean;
}

const MIB = 1024 * 1024;
/** statfs's f_type for tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
const SHM = '/dev/shm';

export const systemScratchProbe: ScratchProbe = {
  memoryFolder() {
    try {
      accessSync(SHM, constants.W_OK);
      const stats = statfsSync(SHM);
      if (stats.type !== TMPFS_MAGIC) return null;
      return { dir: SHM, freeBytes: stats.bavail * stats.bsize };
    } catch {
      return null;
    }
  },
  diskFolder: () => tmpdir(),
  writableFolder(dir) {
    try {
      accessSync(dir, constants.W_OK);
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
};

/**
 * The most the bench holds at once: the large file, one tool's download of
 * it, the stack's copy and one tool's upload (4 × the size), and the small
 * files three times (the local folder, the stack's copy, one tool's
 * download), with room to spare.
 */
export function scratchBytesNeeded(sizeMib: number, smallFiles: number, smallFileKib: number): number {
  return 4 * sizeMib * MIB + 3 * smallFiles * smallFileKib * 1024 + 512 * MIB;
}

/**
 * `--scratch`: "memory" (the default) puts every file of the run on tmpfs
 * when /dev/shm has room, because this machine's disk gives the same
 * 5,000 writes 1.1 s in one round and 2.0 s in the next — noise larger than
 * the loopback budget's margin, and it lands on whichever tool runs then;
 * without the room it falls back to the disk and says so. "disk" keeps them
 * in the OS's temporary folder; any other value is a folder to use.
 */
export function chooseScratchRoot(asked: string, bytesNeeded: number, probe: ScratchProbe = systemScratchProbe): ScratchRoot {
  if (asked === 'disk') {
    const dir = probe.diskFolder();
    return { dir, inMemory: false, description: `${dir} (the OS's temporary folder, as asked)` };
  }
  if (asked !== 'memory') {
    // Said before any stack starts, rather than as every workload failing on a folder it cannot make.
    if (!probe.writableFolder(asked)) throw new Error(`--scratch ${asked}: not a folder this user can write to.`);
    return { dir: asked, inMemory: false, description: `${asked} (as asked)` };
  }
  const memory = probe.memoryFolder();
  const needGib = (bytesNeeded / 1024 ** 3).toFixed(1);
  if (memory && memory.freeBytes >= bytesNeeded) {
    return { dir: memory.dir, inMemory: true, description: `${memory.dir} (tmpfs: in memory, ${needGib} GiB needed at most)` };
  }
  const dir = probe.diskFolder();
  const why = memory
    ? `${memory.dir} has ${(memory.freeBytes / 1024 ** 3).toFixed(1)} GiB free, ${needGib} GiB needed`
    : `no writable tmpfs at ${SHM}`;
  return { dir, inMemory: false, description: `${dir} (on disk: ${why}; disk noise is in the figures)` };
}
