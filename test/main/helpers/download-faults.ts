import { linkSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { nodeDownloadFileSystem, type DownloadFileSystem } from '../../../main/transfers/download-file';

/** An error as Node's fs gives it. */
export const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: simulated failure, ${syscall}`), { code, syscall });

/** The real file system with some calls replaced. */
export function fileSystemWith(overrides: Partial<DownloadFileSystem>): DownloadFileSystem {
  return { ...nodeDownloadFileSystem, ...overrides };
}

/** A file system without hard links (FAT, exFAT): link() is refused. */
export const withoutHardLinks: Partial<DownloadFileSystem> = {
  link: async () => {
    throw errno('EPERM', 'link');
  },
};

/**
 * Temp files are written for real until `afterBytes` have gone in, then every
 * write fails with `code`: ENOSPC for a full disk, EROFS for a disk remounted
 * read-only. `onWrite` hears of each write (to act mid-download).
 */
export function failingWrites(code: string | null, afterBytes: number, onWrite?: () => void): Partial<DownloadFileSystem> {
  return {
    openTemp: async (file, mode) => {
      const real = await nodeDownloadFileSystem.openTemp(file, mode);
      let written = 0;
      return {
        async writev(buffers, position) {
          written += buffers.reduce((sum, buffer) => sum + buffer.length, 0);
          if (code && written > afterBytes) throw errno(code, 'write');
          await real.writev(buffers, position);
          onWrite?.();
        },
        truncate: (length) => real.truncate(length),
        close: () => real.close(),
      };
    },
  };
}

/**
 * A disk that sees "A.txt" and "a.txt" as one name (NTFS, APFS, FAT), on
 * Linux's case-sensitive disks: taking a name fails with EEXIST when any
 * name differing only in letter case is there. Each check-and-take is
 * synchronous, so atomic as on a real disk.
 */
export function caseInsensitiveNames(hardLinks: boolean): DownloadFileSystem {
  const clash = (file: string) => readdirSync(dirname(file)).some((name) => name.toLowerCase() === basename(file).toLowerCase());
  return fileSystemWith({
    createExclusive: async (file) => {
      if (clash(file)) throw errno('EEXIST', 'open');
      writeFileSync(file, '', { flag: 'wx' });
    },
    link: async (existing, newPath) => {
      if (!hardLinks) throw errno('EPERM', 'link');
      if (clash(newPath)) throw errno('EEXIST', 'link');
      linkSync(existing, newPath);
    },
  });
}
