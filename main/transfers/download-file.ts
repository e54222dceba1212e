import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { dirsBetween } from './download-plan';
import { byteLength, resolveInside, withCopyNumber, MAX_SEGMENT_BYTES, type PathPlatform } from './local-path';

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
}

/** link() is refused by file systems without hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Streams one object to a hidden temp file next to its destination and
 * gives it its real name only once every byte is there, without replacing
 * anything: a partial download never looks like a finished file, and on
 * failure or cancel the temp file is removed. Answers the final path.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<string> {
  const { s3, bucket, key, root, segments, platform, signal } = options;
  const target = resolveInside(root, segments, platform);
  const dir = path.dirname(target);
  const name = path.basename(target);
  const made = await mkdir(dir, { recursive: true });
  if (made) options.onCreatedDirs?.(dirsBetween(made, dir));

  const reply = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const body = reply.Body;
  if (!(body instanceof Readable)) throw new Error('GetObject answered without a readable body.');
  const temp = path.join(dir, tempName(name));
  let written = 0;
  try {
    // 'wx': never write into something that is already there, not even a stale temp file.
    const piped = pipeline(body, createWriteStream(temp, { flags: 'wx' }), { signal });
    // Counting beside the pipe (attached once it is set up) rather than through a Transform saves a stream hop per chunk.
    body.on('data', (chunk: Buffer) => {
      written += chunk.length;
      options.onBytes(chunk.length);
    });
    await piped;
    if (reply.ContentLength !== undefined && written !== reply.ContentLength) {
      throw Object.assign(new Error('The download ended early.'), { name: 'IncompleteDownload' });
    }
    signal.throwIfAborted();
    return await placeWithoutReplacing(temp, dir, name, platform);
  } catch (error) {
    body.destroy();
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Gives the finished temp file its name, or "name (1)" and so on when that
 * is taken. A hard link cannot replace anything (it fails with EEXIST),
 * which closes the gap between "is the name free?" and taking it; where a
 * file system has no hard links, a check then a rename is the best there is.
 */
export async function placeWithoutReplacing(temp: string, dir: string, name: string, platform: PathPlatform): Promise<string> {
  let hardLinks = true;
  for (let copy = 0; copy < 10_000; copy++) {
    const candidate = path.join(dir, copy === 0 ? name : withCopyNumber(name, copy, platform));
    if (hardLinks) {
      try {
        await link(temp, candidate);
        await rm(temp, { force: true });
        return candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') continue;
        if (!NO_HARD_LINKS.has(code)) throw error;
        hardLinks = false;
      }
    }
    if (await exists(candidate)) continue;
    await rename(temp, candidate);
    return candidate;
  }
  throw Object.assign(new Error('Every copy name of this file is taken.'), { code: 'EEXIST' });
}

/** ".name.s3desk-1a2b3c4d.part": hidden on macOS and Linux, recognisably ours, and within the name length limit. */
export function tempName(name: string): string {
  const suffix = `.s3desk-${randomBytes(4).toString('hex')}.part`;
  const room = MAX_SEGMENT_BYTES - byteLength(suffix) - 1;
  let stem = name;
  while (byteLength(stem) > room) stem = Array.from(stem).slice(0, -1).join('');
  return `.${stem}${suffix}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
