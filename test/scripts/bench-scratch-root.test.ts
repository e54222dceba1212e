import { describe, expect, it } from 'vitest';
import { chooseScratchRoot, scratchBytesNeeded, systemScratchProbe, type ScratchProbe } from '../../scripts/bench/scratch-root';

const GIB = 1024 ** 3;
const probe = (memory: { dir: string; freeBytes: number } | null): ScratchProbe => ({
  memoryFolder: () => memory,
  diskFolder: () => '/tmp',
  writableFolder: (dir) => dir !== '/nowhere',
});

describe('bench: where the run keeps its files', () => {
  it('needs four copies of the large file and three of the small files, with room to spare', () => {
    const needed = scratchBytesNeeded(1024, 5000, 16);
    expect(needed).toBeGreaterThan(4 * GIB + 3 * 5000 * 16 * 1024);
    expect(needed).toBeLessThan(5 * GIB);
  });

  it('puts them in memory (tmpfs) by default when it has the room', () => {
    const root = chooseScratchRoot('memory', 2 * GIB, probe({ dir: '/dev/shm', freeBytes: 12 * GIB }));
    expect(root).toMatchObject({ dir: '/dev/shm', inMemory: true });
    expect(root.description).toBe('/dev/shm (tmpfs: in memory, 2.0 GiB needed at most)');
  });

  it('falls back to the disk and says why when memory has no room, or there is no tmpfs', () => {
    const small = chooseScratchRoot('memory', 5 * GIB, probe({ dir: '/dev/shm', freeBytes: 1 * GIB }));
    expect(small).toMatchObject({ dir: '/tmp', inMemory: false });
    expect(small.description).toBe('/tmp (on disk: /dev/shm has 1.0 GiB free, 5.0 GiB needed; disk noise is in the figures)');
    const none = chooseScratchRoot('memory', GIB, probe(null));
    expect(none).toMatchObject({ dir: '/tmp', inMemory: false });
    expect(none.description).toMatch(/no writable tmpfs at \/dev\/shm/);
  });

  it('keeps them on disk, or in a given folder, when asked', () => {
    const roomy = probe({ dir: '/dev/shm', freeBytes: 100 * GIB });
    expect(chooseScratchRoot('disk', GIB, roomy)).toMatchObject({ dir: '/tmp', inMemory: false });
    expect(chooseScratchRoot('/var/tmp/bench', GIB, roomy)).toEqual({ dir: '/var/tmp/bench', inMemory: false, description: '/var/tmp/bench (as asked)' });
  });

  it('refuses a given folder it cannot write to, before any stack starts', () => {
    expect(() => chooseScratchRoot('/nowhere', GIB, probe(null))).toThrow('--scratch /nowhere: not a folder this user can write to.');
  });

  it('answers for this machine without throwing: a tmpfs folder with its free bytes, or none', () => {
    const memory = systemScratchProbe.memoryFolder();
    if (memory) expect(memory.freeBytes).toBeGreaterThanOrEqual(0);
    expect(systemScratchProbe.diskFolder()).not.toBe('');
    expect(systemScratchProbe.writableFolder(systemScratchProbe.diskFolder())).toBe(true);
    expect(systemScratchProbe.writableFolder('/no/such/folder/s3desk')).toBe(false);
  });
});
