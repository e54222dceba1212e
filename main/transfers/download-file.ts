import { randomBytes } from 'node:crypto';
import { link as linkCallback, unlink as unlinkCallback } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { dirsBetween } from './download-plan';
import { byteLength, resolveInside, withCopyNumber, MAX_SEGMENT_BYTES, type PathPlatform } from './local-path';
import type { MarkOfTheWeb } from './mark-of-the-web';
import { DEFAULT_RESUME, type ResumeSettings } from './object-body';
import { DEFAULT_RANGED, downloadObject, type DownloadCheckpoint, type RangedSettings } from './object-download';
import { isSuspended } from './suspended';
import { openTempFile, type TempFile } from './temp-file';

/** The file-system calls a download makes, so tests can make any of them fail (a full disk, a folder gone). */
export interface DownloadFileSystem {
  /** mkdir -p; answers the first folder it made, if any. */
  mkdir(dir: string): Promise<string | undefined>;
  /** A temp file written at offsets: 'create' fails (EEXIST) when anything has that name; 'reopen' continues an earlier run's. */
  openTemp(file: string, mode: 'create' | 'reopen'): Promise<TempFile>;
  /** Creates an empty file under a name nothing has yet, in the file system's own view of names; EEXIST otherwise. */
  createExclusive(file: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file if it is there. */
  remove(file: string): Promise<void>;
}

// Called once or twice for every file downloaded: the callback API costs less CPU per call than fs/promises (temp-file.ts).
const link = promisify(linkCallback);
const unlink = promisify(unlinkCallback);

export const nodeDownloadFileSystem: DownloadFileSystem = {
  mkdir: (dir) => mkdir(dir, { recursive: true }),
  // 'create' is O_EXCL: never write into something that is already there, not even a stale temp file.
  openTemp: (file, mode) => openTempFile(file, mode),
  createExclusive: async (file) => {
    const handle = await open(file, 'wx');
    await handle.close();
  },
  link: (existing, newPath) => link(existing, newPath),
  rename: (from, to) => rename(from, to),
  // unlink, not rm({ force }): rm looks first (an lstat per file), and a missing file is all the same to us.
  remove: (file) =>
    unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    }),
};

export interface DownloadFileOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** The folder the user chose. */
  root: string;
  /** Safe names below root (local-path.ts). */
  segments: readonly string[];
  platform: PathPlatform;
  signal: AbortSignal;
  onBytes: (bytes: number) => void;
  /** Hears about folders it creates, so a cancelled job can remove the empty ones. */
  onCreatedDirs?: (dirs: string[]) => void;
  /** Folders known to exist (shared by the files of a job): a folder of 5,000 files is made once, not asked for 5,000 times. */
  existingDirs?: Set<string>;
  /** Marks the finished file as coming from the internet, before it gets its name. */
  marker: MarkOfTheWeb;
  fs?: DownloadFileSystem;
  /** Attempts, backoff and the read-idle timeout; DEFAULT_RESUME when unset. */
  resume?: ResumeSettings;
  /** When to fetch in parallel ranges; DEFAULT_RANGED when unset. */
  ranged?: RangedSettings;
  /** The size the listing showed. */
  expectedSize: number;
  /** A download an earlier run left: its temp file and how far it got (ignored when the temp file is gone). */
  continueFrom?: { temp: string; checkpoint: DownloadCheckpoint };
  /** Hears where the download stands (its temp file, the ranges on disk), to continue it after a restart. */
  onCheckpoint?: (temp: string, checkpoint: DownloadCheckpoint) => void;
}

