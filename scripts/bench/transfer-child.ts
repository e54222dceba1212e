import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StackInfo } from '../../devstack/stack';
import type { TransferJob } from '../../common/ipc';
import { forwardEvents, type EventTarget } from '../../main/ipc/register-ipc';
import { headlessDesktop } from '../../main/shared/desktop';
import { signInForBench, type BenchSession } from './bench-session';
import { appConcurrentFiles, localFiles, pool } from './small-files';
import { describeFailure } from './report';

/**
 * One transfer in a process of its own, so its peak RSS (the kernel's
 * high-water mark, VmHWM: spikes between samples included)
 * belongs to that transfer alone: the process signs in, moves one file (or
 * one folder of files) the app's way or the raw SDK's way, and reports. The
 * parent rotates the tools round to round.
 */
export interface TransferTask {
  info: StackInfo;
  scratch: string;
  side: 'app' | 'raw';
  direction: 'upload' | 'download';
  /** One file (the default), or a folder of files. */
  kind?: 'file' | 'folder';
  bucket: string;
  /**
   * File upload: the key to create; file download: the key to fetch.
   * Folder download: the folder (ending in '/'), which lands in `local`/<its name>/;
   * folder upload: the folder to upload into (ending in '/'): `local` lands in `key`<its name>/.
   */
  key: string;
  /** File upload: the local file; folder upload: the local folder; download: the folder to download into. */
  local: string;
}

export interface TransferOutcome {
  seconds: number;
  bytes: number;
  /** Files moved. */
  files: number;
  /** Download: where the file (or the folder) landed. */
  path: string | null;
  /** The kernel's high-water mark of this process's RSS (VmHWM; getrusage maxrss off Linux), MiB. */
  peakRssMib: number;
  /** RSS right before the transfer started (signed in, idle), MiB. */
  idleRssMib: number;
  /** The highest RSS sampled every 50 ms during the transfer, MiB. */
  sampledPeakRssMib: number;
  /** CPU time (user + system) this process spent on the transfer, s: steadier than wall time on a busy machine. */
  cpuSeconds: number;
}

const MIB = 1024 * 1024;

/**
 * This process's peak RSS in KiB, spikes between samples included. On Linux
 * it is VmHWM, the high-water mark of this process's own memory: getrusage's
 * maxRSS is carried across exec, so a child forked while the bench process
 * was large (it has just written and uploaded the source file) would report
 * the parent's size as its own — 421 MiB for every tool alike on the wan run.
 */
