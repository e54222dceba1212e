import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SMALL_FILE_KIB, type BenchName } from './bench-options';
import type { BenchSession } from './bench-session';
import { forkScript, type BenchStack } from './bench-stack';
import { flushDirtyPages } from './quiet-machine';
import { CLI_PEERS, currentCredentials, runPeer, type CliTools, type PeerAction } from './peers';
import { describeFailure, failedResult, limitResult, NO_PEERS, PEERS, round, type BenchResult, type NetworkProfile, type Peer, type PeerFigures } from './report';
import { measureTools, TOOLS, type Tool, type ToolRun } from './rounds';
import { appConcurrentFiles, checkDownloadedFolder, pool, sampleOf, writeSmallFiles } from './small-files';
import type { TransferOutcome, TransferTask } from './transfer-child';

export type TransferWorkload = 'download-1gib' | 'upload-1gib' | 'download-small-files' | 'upload-small-files';

export interface TransferBenchOptions {
  profile: NetworkProfile;
  /** The workloads to run, in report order. */
  workloads: readonly TransferWorkload[];
  sizeMib: number;
  smallFiles: number;
  rounds: number;
  /** The peer CLIs (findCliTools). */
  tools: CliTools;
  log?: (line: string) => void;
}

const MIB = 1024 * 1024;

/**
 * The memory budget of the app's transfers: peak RSS of a process that signs
 * in and runs one transfer with TransferService. See RSS_BUDGET_WHY: the
 * number and its justification change together (when the app's transfer
 * concurrency does).
 */
export const RSS_LIMIT_MIB = 256;
export const RSS_BUDGET_WHY =
  `The limit, ${RSS_LIMIT_MIB} MiB, is 128 MiB for the process itself plus 128 MiB for what TransferService holds in flight at its busiest. ` +
  'A signed-in, idle process with the app’s services (Node 20, the AWS SDK, zod, the services) measures about 110–150 MiB here (idleMib in details: min and max over every run). ' +
  'An upload keeps one part buffer per part in flight and reuses them: 8 × 8 MiB = 64 MiB for a large file; the SDK’s request objects and ' +
  'the sockets’ send buffers add a fraction of that. A large download has 8 ranges in flight, each with at most 4 MiB waiting for the disk ' +
  '(32 MiB), usually far less since writes keep up. The queue runs at most two large files, or 16 small ones (16 KiB each here), at once. ' +
  'So ~100 MiB above idle is the design’s worst case, and 128 MiB leaves room for V8 freeing garbage lazily. ' +
  'What the budget rules out is memory that grows with the file or the number of files: a 1 GiB transfer buffered whole would need 1 GiB.';

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
  await flushDirtyPages();
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

const EVERY_RUN =
  'Every run of every tool is a fresh process. App and raw SDK: a child process that signs in, then is timed from the first call until ' +
  'the work is complete (its CPU time and peak RSS, the kernel’s VmHWM, in details); the app’s progress events are forwarded and structured-cloned as to the window. ' +
  'AWS CLI (Debian’s v2, its defaults) and rclone (its defaults, plus --s3-no-check-bucket): timed from spawn to exit, so their start-up counts ' +
  '(as it does for whoever runs them; the app is already running when someone drags a file in), peak RSS and CPU from GNU time (%M, %U + %S). ' +
  'The CLIs get the bench session’s temporary credentials, re-read before each run, in an environment without this machine’s AWS_*/RCLONE_* settings ' +
  '(the AWS CLI with empty config and credentials files of its own; rclone with an on-the-fly remote: provider Other, path style, ListObjectsV2, and an empty config file). ' +
  'Each round runs every tool once, the order rotated round to round; sync before every run, so dirty pages of earlier runs are not written back during it. ' +
  'Medians in seconds. The stack runs in its own process, its garbage collected on its main thread only (parallel GC helpers cost it about 2 s of CPU per GiB served on two cores, taken from the client measured; bench-stack.ts); under wan every client goes through its shaping proxy.';