/** link() is refused by file systems without hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);
const MAX_COPIES = 10_000;

/**
 * Fetches one object into a hidden temp file next to its destination (large
 * ones in parallel ranges, each resuming where its connection dropped or
 * stalled: object-download.ts, object-body.ts), marks
 * it as coming from the internet, and gives it its real name only once
 * every byte is there, without replacing anything: a partial download never
 * looks like a finished file, an unmarked one is never under its real name,
 * and on failure or cancel the temp file is removed. Answers the final path.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<string> {
  const { s3, bucket, key, root, segments, platform, signal } = options;
  const fs = options.fs ?? nodeDownloadFileSystem;
  const target = resolveInside(root, segments, platform);
  const dir = path.dirname(target);
  const name = path.basename(target);
  const ensureDir = async () => {
    const made = await fs.mkdir(dir);
    if (made) options.onCreatedDirs?.(dirsBetween(made, dir));
    options.existingDirs?.add(dir);
  };
  const known = options.existingDirs?.has(dir) === true;
  if (!known) await ensureDir();

  const { temp, file, checkpoint } = await openTemp(dir, name, fs, options.continueFrom).catch(async (error: unknown) => {
    // The folder went away since an earlier file made it (the user tidied up): made again, as a first file would.
    if (!known || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    options.existingDirs?.delete(dir);
    await ensureDir();
    return openTemp(dir, name, fs, options.continueFrom);
  });
  let resumable = checkpoint !== undefined;
  try {
    await downloadObject({
      s3,
      bucket,
      key,
      signal,
      file,
      expectedSize: options.expectedSize,
      resume: options.resume ?? DEFAULT_RESUME,
      ranged: options.ranged ?? DEFAULT_RANGED,
      onBytes: options.onBytes,
      checkpoint,
      onCheckpoint: (reached) => {
        resumable = true;
        options.onCheckpoint?.(temp, reached);
      },
    });
    await file.close();
    signal.throwIfAborted();
    // Hard links and renames keep the mark (it belongs to the file, not its name).
    await options.marker.mark(temp, { bucket, key });
    signal.throwIfAborted();
    return await placeWithoutReplacing(temp, dir, name, platform, fs);
  } catch (error) {
    await file.close().catch(() => undefined);
    // A ranged download stopped to be continued later keeps its temp file; any other end removes it.
    if (!(resumable && isSuspended(signal))) await fs.remove(temp).catch(() => undefined);
    throw error;
  }
}

/** The earlier run's temp file when it is still there, else a new one under a new name. */
async function openTemp(
  dir: string,
  name: string,
  fs: DownloadFileSystem,
  continueFrom: DownloadFileOptions['continueFrom'],
): Promise<{ temp: string; file: TempFile; checkpoint?: DownloadCheckpoint }> {
  if (continueFrom && path.dirname(continueFrom.temp) === dir) {
    try {
      return { temp: continueFrom.temp, file: await fs.openTemp(continueFrom.temp, 'reopen'), checkpoint: continueFrom.checkpoint };
    } catch {
      // Gone (the user tidied up) or unreadable: it starts over.
    }
  }
  const temp = path.join(dir, tempName(name));
  return { temp, file: await fs.openTemp(temp, 'create') };
}

/**
 * Gives the finished temp file its name, or "name (1)" and so on when that
 * is taken, never replacing anything: the name is taken exclusively before
 * the file moves in. A hard link takes it in one step (it fails with EEXIST
 * when anything has the name). Where the file system has no hard links
 * (FAT, exFAT), an empty file is first created under the name with O_EXCL,
 * which only one of two racing downloads can do, even when the disk sees
 * "A.txt" and "a.txt" as one name; the temp file then moves over that
 * placeholder, which is ours. If the move fails, the placeholder goes too.
 */
export async function placeWithoutReplacing(
  temp: string,
  dir: string,
  name: string,
  platform: PathPlatform,
  fs: DownloadFileSystem = nodeDownloadFileSystem,
): Promise<string> {
  let hardLinks = true;
  for (let copy = 0; copy < MAX_COPIES; copy++) {
    const candidate = path.join(dir, copy === 0 ? name : withCopyNumber(name, copy, platform));
    if (hardLinks) {
      const linked = await takeName(() => fs.link(temp, candidate), NO_HARD_LINKS);
      if (linked === 'taken') continue;
      if (linked === 'done') {
        // The file is in place; a temp name left over would only be a hidden stray, not worth failing for.
        await fs.remove(temp).catch(() => undefined);
        return candidate;
      }
      hardLinks = false;
    }
    if ((await takeName(() => fs.createExclusive(candidate))) === 'taken') continue;
    try {
      await fs.rename(temp, candidate);
    } catch (error) {
      await fs.remove(candidate).catch(() => undefined);
      throw error;
    }
    return candidate;
  }
  throw Object.assign(new Error('Every copy name of this file is taken.'), { code: 'EEXIST' });
}

/** Runs a call that takes a name: 'taken' on EEXIST, 'unsupported' on one of `unsupported`, else throws its error. */
async function takeName(call: () => Promise<void>, unsupported = new Set<string>()): Promise<'done' | 'taken' | 'unsupported'> {
  try {
    await call();
    return 'done';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return 'taken';
    if (unsupported.has(code)) return 'unsupported';
    throw error;
  }
}

/**
 * Temp names differ from every other run's by a random part drawn once per
 * process, and from each other by a counter: a random draw per file cost
 * more than the rest of naming it. The name is still taken with O_EXCL, so a
 * clash could only fail a file, never overwrite one.
 */
const RUN_TAG = randomBytes(4).toString('hex');
let tempCount = 0;

/** ".name.s3desk-1a2b3c4d-1f.part": hidden on macOS and Linux, recognisably ours, and within the name length limit. */
export function tempName(name: string): string {
  tempCount = (tempCount + 1) % Number.MAX_SAFE_INTEGER;
  const suffix = `.s3desk-${RUN_TAG}-${tempCount.toString(36)}.part`;
  const room = MAX_SEGMENT_BYTES - byteLength(suffix) - 1;
  let stem = name;
  while (byteLength(stem) > room) stem = Array.from(stem).slice(0, -1).join('');
  return `.${stem}${suffix}`;
}
