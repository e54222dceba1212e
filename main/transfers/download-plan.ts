import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadRequest } from '../../common/ipc';
import { isFolderMarker, listRecursive } from '../browse/list-recursive';
import { describeKeys } from '../browse/selected-keys';
import type { FileCheckpoint } from './move-file';
import { keyToSegments, relativeKey, resolveInside, withCopyNumber, EMPTY_SEGMENT, type PathPlatform } from './local-path';

/** One object of a download, with where it goes. */
export interface DownloadEntry {
  key: string;
  size: number;
  /** Archived and not restored: skipped, not failed. */
  archived: boolean;
  /** The selected key does not exist (any more). */
  missing: boolean;
  /** Its path below the chosen folder, as safe names. */
  segments: string[];
  /** How far an earlier run got with it (a download resumed after a restart). */
  checkpoint?: FileCheckpoint;
}

export interface DownloadExpansion {
  entries: DownloadEntry[];
  /** Absolute paths of the folders made for selected prefixes, in selection order (what "show" reveals). */
  topFolders: string[];
}

export interface ExpandOptions {
  s3: S3Client;
  request: DownloadRequest;
  /** The folder the user chose. */
  root: string;
  platform: PathPlatform;
  /** Compare local names case-insensitively (Windows and macOS file systems). */
  caseInsensitive: boolean;
  signal?: AbortSignal;
  /** Called as the listing goes, so the job's totals grow while a 100k-key folder is listed. */
  onProgress?: (files: number, bytes: number) => void;
  /** Hears of every folder made (also when the expansion then fails), so empty ones can be taken away again. */
  onCreatedDirs?: (dirs: string[]) => void;
}

/**
 * Expands a download selection into files with local paths: selected keys
 * are looked up (HEAD or one listing), folders listed recursively. Each
 * selected folder gets a fresh local folder ("photos", or "photos (1)" when
 * that name is taken) so two downloads never mix, and empty-folder markers
 * become empty folders. Throws the SDK's errors and local file errors.
 */
export async function expandDownload(options: ExpandOptions): Promise<DownloadExpansion> {
  const { s3, request, root, platform, signal } = options;
  const { bucket, basePrefix } = request;
  const entries: DownloadEntry[] = [];
  const markerFolders: string[][] = [];
  const topFolders: string[] = [];
  const created = (dirs: string[]) => options.onCreatedDirs?.(dirs);
  let bytes = 0;
  const add = (entry: DownloadEntry) => {
    entries.push(entry);
    if (!entry.archived) bytes += entry.size;
    options.onProgress?.(entries.length, bytes);
  };

  if (request.keys.length > 0) {
    const { found, missing } = await describeKeys(s3, bucket, request.keys, signal);
    for (const object of found) add({ ...object, missing: false, segments: fileSegments(relativeKey(object.key, basePrefix), platform) });
    for (const key of missing) add({ key, size: 0, archived: false, missing: true, segments: fileSegments(relativeKey(key, basePrefix), platform) });
  }

  for (const prefix of new Set(request.prefixes)) {
    let base = keyToSegments(relativeKey(prefix, basePrefix), platform);
    if (base.length > 0) {
      const parent = base.length > 1 ? resolveInside(root, base.slice(0, -1), platform) : root;
      const made = await mkdir(parent, { recursive: true });
      if (made) created(dirsBetween(made, parent));
      const name = await reserveFolder(parent, base.at(-1)!, platform);
      base = [...base.slice(0, -1), name];
      const folder = resolveInside(root, base, platform);
      created([folder]);
      topFolders.push(folder);
    }
    for await (const object of listRecursive(s3, bucket, prefix, signal)) {
      const below = keyToSegments(relativeKey(object.key, prefix), platform);
      if (isFolderMarker(object)) {
        if (below.length > 0) markerFolders.push([...base, ...below]);
        continue;
      }
      add({ ...object, missing: false, segments: [...base, ...(below.length > 0 ? below : [EMPTY_SEGMENT])] });
    }
  }

  separateFilesFromFolders(entries, markerFolders, { platform, caseInsensitive: options.caseInsensitive });
  for (const folder of markerFolders) {
    const absolute = resolveInside(root, folder, platform);
    const made = await mkdir(absolute, { recursive: true }).catch(() => undefined);
    if (made) created(dirsBetween(made, absolute));
  }
  return { entries, topFolders };
}

/**
 * S3 can hold a key "a" and keys under "a/" at once; a disk cannot hold a
 * file and a folder with one name. The folder keeps the name and the file
 * becomes "a (1)" (also when the clash is only in letter case on a
 * case-insensitive disk). Changes entries in place.
 */
export function separateFilesFromFolders(
  entries: Array<{ segments: string[] }>,
  extraFolders: string[][],
  options: { platform: PathPlatform; caseInsensitive: boolean },
): void {
  const id = (segments: readonly string[]) => {
    const joined = segments.join('/');
    return options.caseInsensitive ? joined.toLowerCase() : joined;
  };
  const folders = new Set<string>();
  const addFolders = (segments: readonly string[], depth: number) => {
    for (let i = 1; i <= depth; i++) folders.add(id(segments.slice(0, i)));
  };
  for (const entry of entries) addFolders(entry.segments, entry.segments.length - 1);
  for (const folder of extraFolders) addFolders(folder, folder.length);
  const files = new Set(entries.map((entry) => id(entry.segments)));
  for (const entry of entries) {
    if (!folders.has(id(entry.segments))) continue;
    const parent = entry.segments.slice(0, -1);
    const name = entry.segments.at(-1)!;
    for (let copy = 1; ; copy++) {
      const candidate = [...parent, withCopyNumber(name, copy, options.platform)];
      const candidateId = id(candidate);
      if (folders.has(candidateId) || files.has(candidateId)) continue;
      files.add(candidateId);
      entry.segments = candidate;
      break;
    }
  }
}

/** Makes parent/name, or parent/"name (1)" and so on when the name is taken; answers the name used. */
export async function reserveFolder(parent: string, name: string, platform: PathPlatform): Promise<string> {
  for (let copy = 0; copy < 10_000; copy++) {
    const candidate = copy === 0 ? name : withCopyNumber(name, copy, platform);
    try {
      await mkdir(path.join(parent, candidate));
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw Object.assign(new Error('Every copy name of this folder is taken.'), { code: 'EEXIST' });
}

/** A key's segments, with a name for keys that have none left ("/", "./"). */
function fileSegments(relative: string, platform: PathPlatform): string[] {
  const segments = keyToSegments(relative, platform);
  return segments.length > 0 ? segments : [EMPTY_SEGMENT];
}

/** The folders from `first` (made by mkdir -p) down to `last`, inclusive. */
export function dirsBetween(first: string, last: string): string[] {
  const dirs: string[] = [];
  let current = last;
  while (current.length >= first.length) {
    dirs.push(current);
    if (current === first) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return dirs;
}