function peakRssKib(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: getrusage is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

async function run(task: TransferTask): Promise<TransferOutcome> {
  const desktop = headlessDesktop();
  // The native dialogs, answered as a person would: this folder, this file.
  desktop.dialogs.chooseDownloadFolder = async () => task.local;
  desktop.dialogs.chooseUploadSources = async () => [task.local];
  const session = await signInForBench(task.info, task.scratch, { desktop });
  try {
    // What sign-in left behind is collected first (as in an app that has been idle a moment), so idle is idle.
    (globalThis as { gc?: () => void }).gc?.();
    const idle = process.memoryUsage().rss;
    let sampled = idle;
    const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    let result: Moved;
    try {
      result = task.side === 'app' ? await appTransfer(session, task) : await rawTransfer(session, task);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    sampled = Math.max(sampled, process.memoryUsage().rss);
    return {
      seconds,
      bytes: result.bytes,
      files: result.files,
      path: result.path,
      peakRssMib: peakRssKib() / 1024,
      idleRssMib: idle / MIB,
      sampledPeakRssMib: sampled / MIB,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await session.close();
  }
}

interface Moved {
  bytes: number;
  files: number;
  path: string | null;
}

/** The last name of a folder prefix: 'a/b/c/' → 'c'. */
function folderName(prefix: string): string {
  return basename(prefix.replace(/\/+$/, ''));
}

/**
 * The app's way: TransferService, as the window drives it (download with a
 * chosen folder; plan then start an upload), its progress events forwarded
 * and structured-cloned as they would be to the window. Timed from the
 * first call until the job says done. A folder download selects the folder
 * while browsing its parent (so it lands in a folder of its name), as a
 * person downloading a folder does; a folder upload plans the local folder.
 */
async function appTransfer(session: BenchSession, task: TransferTask): Promise<Moved> {
  const { services } = session;
  const target: EventTarget = { isDestroyed: () => false, send: (_channel, ...args) => void structuredClone(args) };
  const stopForwarding = forwardEvents(services.events, () => target);
  let jobId: string | null = null;
  let settle: ((job: TransferJob) => void) | null = null;
  const finished = new Promise<TransferJob>((resolve) => (settle = resolve));
  const stopListening = services.transfers.onChanged((jobs) => {
    const job = jobs.find((candidate) => candidate.id === jobId);
    if (job && job.status !== 'queued' && job.status !== 'running') settle?.(job);
  });
  try {
    const folder = task.kind === 'folder';
    // A file: the folder it is in. A folder download: its parent. A folder upload: the folder to upload into.
    const base = folder && task.direction === 'upload' ? task.key : parentPrefix(task.key);
    if (task.direction === 'download') {
      const selection = folder ? { keys: [], prefixes: [task.key] } : { keys: [task.key], prefixes: [] };
      const start = await services.transfers.download({ bucket: task.bucket, ...selection, basePrefix: base });
      if (start.status !== 'started') throw new Error('The download did not start.');
      jobId = start.job.id;
      if (start.job.status === 'done' || start.job.status === 'failed') settle!(start.job);
    } else {
      if (!folder && basename(task.local) !== basename(task.key)) throw new Error('The app names the object after its file: the key must end in the file name.');
      const plan = await services.transfers.planUpload({ bucket: task.bucket, prefix: base, paths: [task.local] });
      if (plan.problems.length > 0 || (!folder && plan.fileCount !== 1)) throw new Error(`The upload plan has ${plan.fileCount} files: ${JSON.stringify(plan.problems)}`);
      const job = services.transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      jobId = job.id;
    }
    const job = await finished;
    if (job.status !== 'done') throw new Error(`The app's ${task.direction} ended ${job.status}: ${job.error?.code ?? ''} ${job.error?.message ?? ''}`);
    if (job.filesFailed > 0) throw new Error(`The app's ${task.direction} failed ${job.filesFailed} files.`);
    const name = folder ? folderName(task.key) : basename(task.key);
    return {
      bytes: job.bytesTotal,
      files: job.filesDone,
      path: task.direction === 'download' ? join(task.local, name) : null,
    };
  } finally {
    stopListening();
    stopForwarding();
  }
}

function parentPrefix(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/**
 * The raw SDK's way with a folder, as a script would write it: list the folder
 * (ListObjectsV2 pages), then GetObject each key streamed to its file; or walk
 * the local folder and PutObject each file — in both cases with a pool as wide
 * as the app's (appConcurrentFiles).
 */
async function rawFolder(session: BenchSession, task: TransferTask): Promise<Moved> {
  const limit = appConcurrentFiles();
  let bytes = 0;
  if (task.direction === 'download') {
    const root = join(task.local, folderName(task.key));
    const keys: Array<{ key: string; size: number }> = [];
    let token: string | undefined;
    do {
      const page = await session.raw.send(new ListObjectsV2Command({ Bucket: task.bucket, Prefix: task.key, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push({ key: object.Key, size: object.Size ?? 0 });
      token = page.NextContinuationToken;
    } while (token);
    const made = new Set<string>();
    await pool(keys, limit, async ({ key }) => {
      const path = join(root, ...key.slice(task.key.length).split('/'));
      const parent = dirname(path);
      if (!made.has(parent)) {
        made.add(parent);
        await mkdir(parent, { recursive: true });
      }
      const reply = await session.raw.send(new GetObjectCommand({ Bucket: task.bucket, Key: key }));
      if (!(reply.Body instanceof Readable)) throw new Error('GetObject answered without a stream.');
      await pipeline(reply.Body, createWriteStream(path));
      bytes += reply.ContentLength ?? 0;
    });
    return { bytes, files: keys.length, path: root };
  }
  const files = await localFiles(task.local);
  const into = `${task.key}${basename(task.local)}/`;
  await pool(files, limit, async (file) => {
    const body = await readFile(file);
    const key = into + relative(task.local, file).split(sep).join('/');
    await session.raw.send(new PutObjectCommand({ Bucket: task.bucket, Key: key, Body: body, ContentLength: body.length }));
    bytes += body.length;
  });
  return { bytes, files: files.length, path: null };
}

/** The raw SDK's way: GetObject streamed to a file; lib-storage's Upload with its defaults reading a file stream. */
async function rawTransfer(session: BenchSession, task: TransferTask): Promise<Moved> {
  if (task.kind === 'folder') return rawFolder(session, task);
  if (task.direction === 'download') {
    const reply = await session.raw.send(new GetObjectCommand({ Bucket: task.bucket, Key: task.key }));
    if (!(reply.Body instanceof Readable)) throw new Error('GetObject answered without a stream.');
    const path = join(task.local, basename(task.key));
    await pipeline(reply.Body, createWriteStream(path));
    return { bytes: reply.ContentLength ?? 0, files: 1, path };
  }
  let bytes = 0;
  const upload = new Upload({ client: session.raw, params: { Bucket: task.bucket, Key: task.key, Body: createReadStream(task.local) } });
  upload.on('httpUploadProgress', (progress) => (bytes = progress.loaded ?? bytes));
  await upload.done();
  return { bytes, files: 1, path: null };
}

process.once('message', (task: TransferTask) => {
  run(task).then(
    (outcome) => {
      process.send?.({ outcome }, () => process.exit(0));
    },
    (error: unknown) => {
      process.send?.({ error: describeFailure(error) }, () => process.exit(1));
    },
  );
});
