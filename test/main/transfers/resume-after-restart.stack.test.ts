import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import type { TransferJob } from '../../../common/ipc';
import { TransferJournal, type JournalJob } from '../../../main/transfers/transfer-journal';
import { TransferService, type TransferServiceOptions } from '../../../main/transfers/transfer-service';
import { UploadRegistry } from '../../../main/transfers/upload-registry';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

const MIB = 1024 * 1024;

/**
 * Transfers that survive a restart: the app quits mid-transfer (its queue
 * written to the journal, its work stopped but kept), and the next launch —
 * a new TransferService on the same journal and upload registry, as after a
 * restart — offers the transfer as interrupted. Resumed, only what is
 * missing moves: a download's missing ranges (Range + If-Match), an
 * upload's missing parts (from ListParts, by the UploadId the app kept).
 */
describe('transfers resumed after a restart', () => {
  let env: SignedInStack;
  let run = 0;
  let watchers = 0;
  const services: TransferService[] = [];
  const controls = () => env.stack.emulator.controls;

  /** One launch of the app: a TransferService on the given data folder's journal and registry. */
  const launch = (dataDir: string, options: Partial<TransferServiceOptions> = {}) => {
    const service = new TransferService({
      clients: env.services.clients,
      dialogs: { chooseDownloadFolder: async () => join(dataDir, 'downloads'), chooseUploadSources: async () => null },
      reveal: () => undefined,
      journal: new TransferJournal({ path: join(dataDir, 'transfers.json') }),
      uploadRegistry: new UploadRegistry({ path: join(dataDir, 'uploads.json') }),
      // Always parallel ranges (never the one-stream path a fast link would pick), so a slow GET leaves time to quit mid-way.
      ranged: { threshold: 2 * MIB, chunkSize: MIB, streams: 2, fastStream: Number.POSITIVE_INFINITY },
      partSizeBytes: 5 * MIB,
      queueSize: 1,
      ...options,
    });
    services.push(service);
    return service;
  };
  const freshDataDir = () => {
    const dir = join(env.dir, `launch-${++run}`);
    mkdirSync(join(dir, 'downloads'), { recursive: true });
    return dir;
  };
  const journal = (dataDir: string): JournalJob[] => {
    const path = join(dataDir, 'transfers.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { jobs: JournalJob[] }).jobs : [];
  };
  const settled = async (service: TransferService, id: string): Promise<TransferJob> => {
    await expect.poll(() => service.list().find((job) => job.id === id)?.status, { timeout: 60_000, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
    await service.whenIdle();
    return service.list().find((job) => job.id === id)!;
  };
  /**
   * The requests the app sends from now on, one per HTTP attempt: "UploadPart", or "GetObject bytes=0-1" with
   * its range. Counted at the client, not by the emulator's counters: a request the first launch sent just
   * before it quit can reach the in-process emulator after its counters were reset (seen on a busy machine: a
   * range asked 3 ms before quitting was counted 6 ms after the reset).
   */
  const sentFromNow = () => {
    const sent: string[] = [];
    const name = `sent-from-now-${++watchers}`;
    const { s3 } = env.services.clients.client();
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const range = (args.input as { Range?: string }).Range;
        sent.push(`${String(context.commandName).replace(/Command$/, '')}${range ? ` ${range}` : ''}`);
        return next(args);
      },
      // The deserialize step runs once per attempt (inside the SDK's retries).
      { step: 'deserialize', name },
    );
    return { sent, stop: () => s3.middlewareStack.remove(name) };
  };
  const count = (sent: string[], operation: string) => sent.filter((request) => request.split(' ')[0] === operation).length;
  /** The next launch: signs the same identity in (the clean-up runs), and finds the interrupted transfer. */
  const nextLaunch = async (dataDir: string) => {
    const service = launch(dataDir);
    await service.cleanUpAbandonedUploads();
    const [interrupted, ...others] = service.list();
    expect(others).toEqual([]);
    expect(interrupted).toMatchObject({ status: 'interrupted', retryable: true });
    return { service, interrupted: interrupted! };
  };

  beforeAll(async () => {
    env = await startSignedInStack('resume-restart');
  });
  afterAll(async () => {
    for (const service of services) service.dispose();
    await env?.close();
  });

  it('a download continues from its temp file: only the missing ranges are asked for, and the file is byte-identical', async () => {
    const dataDir = freshDataDir();
    const key = `${env.home}restart/film.bin`;
    const content = randomBytes(12 * MIB);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key, Body: content }));
    // A second per range: the journal (written a second after a change) shows ranges on disk long before the last one.
    controls().faults.add({ operation: 'GetObject', kind: 'latency', latencyMs: 1000 });

    const first = launch(dataDir);
    const started = await first.download({ bucket: PRIVATE_BUCKET, keys: [key], prefixes: [], basePrefix: `${env.home}restart/` });
    if (started.status !== 'started') throw new Error('the download did not start');
    // Quit once some ranges are on disk (the journal says which).
    await expect
      .poll(() => journal(dataDir)[0]?.files[0]?.checkpoint, { timeout: 30_000, interval: 20 })
      .toMatchObject({ kind: 'download', reached: { size: 12 * MIB, done: expect.arrayContaining([expect.any(Number)]) } });
    first.dispose();
    await first.whenIdle();
    const [saved] = journal(dataDir);
    const kept = saved!.files[0]!.checkpoint!;
    if (kept.kind !== 'download') throw new Error('not a download checkpoint');
    expect(existsSync(kept.temp)).toBe(true);

    controls().faults.clear();
    const requests = sentFromNow();
    const { service, interrupted } = await nextLaunch(dataDir);
    expect(interrupted).toMatchObject({ direction: 'download', filesTotal: 1, bytesTotal: 12 * MIB, bytesDone: kept.reached.done.length * MIB });
    const resumed = service.retry(interrupted.id);
    expect(await settled(service, resumed.id)).toMatchObject({ status: 'done', filesDone: 1, bytesDone: 12 * MIB, error: null });
    requests.stop();
    expect(readFileSync(join(dataDir, 'downloads', 'film.bin')).equals(content)).toBe(true);
    expect(readdirSync(join(dataDir, 'downloads'))).toEqual(['film.bin']);
    // One GET per missing range, none for the ranges already on disk.
    const missing = Array.from({ length: 12 }, (_, index) => index).filter((index) => !kept.reached.done.includes(index));
    const lastByte = (index: number) => (index === 11 ? '' : String((index + 1) * MIB - 1));
    expect(requests.sent.filter((request) => request.startsWith('GetObject')).sort()).toEqual(
      missing.map((index) => `GetObject bytes=${index * MIB}-${lastByte(index)}`).sort(),
    );
    // Written a moment after the last change: nothing is left to resume.
    await expect.poll(() => journal(dataDir), { timeout: 10_000, interval: 20 }).toEqual([]);
  });

  it('an upload continues its multipart upload: only the parts ListParts does not show are sent, then it completes', async () => {
    const dataDir = freshDataDir();
    const file = join(dataDir, 'archive.tar');
    const content = randomBytes(22 * MIB); // five parts of 5 MiB, the last 2 MiB
    writeFileSync(file, content);
    const prefix = `${env.home}restart-up/`;
    controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 400 });

    const first = launch(dataDir);
    const plan = await first.planUpload({ bucket: PRIVATE_BUCKET, prefix, paths: [file] });
    first.startUpload({ planId: plan.planId, existing: 'replace' });
    // Quit once two parts are on S3 and the journal knows the UploadId.
    await expect.poll(() => controls().callCounts().UploadPart ?? 0, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => journal(dataDir)[0]?.files[0]?.checkpoint?.kind, { timeout: 10_000, interval: 20 }).toBe('upload');
    first.dispose();
    await first.whenIdle();
    const uploadId = env.stack.emulator.uploads.list(PRIVATE_BUCKET, `${prefix}archive.tar`).map((upload) => upload.uploadId);
    expect(uploadId).toHaveLength(1);
    const partsOnS3 = env.stack.emulator.uploads.parts(uploadId[0]!).length;
    expect(partsOnS3).toBeGreaterThanOrEqual(2);

    controls().faults.clear();
    const requests = sentFromNow();
    const { service, interrupted } = await nextLaunch(dataDir);
    // Signing in did not abort it: it waits for the user's answer.
    expect(count(requests.sent, 'AbortMultipartUpload')).toBe(0);
    const resumed = service.retry(interrupted.id);
    expect(await settled(service, resumed.id)).toMatchObject({ status: 'done', filesDone: 1, bytesDone: content.length, error: null });
    requests.stop();
    expect(count(requests.sent, 'ListParts')).toBe(1);
    expect(count(requests.sent, 'UploadPart')).toBe(5 - partsOnS3);
    expect(count(requests.sent, 'CompleteMultipartUpload')).toBe(1);
    expect(count(requests.sent, 'CreateMultipartUpload')).toBe(0);
    expect(count(requests.sent, 'ListMultipartUploads')).toBe(0);
    const object = await env.s3().send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${prefix}archive.tar` }));
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(content)).toBe(true);
    // Written a moment after the last change: nothing is left to resume.
    await expect.poll(() => journal(dataDir), { timeout: 10_000, interval: 20 }).toEqual([]);
  });

  it('discarded, an interrupted upload is aborted and a download’s temp file removed; the journal holds no secret', async () => {
    const dataDir = freshDataDir();
    const file = join(dataDir, 'video.mov');
    writeFileSync(file, randomBytes(12 * MIB));
    const prefix = `${env.home}restart-discard/`;
    controls().faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 400 });
    const first = launch(dataDir);
    const plan = await first.planUpload({ bucket: PRIVATE_BUCKET, prefix, paths: [file] });
    first.startUpload({ planId: plan.planId, existing: 'replace' });
    await expect.poll(() => journal(dataDir)[0]?.files[0]?.checkpoint?.kind, { timeout: 30_000, interval: 20 }).toBe('upload');
    first.dispose();
    await first.whenIdle();

    // Nothing secret on disk: no token, key, secret or session token the stack issued, and no password.
    const text = readFileSync(join(dataDir, 'transfers.json'), 'utf8');
    for (const secret of [...env.stack.emulator.issuedSecrets(), env.stack.info.demoUser.password]) expect(text).not.toContain(secret);

    controls().faults.clear();
    controls().resetStats();
    const { service, interrupted } = await nextLaunch(dataDir);
    expect(service.cancel(interrupted.id)).toMatchObject({ status: 'cancelled', retryable: false });
    await service.whenIdle();
    expect(service.list()).toEqual([]);
    expect(controls().callCounts().AbortMultipartUpload).toBe(1);
    expect(await env.openMultipartUploads(prefix)).toEqual([]);
    await expect.poll(() => journal(dataDir), { timeout: 10_000, interval: 20 }).toEqual([]);
  });
});
