import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { StartDeleteRequest, TransferJob } from '../../../common/ipc';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { TransferService } from '../../../main/transfers/transfer-service';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/** Holds DeleteObjects calls when asked, so a test can act while one is in flight. */
interface DeleteGate {
  /** Hold every DeleteObjects call from this one on (1 = the first); null = hold none. */
  holdFrom: number | null;
  sent: number;
  /** Resolves once a call is held. */
  held: Promise<void>;
  release(): void;
}

function gateDeletes(env: SignedInStack): DeleteGate {
  let releaseHeld = () => {};
  let onHeld = () => {};
  const gate: DeleteGate = {
    holdFrom: null,
    sent: 0,
    held: Promise.resolve(),
    release: () => releaseHeld(),
  };
  const arm = () => {
    gate.held = new Promise((resolve) => (onHeld = resolve));
  };
  arm();
  env.s3().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DeleteObjectsCommand') return next(args);
      gate.sent += 1;
      if (gate.holdFrom !== null && gate.sent >= gate.holdFrom) {
        const released = new Promise<void>((resolve) => (releaseHeld = resolve));
        onHeld();
        await released;
        arm();
      }
      return next(args);
    },
    { step: 'initialize', name: 'testDeleteGate' },
  );
  return gate;
}

describe('deletes against the local stack', () => {
  let env: SignedInStack;
  let transfers: TransferService;
  let gate: DeleteGate;
  const events: TransferJob[][] = [];
  const calls = () => env.stack.emulator.controls.callCounts().DeleteObjects ?? 0;

  const job = (id: string) => transfers.list().find((candidate) => candidate.id === id)!;
  const finished = async (id: string) => {
    await expect.poll(() => job(id).status, { timeout: 30_000, interval: 20 }).toMatch(/^(done|failed|cancelled)$/);
    await transfers.whenIdle();
    return job(id);
  };
  const listKeys = async (bucket: string, prefix: string) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await env.s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  };
  /** `count` small objects under a fresh folder of the home prefix (a third of them one level deeper). */
  const folderOf = async (name: string, count: number) => {
    const folder = `${env.home}${name}/`;
    const keys = Array.from({ length: count }, (_, i) => `${folder}${i % 3 === 0 ? 'nested/' : ''}object-${String(i).padStart(5, '0')}.txt`);
    await env.bulkInsert(PRIVATE_BUCKET, keys);
    return folder;
  };
  const startDelete = (request: Omit<StartDeleteRequest, 'basePrefix'>) => transfers.startDelete({ basePrefix: env.home, ...request });

  beforeAll(async () => {
    env = await startSignedInStack('deletes');
    gate = gateDeletes(env);
    transfers = new TransferService({
      clients: env.services.clients,
      dialogs: { chooseDownloadFolder: async () => null, chooseUploadSources: async () => null },
      reveal: () => {},
    });
    transfers.onChanged((jobs) => events.push(jobs));
  });
  afterAll(async () => {
    transfers?.dispose();
    await env?.close();
  });

  it('deletes a folder of 3,500 objects (and its marker) in ceil(3,501 / 1,000) calls, reporting progress as it goes', async () => {
    const folder = await folderOf('bulk', 3_500);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: folder, Body: '', ContentLength: 0 }));
    env.stack.emulator.controls.resetStats();
    events.length = 0;

    const started = startDelete({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [folder], expectedCount: 3_500 });
    expect(started).toMatchObject({ direction: 'delete', status: 'running', filesTotal: 3_500, filesDone: 0, counting: true, bytesTotal: 0 });

    const end = await finished(started.id);
    expect(end).toMatchObject({ status: 'done', filesTotal: 3_500, filesDone: 3_500, filesFailed: 0, counting: false, error: null, label: 'bulk (3,500 objects)' });
    expect(calls()).toBe(4);
    expect(await listKeys(PRIVATE_BUCKET, folder)).toEqual([]);
    // Only what was selected went.
    expect(await listKeys(PRIVATE_BUCKET, `${env.home}welcome.txt`)).toEqual([`${env.home}welcome.txt`]);

    // An event after each batch: filesDone grows, and never goes back. The marker ("bulk/") sorts first and
    // goes in the first batch uncounted, so each full batch of 1,000 keys holds 999 objects before the last.
    const seen = events.map((jobs) => jobs.find((candidate) => candidate.id === started.id)?.filesDone ?? 0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen)).toEqual(new Set([0, 999, 1_999, 2_999, 3_500]));
  });

  it('cancelled mid-way: stops after the batch in flight, counts exactly what is gone, and a retry deletes the rest', async () => {
    const folder = await folderOf('cancel-me', 3_500);
    env.stack.emulator.controls.resetStats();
    gate.sent = 0;
    gate.holdFrom = 2;

    const started = startDelete({ bucket: PRIVATE_BUCKET, keys: [], prefixes: [folder], expectedCount: 3_500 });
    await gate.held;
    gate.holdFrom = null;
    expect(transfers.cancel(started.id)).toMatchObject({ status: 'cancelled', filesDone: 1_000 });
    gate.release();

    const cancelled = await finished(started.id);
    const left = await listKeys(PRIVATE_BUCKET, folder);
    expect(cancelled).toMatchObject({ status: 'cancelled', filesDone: 2_000, retryable: true });
    expect(left).toHaveLength(3_500 - cancelled.filesDone);
    expect(calls()).toBe(2);

    expect(transfers.retry(started.id).status).toBe('running');
    const retried = await finished(started.id);
    expect(retried).toMatchObject({ status: 'done', filesTotal: 3_500, filesDone: 3_500, filesFailed: 0 });
    expect(await listKeys(PRIVATE_BUCKET, folder)).toEqual([]);
    expect(calls()).toBe(4);
  });

  it('keys it may not delete count as failed, in plain words; the rest go, and a retry tries only what is left', async () => {
    const other = 'us-east-1:someone-else/notes.txt';
    const mine = [`${env.home}loose/a.txt`, `${env.home}loose/b.txt`];
    await env.bulkInsert(PRIVATE_BUCKET, [...mine, other]);

    const started = startDelete({ bucket: PRIVATE_BUCKET, keys: [...mine, other], prefixes: [] });
    const end = await finished(started.id);
    expect(end).toMatchObject({
      status: 'failed',
      filesTotal: 3,
      filesDone: 2,
      filesFailed: 1,
      retryable: true,
      error: { code: 'access_denied', message: `You don't have permission to delete s3://${PRIVATE_BUCKET}/${other}.` },
    });
    expect(await listKeys(PRIVATE_BUCKET, `${env.home}loose/`)).toEqual([]);
    expect(env.stack.emulator.objects.get(PRIVATE_BUCKET, other)).toBeTruthy();

    transfers.retry(started.id);
    // Still refused, and the keys already gone are neither sent nor counted again.
    expect(await finished(started.id)).toMatchObject({ status: 'failed', filesTotal: 3, filesDone: 2, filesFailed: 1 });
  });

  it('a read-only folder: every object fails, with why', async () => {
    const started = startDelete({ bucket: SHARED_BUCKET, keys: [], prefixes: [`${SHARED_PREFIX}reports/`] });
    expect(await finished(started.id)).toMatchObject({
      status: 'failed',
      filesTotal: 2,
      filesDone: 0,
      filesFailed: 2,
      error: { code: 'access_denied', message: `You don't have permission to delete s3://${SHARED_BUCKET}/${SHARED_PREFIX}reports/2026/q1.csv.` },
    });
  });
});
