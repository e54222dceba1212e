import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { TransferService, type TransferServiceOptions } from '../../../main/transfers/transfer-service';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

const MIB = 1024 * 1024;

/**
 * Downloads over a connection that drops, stalls, or sleeps for two hours,
 * and S3 answering SlowDown or 500, against the local stack with its
 * injected faults. Whatever happens, the file either arrives byte for byte
 * or fails in plain words leaving nothing behind — never a file stitched
 * from two versions, never a silent stall.
 */
describe('downloads that resume', () => {
  let env: SignedInStack;
  /** The stack's request log: one line per call (devstack/README.md). */
  const requests: string[] = [];
  let content: Buffer;
  let folders = 0;
  let chosen = '';
  /** The app's wall clock runs this far ahead (a computer that slept). */
  let clockOffsetMs = 0;
  const services: TransferService[] = [];

  const key = () => `${env.home}resume/movie.bin`;
  const controls = () => env.stack.emulator.controls;
  const gets = () => requests.filter((line) => line.startsWith('aws GetObject ')).map((line) => line.replace(/ \d+ms$/, ''));
  /** Where each ranged GetObject started: the bytes the download already had. */
  const resumedFrom = () => gets().flatMap((line) => (/bytes=(\d+)-/.exec(line) ? [Number(/bytes=(\d+)-/.exec(line)![1])] : []));
  /** Each of `values` within its [low, high] (one pair for a single value). */
  const expectWithin = (values: number[], bounds: [number, number] | Array<[number, number]>) => {
    const each = typeof bounds[0] === 'number' ? [bounds as [number, number]] : (bounds as Array<[number, number]>);
    expect(values).toHaveLength(each.length);
    values.forEach((value, i) => {
      expect(value).toBeGreaterThanOrEqual(each[i]![0]);
      expect(value).toBeLessThanOrEqual(each[i]![1]);
    });
  };
  const service = (options: Partial<TransferServiceOptions> = {}) => {
    const created = new TransferService({
      clients: env.services.clients,
      dialogs: { chooseDownloadFolder: async () => chosen, chooseUploadSources: async () => null },
      reveal: () => undefined,
      now: () => Date.now() + clockOffsetMs,
      ...options,
      downloadResume: { firstDelayMs: 10, ...options.downloadResume },
    });
    services.push(created);
    return created;
  };
  const freshFolder = () => {
    chosen = join(env.dir, `resume-${++folders}`);
    mkdirSync(chosen);
    return chosen;
  };
  /** Downloads the big object with `transfers`; answers the finished job. */
  const download = async (transfers: TransferService, whileRunning?: () => Promise<void>) => {
    const started = await transfers.download({ bucket: PRIVATE_BUCKET, keys: [key()], prefixes: [], basePrefix: env.home });
    if (started.status !== 'started') throw new Error('the download did not start');
    const job = () => transfers.list().find((candidate) => candidate.id === started.job.id)!;
    await whileRunning?.();
    await expect.poll(() => job().status, { timeout: 30_000, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
    await transfers.whenIdle();
    return job();
  };
  /** The temp file of the download running in `folder`, once it holds `bytes`. */
  const partHolds = async (folder: string, bytes: number) => {
    const dir = join(folder, 'resume');
    await expect
      .poll(() => readdirSync(dir).filter((name) => name.endsWith('.part') && statSync(join(dir, name)).size === bytes), { timeout: 10_000, interval: 10 })
      .toHaveLength(1);
  };
  const arrivedWhole = (folder: string) => {
    expect(readdirSync(join(folder, 'resume'))).toEqual(['movie.bin']);
    expect(readFileSync(join(folder, 'resume', 'movie.bin')).equals(content)).toBe(true);
  };

  beforeAll(async () => {
    env = await startSignedInStack('resume', { log: (line) => requests.push(line) });
    content = randomBytes(6 * MIB);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key(), Body: content }));
  });
  afterEach(() => {
    controls().faults.clear();
    controls().resetStats();
    requests.length = 0;
  });
  afterAll(async () => {
    for (const transfers of services) transfers.dispose();
    await env?.close();
  });

  it('a connection dropped mid-download → it continues with Range from the bytes it has, and the file is byte-identical', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'drop', afterBytes: 2 * MIB, count: 1 });
    const done = await download(service());
    expect(done).toMatchObject({ status: 'done', filesDone: 1, filesFailed: 0, bytesDone: 6 * MIB, error: null });
    arrivedWhole(folder);
    // The first answer broke off after 2 MiB; the second asked for the rest from what had arrived, not the whole object again.
    expect(gets()).toEqual(['aws GetObject 200 cut off', expect.stringMatching(/^aws GetObject 206 bytes=\d+-$/)]);
    expectWithin(resumedFrom(), [1, 2 * MIB]);
  });

  it('dropped again and again → each attempt asks from where the last one stopped', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'drop', afterBytes: MIB, count: 3 });
    expect(await download(service())).toMatchObject({ status: 'done', bytesDone: 6 * MIB });
    arrivedWhole(folder);
    expect(gets().map((line) => line.replace(/bytes=\d+-/, 'bytes=N-'))).toEqual([
      'aws GetObject 200 cut off',
      'aws GetObject 206 cut off bytes=N-',
      'aws GetObject 206 cut off bytes=N-',
      'aws GetObject 206 bytes=N-',
    ]);
    // Each attempt takes up where the one before stopped: never from 0, never more than one cut's worth further.
    const starts = resumedFrom();
    expectWithin(
      starts.map((start, i) => start - (starts[i - 1] ?? 0)),
      starts.map((): [number, number] => [1, MIB]),
    );
  });

  it('a connection that breaks before any byte, every time → after a few attempts, a plain failure and no temp file', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'drop', afterBytes: 0 });
    const failed = await download(service({ downloadResume: { maxAttempts: 3 } }));
    expect(failed).toMatchObject({
      status: 'failed',
      filesFailed: 1,
      bytesDone: 0,
      retryable: true,
      error: { code: 'network_error', message: expect.stringMatching(/^Could not reach Amazon S3 to download s3:\/\/.+\/resume\/movie\.bin\. Check your network connection and try again\.$/) },
    });
    // Three attempts, each of which the SDK itself makes three times; then it stops.
    expect(gets()).toEqual(Array.from({ length: 9 }, () => 'aws GetObject 200 cut off'));
    expect(readdirSync(folder)).toEqual([]);
  });

  it('the object is replaced while the download is resuming → never stitched from two versions: it starts over and gets the new one whole', async () => {
    const folder = freshFolder();
    const transfers = service();
    controls().faults.add({ operation: 'GetObject', kind: 'hang', afterBytes: MIB, count: 1 });
    const replacement = randomBytes(5 * MIB);
    try {
      const done = await download(transfers, async () => {
        await partHolds(folder, MIB);
        await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key(), Body: replacement }));
        // A minute without a byte, by the wall clock: the stalled attempt is given up and the rest asked for, If-Match the first ETag.
        clockOffsetMs += 61_000;
      });
      expect(done).toMatchObject({ status: 'done', filesDone: 1, error: null });
      // The rest was asked of the first version (S3 refused: 412); the new version was then fetched whole, from byte 0.
      expect(gets()).toEqual(['aws GetObject 200 cut off', expect.stringMatching(/^aws GetObject 412 bytes=\d+-$/), 'aws GetObject 200']);
      expectWithin(resumedFrom(), [1, MIB]);
      expect(readdirSync(join(folder, 'resume'))).toEqual(['movie.bin']);
      expect(readFileSync(join(folder, 'resume', 'movie.bin')).equals(replacement)).toBe(true);
    } finally {
      await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key(), Body: content }));
    }
  });

  it('S3 answers SlowDown (503) twice → the SDK retries; the file is byte-identical', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'throttle', count: 2 });
    expect(await download(service())).toMatchObject({ status: 'done', bytesDone: 6 * MIB });
    arrivedWhole(folder);
    expect(gets()).toEqual(['aws GetObject 503', 'aws GetObject 503', 'aws GetObject 200']);
  });

  it('S3 answers 500 more often than the SDK retries → the download tries again after a pause and completes', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'error', count: 4 });
    expect(await download(service())).toMatchObject({ status: 'done', bytesDone: 6 * MIB });
    arrivedWhole(folder);
    expect(gets()).toEqual(['aws GetObject 500', 'aws GetObject 500', 'aws GetObject 500', 'aws GetObject 500', 'aws GetObject 200']);
  });

  it('a stalled socket (no byte for the read-idle timeout) → the attempt is given up and resumed with Range; never a silent stall', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'hang', afterBytes: 2 * MIB, count: 1 });
    const done = await download(service({ downloadResume: { readIdleTimeoutMs: 1_000 } }));
    expect(done).toMatchObject({ status: 'done', bytesDone: 6 * MIB, error: null });
    arrivedWhole(folder);
    // On a busy machine a healthy answer may also pause past the short timeout and be resumed once more:
    // what must hold is that the stalled one was given up and every later attempt asked for the rest only.
    const [first, ...resumed] = gets();
    expect(first).toBe('aws GetObject 200 cut off');
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    for (const line of resumed) expect(line).toMatch(/^aws GetObject 206 (cut off )?bytes=\d+-$/);
    expect(resumed.at(-1)).toMatch(/^aws GetObject 206 bytes=\d+-$/);
    expect(resumedFrom()[0]).toBeGreaterThanOrEqual(1);
    expect(resumedFrom()[0]).toBeLessThanOrEqual(2 * MIB);
  });

  it('the computer sleeps two hours mid-download → on waking the dead socket is dropped, token and credentials renewed, and it resumes', async () => {
    const folder = freshFolder();
    controls().faults.add({ operation: 'GetObject', kind: 'hang', afterBytes: 3 * MIB, count: 1 });
    try {
      const done = await download(service(), async () => {
        await partHolds(folder, 3 * MIB);
        controls().resetStats();
        // Two hours pass for everyone: the app's clock, AWS's, and the token and credentials both go stale.
        clockOffsetMs += 2 * 3600_000;
        env.setClockOffset(clockOffsetMs);
        controls().clock.setOffsetSeconds(clockOffsetMs / 1000);
      });
      expect(done).toMatchObject({ status: 'done', bytesDone: 6 * MIB, error: null });
      arrivedWhole(folder);
      expect(gets()[0]).toBe('aws GetObject 200 cut off');
      expect(gets().at(-1)).toMatch(/^aws GetObject 206 bytes=\d+-$/);
      // (Before it, AWS may have answered RequestTimeTooSkewed once, for the SDK to learn AWS's jumped clock.)
      expectWithin(resumedFrom().slice(-1), [1, 3 * MIB]);
      // One refresh of the OpenID token through the backend, one new set of credentials.
      expect(requests.filter((line) => line.startsWith('POST /v1/auth/refresh 200'))).toHaveLength(1);
      expect(controls().callCounts().GetCredentialsForIdentity).toBe(1);
    } finally {
      clockOffsetMs = 0;
      env.setClockOffset(0);
      controls().clock.setOffsetSeconds(0);
    }
  });
});
