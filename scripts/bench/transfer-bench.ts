import { execFile } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectsCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BenchSession } from './bench-session';
import { forkScript, type BenchStack } from './bench-stack';
import { describeFailure, failedResult, limitResult, round, throughputResult, type BenchResult } from './report';
import type { TransferOutcome, TransferTask } from './transfer-child';

export interface TransferBenchOptions {
  sizeMib: number;
  rounds: number;
  log?: (line: string) => void;
}

const MIB = 1024 * 1024;

/**
 * The memory budget of the app's transfers: peak RSS of a process that signs
 * in and moves one file with TransferService. See RSS_BUDGET_WHY.
 */
export const RSS_LIMIT_MIB = 256;
export const RSS_BUDGET_WHY =
  `The limit, ${RSS_LIMIT_MIB} MiB, is 128 MiB for the process itself plus 128 MiB for one file in flight. ` +
  'A signed-in, idle process with the app’s services (Node 20, the AWS SDK, zod, the services) measures about 110–150 MiB here (idleMib in details: min and max over every run). ' +
  'An upload holds the parts in flight plus the one being filled: (4 + 1) × 8 MiB = 40 MiB with TransferService’s settings; ' +
  'lib-storage assembles each part from the file stream’s 64 KiB chunks, and V8 frees those and the sent parts lazily, so about three ' +
  'times that is what the SDK really costs (the raw SDK shows the same factor here: ~90 MiB above idle for its (4 + 1) × 5 MiB). ' +
  'A download streams through fixed-size buffers and needs far less. What the budget rules out is memory that grows with the file: ' +
  'a 1 GiB transfer buffered whole would need 1 GiB. (TransferService moves up to 4 files at once; this measures one large file.)';

