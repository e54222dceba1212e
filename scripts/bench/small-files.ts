import { randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { transferSettings } from '../../main/transfers/transfer-options';

/**
 * The small-files workloads' helpers: the local folder of random files, a
 * pool as wide as the app's, and the checks of what a tool left behind.
 * (Kept apart from transfer-child.ts, which answers IPC messages as soon as
 * it is loaded.)
 */

/**
 * As many files at once as the app moves: TransferService's maxConcurrentFiles,
 * read from the app's own settings so the raw SDK's pool follows it when it changes.
 */
export function appConcurrentFiles(): number {
  const unused = () => {
    throw new Error('not used');
  };
  return transferSettings({
    clients: { client: unused, isActive: () => false, onSessionEnded: () => () => {} },
    dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => null },
    reveal: () => {},
  }).maxConcurrentFiles;
}

/** Runs `work` over `items` with at most `limit` at once; the first failure ends it (and is thrown). */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Every regular file under `dir`, as full paths. */
export async function localFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** The name of the i-th file: sorted as numbered, the same for every tool. */
export function smallFileName(index: number): string {
  return `file-${String(index).padStart(6, '0')}.bin`;
}

/** `count` files of `bytes` random bytes each in `dir` (made if need be); their names. */
export function writeSmallFiles(dir: string, count: number, bytes: number): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  const buffer = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < count; i++) {
    const name = smallFileName(i);
    randomFillSync(buffer);
    writeFileSync(join(dir, name), buffer);
    names.push(name);
  }
  return names;
}

/** Up to `size` names spread evenly over the list, first and last included: the files whose bytes are compared. */
export function sampleOf<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) return [...items];
  const step = (items.length - 1) / (size - 1);
  return Array.from({ length: size }, (_, i) => items[Math.round(i * step)]!);
}

/**
 * Checks a downloaded folder against the source folder: the same file names,
 * the same total bytes, and byte-identical contents for a sample.
 */
export async function checkDownloadedFolder(source: string, downloaded: string, expected: { files: number; bytes: number; sample: number }): Promise<void> {
  const files = await localFiles(downloaded);
  const names = files.map((file) => relative(downloaded, file).split(sep).join('/')).sort();
  if (names.length !== expected.files) throw new Error(`the download left ${names.length} files, not ${expected.files}`);
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  if (bytes !== expected.bytes) throw new Error(`the download left ${bytes} bytes, not ${expected.bytes}`);
  for (const name of sampleOf(names, expected.sample)) {
    if (!readFileSync(join(source, name)).equals(readFileSync(join(downloaded, name)))) throw new Error(`the downloaded ${name} differs from its source`);
  }
}