const DOWNLOAD_METHOD =
  'One object of random bytes (details.sizeMib; 1 GiB for the budget) downloaded to a fresh local folder. ' +
  'App: TransferService.download into a chosen folder (the native dialog answered by the harness), until the job is done. ' +
  'Raw SDK: GetObject with a plain S3Client piped to a file. AWS CLI: `aws s3 cp s3://… file`. rclone: `rclone copyto desk:… file`. ' +
  'Every downloaded file is checked against the source’s SHA-256 (outside the timing). ' +
  EVERY_RUN;

const UPLOAD_METHOD =
  'The same file uploaded into the demo user’s home prefix in desk-private, a key of its own per tool. ' +
  'App: TransferService.planUpload then startUpload (replace), until the job is done. ' +
  'Raw SDK: lib-storage’s Upload with its defaults (5 MiB parts, 4 in flight) reading a file stream. AWS CLI: `aws s3 cp file s3://…`. rclone: `rclone copyto file desk:…`. ' +
  'The emulator verifies every part’s checksum; each uploaded object’s size is checked with HeadObject (outside the timing), then it is deleted. ' +
  EVERY_RUN;

const SMALL_DOWNLOAD_METHOD =
  `A folder of small objects (details.files, ${SMALL_FILE_KIB} KiB of random bytes each) downloaded into a fresh local folder. ` +
  'App: TransferService.download of the folder (a DownloadRequest with prefixes: [folder], browsing its parent), until the job is done. ' +
  'Raw SDK: ListObjectsV2 pages, then GetObject per key streamed to its file, with as many files at once as the app moves (details.concurrentFiles, read from the app’s transfer settings). ' +
  'AWS CLI: `aws s3 cp --recursive` (not `sync`: the destination is empty, so sync would only add a listing of it; cp is what copies a folder). rclone: `rclone copy desk:…/folder dir`. ' +
  'The source was seeded through the emulator’s unshaped endpoint (not measured). Every download is checked outside the timing: file count, total bytes, and the bytes of a sample of files. ' +
  EVERY_RUN;

const SMALL_UPLOAD_METHOD =
  'The same local folder uploaded into the demo user’s home prefix, a fresh folder per tool and round. ' +
  'App: TransferService.planUpload of the local folder, then startUpload (replace), until the job is done. ' +
  'Raw SDK: PutObject per file with a pool as wide as the app’s (details.concurrentFiles). AWS CLI: `aws s3 cp --recursive dir s3://…` (see download). rclone: `rclone copy dir desk:…`. ' +
  'Checked outside the timing: object count and total bytes (ListObjectsV2), and the bytes of a sample; then deleted. ' +
  EVERY_RUN;

const RSS_METHOD =
  'Peak resident memory of the child process that ran each of the app’s transfers (the kernel’s high-water mark of its own memory, VmHWM — not getrusage’s maxrss, which Linux carries across exec from the forking bench process; ' +
  'so short spikes between samples count too), over every transfer workload that ran in this profile; the process does nothing else but sign in. ' +
  'The peer columns are each tool’s peak over the same runs (the CLIs’ from GNU time), for comparison; only the app’s is judged. ';

const NAMES: Record<TransferWorkload, { method: string }> = {
  'download-1gib': { method: DOWNLOAD_METHOD },
  'upload-1gib': { method: UPLOAD_METHOD },
  'download-small-files': { method: SMALL_DOWNLOAD_METHOD },
  'upload-small-files': { method: SMALL_UPLOAD_METHOD },
};

/** Sample of files whose bytes are compared after a small-files run. */
const SAMPLE = 16;

/**
 * The transfer workloads of one profile (each every tool, every round, a
 * fresh process), then transfer-peak-rss-mib from the same runs. Results are
 * named by workload; run-bench.ts adds the profile.
 */
