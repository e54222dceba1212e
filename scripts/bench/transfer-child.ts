import { createReadStream, createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StackInfo } from '../../devstack/stack';
import type { TransferJob } from '../../common/ipc';
import { forwardEvents, type EventTarget } from '../../main/ipc/register-ipc';
import { headlessDesktop } from '../../main/shared/desktop';
import { signInForBench, type BenchSession } from './bench-session';
import { describeFailure } from './report';

/**
 * One transfer in a process of its own, so its peak RSS (getrusage's
 * maxrss: the kernel's high-water mark, spikes between samples included)
 * belongs to that transfer alone: the process signs in, moves one file the
 * app's way or the raw SDK's way, and reports. The parent alternates them.
 */
export interface TransferTask {
  info: StackInfo;
  scratch: string;
  side: 'app' | 'raw';
  direction: 'upload' | 'download';
  bucket: string;
  /** Upload: the key to create; download: the key to fetch. */
  key: string;
  /** Upload: the local file; download: the folder to download into. */
  local: string;
}

export interface TransferOutcome {
  seconds: number;
  bytes: number;
  /** Download: where the file landed. */
  path: string | null;
  /** getrusage maxrss of this process, MiB. */
  peakRssMib: number;
  /** RSS right before the transfer started (signed in, idle), MiB. */
  idleRssMib: number;
  /** The highest RSS sampled every 50 ms during the transfer, MiB. */
  sampledPeakRssMib: number;
  /** CPU time (user + system) this process spent on the transfer, s: steadier than wall time on a busy machine. */
  cpuSeconds: number;
}

const MIB = 1024 * 1024;

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
    let result: { bytes: number; path: string | null };
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
      path: result.path,
      peakRssMib: (process.resourceUsage().maxRSS * 1024) / MIB,
      idleRssMib: idle / MIB,
      sampledPeakRssMib: sampled / MIB,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await session.close();
  }
}

/**
 * The app's way: TransferService, as the window drives it (download with a
 * chosen folder; plan then start an upload), its progress events forwarded
 * and structured-cloned as they would be to the window. Timed from the
 * first call until the job says done.
 */
async function appTransfer(session: BenchSession, task: TransferTask): Promise<{ bytes: number; path: string | null }> {
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
    const prefix = task.key.slice(0, task.key.lastIndexOf('/') + 1);
    if (task.direction === 'download') {
      const start = await services.transfers.download({ bucket: task.bucket, keys: [task.key], prefixes: [], basePrefix: prefix });
      if (start.status !== 'started') throw new Error('The download did not start.');
      jobId = start.job.id;
      if (start.job.status === 'done' || start.job.status === 'failed') settle!(start.job);
    } else {
      if (basename(task.local) !== basename(task.key)) throw new Error('The app names the object after its file: the key must end in the file name.');
      const plan = await services.transfers.planUpload({ bucket: task.bucket, prefix, paths: [task.local] });
      if (plan.fileCount !== 1) throw new Error(`The upload plan has ${plan.fileCount} files: ${JSON.stringify(plan.problems)}`);
      const job = services.transfers.startUpload({ planId: plan.planId, existing: 'replace' });
      jobId = job.id;
    }
    const job = await finished;
    if (job.status !== 'done') throw new Error(`The app's ${task.direction} ended ${job.status}: ${job.error?.code ?? ''} ${job.error?.message ?? ''}`);
    return {
      bytes: job.bytesTotal,
      path: task.direction === 'download' ? join(task.local, basename(task.key)) : null,
    };
  } finally {
    stopListening();
    stopForwarding();
  }
}

/** The raw SDK's way: GetObject streamed to a file; lib-storage's Upload with its defaults reading a file stream. */
async function rawTransfer(session: BenchSession, task: TransferTask): Promise<{ bytes: number; path: string | null }> {
  if (task.direction === 'download') {
    const reply = await session.raw.send(new GetObjectCommand({ Bucket: task.bucket, Key: task.key }));
    if (!(reply.Body instanceof Readable)) throw new Error('GetObject answered without a stream.');
    const path = join(task.local, basename(task.key));
    await pipeline(reply.Body, createWriteStream(path));
    return { bytes: reply.ContentLength ?? 0, path };
  }
  let bytes = 0;
  const upload = new Upload({ client: session.raw, params: { Bucket: task.bucket, Key: task.key, Body: createReadStream(task.local) } });
  upload.on('httpUploadProgress', (progress) => (bytes = progress.loaded ?? bytes));
  await upload.done();
  return { bytes, path: null };
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