/** `sizeMib` MiB of random bytes (so checksums mean something), and their SHA-256. */
export function writeRandomFile(path: string, sizeMib: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(8 * MIB);
  const fd = openSync(path, 'w');
  try {
    let left = sizeMib * MIB;
    while (left > 0) {
      const piece = chunk.subarray(0, Math.min(left, chunk.length));
      randomFillSync(piece);
      hash.update(piece);
      writeSync(fd, piece);
      left -= piece.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs one transfer in its own process (transfer-child.ts) and answers what it measured. */
export async function runChild(task: TransferTask): Promise<TransferOutcome> {
  // Earlier transfers leave gigabytes of dirty pages (the emulator's parts and objects, downloaded files):
  // written back now, they do not compete with the transfer being timed.
  await new Promise<void>((resolve) => execFile('sync', () => resolve()));
  const child = forkScript('./transfer-child.ts', { execArgv: ['--expose-gc'] });
  return new Promise<TransferOutcome>((resolve, reject) => {
    let answered = false;
    child.once('message', (message: { outcome?: TransferOutcome; error?: string }) => {
      answered = true;
      if (message.outcome) resolve(message.outcome);
      else reject(new Error(`The ${task.side} ${task.direction} failed: ${message.error ?? 'no answer'}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`The ${task.side} ${task.direction} process ended (exit ${code}) without an answer.`));
    });
    child.send(task);
  });
}

const DOWNLOAD_METHOD =
  'Each transfer runs in a fresh child process that signs in and moves one file; time runs from the first call until the file is complete. ' +
  'App: TransferService.download into a chosen folder (the native dialog answered by the harness), its progress events forwarded and ' +
  'structured-cloned as to the window, until the job is done. Raw: GetObject with a plain S3Client piped to a file. ' +
  'Both fetch the same object of random bytes, and every downloaded file is checked against the source’s SHA-256 (outside the timing). ' +
  'Each round runs two pairs (app, raw, raw, app — the next round the other way round); medians of MiB/s. ' +
  'The CPU time each process spent is in the rounds (appCpuS, rawCpuS): steadier than throughput on a busy machine. ' +
  'Before every transfer the harness runs sync, so dirty pages of earlier gigabytes are not written back during it. The stack runs in its own process.';

const UPLOAD_METHOD =
  'Each transfer runs in a fresh child process that signs in and moves one file; time runs from the first call until the upload is complete. ' +
  'App: TransferService.planUpload then startUpload (replace) into the demo user’s home prefix in desk-private, until the job is done. ' +
  'Raw: lib-storage’s Upload with its defaults (5 MiB parts, 4 in flight) reading a file stream, on a plain S3Client. ' +
  'The emulator verifies every part’s checksum; each uploaded object’s size is checked with HeadObject. Rounds alternate which side goes first (sync before each); medians of MiB/s, CPU seconds in the rounds.';

const RSS_METHOD =
  'Peak resident memory of the child process that ran each of the app’s transfers (getrusage maxrss: the kernel’s high-water mark, ' +
  'so short spikes between samples count too), over every upload and download round; the process does nothing else but sign in. ' +
  'The raw SDK’s peak for the same transfers is kept in details for comparison. ' +
  RSS_BUDGET_WHY;

/** download-1gib, upload-1gib and transfer-peak-rss-mib, from the same runs. */
export async function benchTransfers(session: BenchSession, stack: BenchStack, options: TransferBenchOptions): Promise<BenchResult[]> {
  const log = options.log ?? (() => {});
  const work = join(stack.scratch, 'transfers');
  mkdirSync(work, { recursive: true });
  const { bucket } = session.home;
  const folder = `${session.home.prefix}s3desk-bench/`;
  const sourceKey = `${folder}download-source.bin`;
  // The app names an uploaded object after its file (planUpload takes a folder), so each side gets a folder of its own.
  const uploadKeys = { app: `${folder}app/source.bin`, raw: `${folder}raw/source.bin` };
  const size = options.sizeMib * MIB;
  const rounds = { download: [] as Array<Record<string, number>>, upload: [] as Array<Record<string, number>>, rss: [] as Array<Record<string, number>> };
  const speeds = { download: { app: [] as number[], raw: [] as number[] }, upload: { app: [] as number[], raw: [] as number[] } };
  const peaks = { app: { upload: [] as number[], download: [] as number[] }, raw: { upload: [] as number[], download: [] as number[] } };
  const idle: number[] = [];
  const common = (name: string, unit: string, budget: number, method: string) => ({ name, unit, budget, method });
  try {
    const source = join(work, 'source.bin');
    log(`transfers: writing ${options.sizeMib} MiB of random bytes`);
    const sourceHash = writeRandomFile(source, options.sizeMib);
    log('transfers: uploading the download source (not measured)');
    await new Upload({ client: session.raw, params: { Bucket: bucket, Key: sourceKey, Body: createReadStream(source) } }).done();

    const task = (side: 'app' | 'raw', direction: 'upload' | 'download', local: string, key: string): TransferTask => ({
      info: session.info,
      scratch: join(work, 'settings'),
      side,
      direction,
      bucket,
      key,
      local,
    });

    for (let r = 0; r < options.rounds; r++) {
      const order: Array<'app' | 'raw'> = r % 2 === 0 ? ['app', 'raw'] : ['raw', 'app'];
      // Downloads take seconds and vary more with the machine: two pairs a round (ABBA), twice the samples.
      const pairs = { upload: [order], download: [order, [...order].reverse()] };
      for (const direction of ['upload', 'download'] as const) {
        for (const pair of pairs[direction]) {
          const row: Record<string, number> = {};
          for (const side of pair) {
            let outcome: TransferOutcome;
            if (direction === 'upload') {
              outcome = await runChild(task(side, 'upload', source, uploadKeys[side]));
              const head = await session.raw.send(new HeadObjectCommand({ Bucket: bucket, Key: uploadKeys[side] }));
              if (head.ContentLength !== size) throw new Error(`the ${side} upload left ${head.ContentLength} bytes, not ${size}`);
            } else {
              const into = mkdtempSync(join(work, `download-${side}-`));
              try {
                outcome = await runChild(task(side, 'download', into, sourceKey));
                if (!outcome.path || (await sha256(outcome.path)) !== sourceHash) throw new Error(`the ${side} download does not match the source's SHA-256`);
              } finally {
                rmSync(into, { recursive: true, force: true });
              }
            }
            const speed = size / MIB / outcome.seconds;
            speeds[direction][side].push(speed);
            peaks[side][direction].push(outcome.peakRssMib);
            idle.push(outcome.idleRssMib);
            row[side] = speed;
            row[`${side}CpuS`] = outcome.cpuSeconds;
            rounds.rss.push({ [`${side}-${direction}`]: outcome.peakRssMib, idle: outcome.idleRssMib, sampled: outcome.sampledPeakRssMib });
            log(
              `${direction} round ${r + 1}/${options.rounds} ${side}: ${speed.toFixed(1)} MiB/s in ${outcome.seconds.toFixed(2)} s, ` +
                `${outcome.cpuSeconds.toFixed(2)} s CPU, peak RSS ${outcome.peakRssMib.toFixed(0)} MiB (idle ${outcome.idleRssMib.toFixed(0)})`,
            );
          }
          rounds[direction].push(row);
        }
      }
    }

    const details = { sizeMib: options.sizeMib };
    return [
      throughputResult({
        ...common('download-1gib', 'MiB/s', 0.9, DOWNLOAD_METHOD),
        baselineIs: 'raw GetObject streamed to a file',
        rounds: rounds.download,
        app: speeds.download.app,
        raw: speeds.download.raw,
        details,
      }),
      throughputResult({
        ...common('upload-1gib', 'MiB/s', 0.9, UPLOAD_METHOD),
        baselineIs: 'raw lib-storage Upload',
        rounds: rounds.upload,
        app: speeds.upload.app,
        raw: speeds.upload.raw,
        details,
      }),
      limitResult({
        name: 'transfer-peak-rss-mib',
        unit: 'MiB',
        method: RSS_METHOD,
        value: Math.max(...peaks.app.upload, ...peaks.app.download),
        limit: RSS_LIMIT_MIB,
        rounds: rounds.rss,
        details: {
          ...details,
          appPeakMib: { upload: round(Math.max(...peaks.app.upload), 1), download: round(Math.max(...peaks.app.download), 1) },
          rawPeakMib: { upload: round(Math.max(...peaks.raw.upload), 1), download: round(Math.max(...peaks.raw.download), 1) },
          idleMib: [round(Math.min(...idle), 1), round(Math.max(...idle), 1)],
        },
      }),
    ];
  } catch (error) {
    const message = describeFailure(error);
    log(`transfers failed: ${message}`);
    return [
      failedResult({ ...common('download-1gib', 'MiB/s', 0.9, DOWNLOAD_METHOD), kind: 'relative', rounds: rounds.download, error: message }),
      failedResult({ ...common('upload-1gib', 'MiB/s', 0.9, UPLOAD_METHOD), kind: 'relative', rounds: rounds.upload, error: message }),
      failedResult({ ...common('transfer-peak-rss-mib', 'MiB', 1, RSS_METHOD), kind: 'absolute', rounds: rounds.rss, error: message }),
    ];
  } finally {
    await session.raw
      .send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: [sourceKey, uploadKeys.app, uploadKeys.raw].map((Key) => ({ Key })), Quiet: true },
        }),
      )
      .catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}