export async function benchTransfers(session: BenchSession, stack: BenchStack, options: TransferBenchOptions): Promise<BenchResult[]> {
  const log = options.log ?? (() => {});
  const { profile } = options;
  const work = join(stack.scratch, `transfers-${profile}`);
  mkdirSync(work, { recursive: true });
  const { bucket } = session.home;
  const folder = `${session.home.prefix}s3desk-bench/`;
  const credentials = () => currentCredentials(session);
  // Seeding only (never measured): the emulator's own endpoint, no shaping.
  const direct = new S3Client({ region: session.info.region, endpoint: stack.directAwsEndpoint, forcePathStyle: true, credentials });
  // Checks after each run, through the endpoint every tool used; credentials as the app holds them, refreshed.
  const checker = new S3Client({ region: session.info.region, endpoint: session.info.awsEndpoint, forcePathStyle: true, credentials });
  const missing: Partial<Record<Peer, string>> = {};
  const available: Tool[] = ['app', 'raw-sdk'];
  for (const peer of CLI_PEERS) {
    const tool = options.tools[peer];
    if ('missing' in tool) missing[peer] = tool.missing;
    else available.push(peer);
  }
  const results: BenchResult[] = [];
  const peaks: Partial<Record<Tool, number[]>> = {};
  const idle: number[] = [];
  const peakRounds: Array<Record<string, number>> = [];
  const child = (side: 'app' | 'raw', direction: 'upload' | 'download', kind: 'file' | 'folder', local: string, key: string): TransferTask => ({
    info: session.info,
    scratch: join(work, 'settings'),
    side,
    direction,
    kind,
    bucket,
    key,
    local,
  });
  const childRun = (outcome: TransferOutcome): ToolRun => {
    idle.push(outcome.idleRssMib);
    return { seconds: outcome.seconds, peakRssMib: outcome.peakRssMib, cpuSeconds: outcome.cpuSeconds };
  };
  const peerRun = async (peer: Peer, action: PeerAction): Promise<ToolRun> => {
    await flushDirtyPages();
    const outcome = await runPeer(peer as 'aws-cli' | 'rclone', options.tools, action, { session, scratch: join(work, 'peers') });
    return { seconds: outcome.seconds, peakRssMib: outcome.peakRssMib, cpuSeconds: outcome.cpuSeconds };
  };
  const measure = async (name: TransferWorkload, details: Record<string, unknown>, run: (tool: Tool, round: number) => Promise<ToolRun>) => {
    const { result, figures } = await measureTools({ name, profile, method: NAMES[name].method, rounds: options.rounds, tools: available, missing, run, log, details });
    for (const tool of TOOLS) {
      for (const peak of figures.peaks[tool] ?? []) {
        (peaks[tool] ??= []).push(peak);
        peakRounds.push({ [`${tool}-${name}`]: peak });
      }
    }
    results.push(result);
  };
  const wants = (name: TransferWorkload) => options.workloads.includes(name);

  try {
    if (wants('download-1gib') || wants('upload-1gib')) {
      const source = join(work, 'source.bin');
      const sourceKey = `${folder}download-source.bin`;
      const size = options.sizeMib * MIB;
      const details = { sizeMib: options.sizeMib };
      log(`${profile}/transfers: writing ${options.sizeMib} MiB of random bytes`);
      const sourceHash = writeRandomFile(source, options.sizeMib);
      try {
        if (wants('download-1gib')) {
          log(`${profile}/transfers: uploading the download source (not measured)`);
          await new Upload({ client: direct, params: { Bucket: bucket, Key: sourceKey, Body: createReadStream(source) }, queueSize: 8 }).done();
          await measure('download-1gib', details, async (tool) => {
            const into = mkdtempSync(join(work, `download-${tool}-`));
            try {
              let run: ToolRun;
              let path = join(into, 'source.bin');
              if (tool === 'app' || tool === 'raw-sdk') {
                const outcome = await runChild(child(tool === 'app' ? 'app' : 'raw', 'download', 'file', into, sourceKey));
                path = outcome.path ?? path;
                run = childRun(outcome);
              } else {
                run = await peerRun(tool, { kind: 'download-file', bucket, key: sourceKey, path });
              }
              if ((await sha256(path).catch(() => 'missing')) !== sourceHash) throw new Error(`the ${tool} download does not match the source's SHA-256`);
              return run;
            } finally {
              rmSync(into, { recursive: true, force: true });
            }
          });
        }
        if (wants('upload-1gib')) {
          await measure('upload-1gib', details, async (tool, r) => {
            // The app names an uploaded object after its file: each tool and round gets a folder of its own.
            const key = `${folder}upload-1gib/${tool}-${r}/source.bin`;
            try {
              const run =
                tool === 'app' || tool === 'raw-sdk'
                  ? childRun(await runChild(child(tool === 'app' ? 'app' : 'raw', 'upload', 'file', source, key)))
                  : await peerRun(tool, { kind: 'upload-file', path: source, bucket, key });
              const head = await checker.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
              if (head.ContentLength !== size) throw new Error(`the ${tool} upload left ${head.ContentLength} bytes, not ${size}`);
              return run;
            } finally {
              await deleteKeys(direct, bucket, [key]);
            }
          });
        }
      } finally {
        rmSync(source, { force: true });
        await deleteKeys(direct, bucket, [sourceKey]);
      }
    }

    if (wants('download-small-files') || wants('upload-small-files')) {
      const fileBytes = SMALL_FILE_KIB * 1024;
      // The local folder's name is the folder every tool creates (the app names it after the local folder).
      const local = join(work, 'small', 'small-files');
      const sourcePrefix = `${folder}small-files-source/small-files/`;
      const expected = { files: options.smallFiles, bytes: options.smallFiles * fileBytes, sample: SAMPLE };
      const details = { files: options.smallFiles, fileKib: SMALL_FILE_KIB, concurrentFiles: appConcurrentFiles() };
      log(`${profile}/transfers: writing ${options.smallFiles} files of ${SMALL_FILE_KIB} KiB`);
      const names = writeSmallFiles(local, options.smallFiles, fileBytes);
      try {
        if (wants('download-small-files')) {
          log(`${profile}/transfers: uploading the small files' download source (not measured)`);
          await pool(names, 32, async (name) => {
            await direct.send(new PutObjectCommand({ Bucket: bucket, Key: `${sourcePrefix}${name}`, Body: readFileSync(join(local, name)) }));
          });
          await measure('download-small-files', details, async (tool) => {
            const into = mkdtempSync(join(work, `download-small-${tool}-`));
            const landed = join(into, 'small-files');
            try {
              let run: ToolRun;
              if (tool === 'app' || tool === 'raw-sdk') {
                run = childRun(await runChild(child(tool === 'app' ? 'app' : 'raw', 'download', 'folder', into, sourcePrefix)));
              } else {
                run = await peerRun(tool, { kind: 'download-folder', bucket, prefix: sourcePrefix, dir: landed });
              }
              await checkDownloadedFolder(local, landed, expected);
              return run;
            } finally {
              rmSync(into, { recursive: true, force: true });
            }
          });
        }
        if (wants('upload-small-files')) {
          await measure('upload-small-files', details, async (tool, r) => {
            const destination = `${folder}upload-small/${tool}-${r}/`;
            const landed = `${destination}small-files/`;
            try {
              const run =
                tool === 'app' || tool === 'raw-sdk'
                  ? childRun(await runChild(child(tool === 'app' ? 'app' : 'raw', 'upload', 'folder', local, destination)))
                  : await peerRun(tool, { kind: 'upload-folder', dir: local, bucket, prefix: landed });
              await checkUploadedFolder(checker, bucket, landed, local, names, expected);
              return run;
            } finally {
              await deletePrefix(direct, bucket, destination);
            }
          });
        }
      } finally {
        rmSync(join(work, 'small'), { recursive: true, force: true });
        await deletePrefix(direct, bucket, `${folder}small-files-source/`);
      }
    }

    const appPeaks = peaks.app ?? [];
    const peerPeaks: PeerFigures = { ...NO_PEERS };
    for (const peer of PEERS) if (peaks[peer]?.length) peerPeaks[peer] = round(Math.max(...peaks[peer]!), 1);
    const rssMethod = RSS_METHOD + RSS_BUDGET_WHY;
    results.push(
      appPeaks.length === 0
        ? failedResult({ name: 'transfer-peak-rss-mib', unit: 'MiB', budget: 1, kind: 'absolute', method: rssMethod, rounds: peakRounds, error: 'no transfer of the app finished' })
        : limitResult({
            name: 'transfer-peak-rss-mib',
            unit: 'MiB',
            method: rssMethod,
            value: Math.max(...appPeaks),
            limit: RSS_LIMIT_MIB,
            peers: peerPeaks,
            rounds: peakRounds,
            details: {
              workloads: options.workloads,
              sizeMib: options.sizeMib,
              smallFiles: options.smallFiles,
              ...(idle.length > 0 ? { idleMib: [round(Math.min(...idle), 1), round(Math.max(...idle), 1)] } : {}),
              ...(Object.keys(missing).length > 0 ? { missing } : {}),
            },
          }),
    );
    return results;
  } catch (error) {
    // Setting up (writing files, seeding) failed: every workload not yet measured could not run.
    const message = describeFailure(error);
    log(`${profile}/transfers failed: ${message}`);
    const done = new Set(results.map((result) => result.name));
    for (const name of options.workloads) {
      if (!done.has(name)) results.push(failedResult({ name, unit: 's', budget: profile === 'wan' ? 1 : 0.9, kind: 'relative', method: NAMES[name].method, error: message }));
    }
    results.push(failedResult({ name: 'transfer-peak-rss-mib', unit: 'MiB', budget: 1, kind: 'absolute', method: RSS_METHOD + RSS_BUDGET_WHY, error: message }));
    return results;
  } finally {
    direct.destroy();
    checker.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The transfer workloads among the asked names, in report order. */
export function transferWorkloads(names: readonly BenchName[]): TransferWorkload[] {
  return (['download-1gib', 'upload-1gib', 'download-small-files', 'upload-small-files'] as const).filter((name) => names.includes(name));
}

/** Every key under `prefix` with its size. */
async function listAll(client: S3Client, bucket: string, prefix: string): Promise<Array<{ key: string; size: number }>> {
  const keys: Array<{ key: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) keys.push({ key: object.Key!, size: object.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** An uploaded folder holds exactly the local files: count, total bytes, and the bytes of a sample. */
async function checkUploadedFolder(
  client: S3Client,
  bucket: string,
  prefix: string,
  local: string,
  names: string[],
  expected: { files: number; bytes: number; sample: number },
): Promise<void> {
  const objects = await listAll(client, bucket, prefix);
  if (objects.length !== expected.files) throw new Error(`the upload left ${objects.length} objects, not ${expected.files}`);
  const bytes = objects.reduce((sum, object) => sum + object.size, 0);
  if (bytes !== expected.bytes) throw new Error(`the upload left ${bytes} bytes, not ${expected.bytes}`);
  for (const name of sampleOf(names, expected.sample)) {
    const reply = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${name}` }));
    const body = Buffer.from(await reply.Body!.transformToByteArray());
    if (!body.equals(readFileSync(join(local, name)))) throw new Error(`the uploaded ${name} differs from its file`);
  }
}

async function deleteKeys(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })).catch(() => undefined);
  }
}

async function deletePrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  const objects = await listAll(client, bucket, prefix).catch(() => []);
  await deleteKeys(
    client,
    bucket,
    objects.map((object) => object.key),
  );
}
