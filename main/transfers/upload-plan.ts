import type { Dirent, Stats } from 'node:fs';
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ServiceError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { errorName, mapS3Error } from '../aws/s3-errors';
import { listRecursive } from '../browse/list-recursive';
import { describeKeys } from '../browse/selected-keys';
import { isLocalFileError, localFileError } from './local-errors';
import { byteLength } from './local-path';

/** One local file to upload. */
export interface PlannedFile {
  /** Absolute local path. */
  path: string;
  key: string;
  size: number;
  /** Its path as the user sees it: the chosen name, then the way down ("photos/2024/a.jpg"). */
  name: string;
}

/** What the user chose, one entry each. */
export interface PlannedItem {
  name: string;
  kind: 'file' | 'folder';
}

export interface LocalScan {
  files: PlannedFile[];
  items: PlannedItem[];
  problems: Array<{ name: string; message: string }>;
}

const MAX_KEY_BYTES = 1024;
/**
 * More files than this in one upload is almost always a drop of the wrong
 * folder (a home directory): refuse it with a sentence rather than walk the
 * whole disk and hold every path in memory.
 */
export const MAX_FILES_PER_UPLOAD = 100_000;

/**
 * Walks the chosen files and folders — paths the OS handed over (the dialog,
 * a drop resolved in preload), never ones the page named. Problems name
 * entries as the user sees them ("photos/2024/a.jpg"), never by full path. A folder keeps its name as the first
 * part of the keys (as Finder and Explorer uploads do); symbolic links are
 * followed but a link back into its own ancestry is skipped, not walked
 * forever; anything unreadable, or not a regular file, is reported and left out.
 */
export async function scanLocal(paths: readonly string[], prefix: string, maxFiles = MAX_FILES_PER_UPLOAD): Promise<LocalScan> {
  const scan: LocalScan = { files: [], items: [], problems: [] };
  const keys = new Set<string>();

  const addFile = (file: string, name: string, stats: Stats) => {
    const key = prefix + name;
    if (byteLength(key) > MAX_KEY_BYTES) {
      scan.problems.push({ name, message: 'Its name is too long for an S3 key (1,024 bytes at most).' });
    } else if (keys.has(key)) {
      scan.problems.push({ name, message: 'Another file with this name is already part of this upload.' });
    } else {
      if (scan.files.length >= maxFiles) {
        throw new ServiceError(
          'invalid_input',
          `This upload has more than ${maxFiles.toLocaleString('en-US')} files. Upload its folders one at a time instead.`,
        );
      }
      keys.add(key);
      scan.files.push({ path: file, key, size: stats.size, name });
    }
  };

  const walk = async (dir: string, name: string, ancestors: ReadonlySet<string>) => {
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      scan.problems.push({ name, message: problemMessage(error, name) });
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Children are looked at a batch at a time, all of a batch at once, then taken in order:
    // one after another, each stat waited for a trip to the thread pool and back (0.1 ms a file).
    for (let start = 0; start < children.length; start += LOOK_BATCH) {
      const batch = children.slice(start, start + LOOK_BATCH).map(async (child) => {
        const file = path.join(dir, child.name);
        return { file, name: `${name}/${child.name}`, seen: await look(file) };
      });
      for (const child of await Promise.all(batch)) await take(child.file, child.name, child.seen, ancestors);
    }
  };

  const visit = async (file: string, name: string, ancestors: ReadonlySet<string>): Promise<'file' | 'folder' | null> =>
    take(file, name, await look(file), ancestors);

  const take = async (file: string, name: string, seen: Look, ancestors: ReadonlySet<string>): Promise<'file' | 'folder' | null> => {
    if ('error' in seen) {
      scan.problems.push({ name, message: problemMessage(seen.error, name) });
      return null;
    }
    const { stats } = seen;
    if (stats.isDirectory()) {
      const id = `${stats.dev}:${stats.ino}`;
      if (ancestors.has(id)) {
        scan.problems.push({ name, message: 'Skipped: it links back to a folder that contains it.' });
        return null;
      }
      await walk(file, name, new Set([...ancestors, id]));
      return 'folder';
    }
    if (!stats.isFile()) {
      scan.problems.push({ name, message: 'Skipped: it is not a regular file.' });
      return null;
    }
    addFile(file, name, stats);
    return 'file';
  };

  for (const chosen of paths) {
    const name = path.basename(chosen);
    if (!path.isAbsolute(chosen) || name === '') {
      // Named as the user sees it, never by the path itself: a problem is no echo of what was asked.
      scan.problems.push({ name: name || 'An item', message: 'Skipped: it is not a file or folder on this computer.' });
      continue;
    }
    const kind = await visit(path.resolve(chosen), name, new Set());
    if (kind) scan.items.push({ name, kind });
  }
  return scan;
}

/**
 * Which planned keys already exist in S3: one recursive listing per chosen
 * folder, and for chosen files a HEAD each when few, else a listing of
 * their folder (selected-keys.ts) — never a HEAD per file of a big set.
 * Throws the SDK's errors.
 */
export async function findExisting(s3: S3Client, bucket: string, prefix: string, scan: LocalScan, signal?: AbortSignal): Promise<Set<string>> {
  const planned = new Set(scan.files.map((file) => file.key));
  const existing = new Set<string>();
  const topLevelFiles = scan.items.filter((item) => item.kind === 'file').map((item) => prefix + item.name);
  if (topLevelFiles.length > 0) {
    const { found } = await describeKeys(s3, bucket, topLevelFiles, signal);
    for (const object of found) if (planned.has(object.key)) existing.add(object.key);
  }
  for (const folder of new Set(scan.items.filter((item) => item.kind === 'folder').map((item) => item.name))) {
    for await (const object of listRecursive(s3, bucket, `${prefix}${folder}/`, signal)) {
      if (planned.has(object.key)) existing.add(object.key);
    }
  }
  return existing;
}

/** Which planned keys exist already; none known when the role may not list (findExisting otherwise). */
export async function existingKeys(s3: S3Client, bucket: string, prefix: string, scan: LocalScan, logger: Logger): Promise<Set<string>> {
  if (scan.files.length === 0) return new Set();
  try {
    return await findExisting(s3, bucket, prefix, scan);
  } catch (error) {
    // Some roles may write but not list: the upload can still go ahead, only the overwrite question cannot be asked.
    if (errorName(error) !== 'AccessDenied') throw mapS3Error(error, { action: 'list', bucket, prefix });
    logger.info('Uploading without checking for existing keys: listing them is not allowed.');
    return new Set();
  }
}

/** How many entries of a folder are looked at together. */
const LOOK_BATCH = 64;

type Look = { stats: Stats } | { error: unknown };

/** A path's stats (links followed, so a linked file or folder is uploaded as what it points to); a file must also be readable. */
async function look(file: string): Promise<Look> {
  try {
    const stats = await stat(file);
    if (stats.isFile()) await access(file, constants.R_OK);
    return { stats };
  } catch (error) {
    return { error };
  }
}

function problemMessage(error: unknown, name: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'It is no longer there (or it is a link to something that is not).';
  if (code === 'ELOOP') return 'Skipped: it is a link that loops.';
  if (isLocalFileError(error)) return localFileError(error, 'read', name).message;
  return 'Skipped: it could not be read.';
}
