import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { CopyService } from '../../../main/operations/copy-service';
import { UploadRegistry } from '../../../main/transfers/upload-registry';
import { gateCalls, type Gate } from './helpers/call-gate';
import { copyStackTools } from './helpers/copy-stack';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

const MIB = 1024 * 1024;

/**
 * Multipart copies (the 5 GiB threshold and the part size lowered through
 * options, so a few MiB take the path gigabytes would), copies of multipart
 * sources, a source that changes mid-copy, and cancels — of one large object
 * and in the middle of a folder move — against the local stack.
 */
describe('multipart copies and cancels', () => {
  let env: SignedInStack;
  let tools: ReturnType<typeof copyStackTools>;
  let gate: Gate;
  let registry: UploadRegistry;
  /** Objects over 6 MiB go part by part, in 5 MiB parts, two at a time. */
  let multipart: CopyService;
  /** Four objects at a time, for the folder move that is cancelled. */
  let few: CopyService;
  const calls = () => env.stack.emulator.controls.callCounts();

  beforeAll(async () => {
    env = await startSignedInStack('copy-multipart');
    tools = copyStackTools(env);
    gate = gateCalls(env);
    registry = new UploadRegistry();
    const base = { clients: env.services.clients, transfers: env.services.transfers, uploads: registry };
    multipart = new CopyService({ ...base, multipartThresholdBytes: 6 * MIB, partSizeBytes: 5 * MIB, partConcurrency: 2 });
    few = new CopyService({ ...base, objectConcurrency: 4 });
  });
  afterAll(async () => {
    gate?.release();
    multipart?.dispose();
    few?.dispose();
    await env?.close();
  });

  const bigSource = async (key: string) => {
    const body = randomBytes(11 * MIB);
    await tools.put(PRIVATE_BUCKET, key, body, { ContentType: 'video/mp4', Metadata: { take: '3', camera: 'b' } });
    return body;
  };
  const bytes = async (key: string) => env.objectBytes(PRIVATE_BUCKET, key);

  it('copies an object above the threshold part by part: type, metadata and bytes kept, the ETag that of its three parts', async () => {
    const source = `${env.home}multipart/film.mp4`;
    const body = await bigSource(source);
    env.stack.emulator.controls.resetStats();
    const { job } = await tools.run(multipart, { mode: 'copy', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: `${env.home}multipart-copy/` });
    expect(job).toMatchObject({ status: 'done', filesDone: 1, bytesDone: 11 * MIB, bytesTotal: 11 * MIB });
    const copy = `${env.home}multipart-copy/film.mp4`;
    expect(await tools.head(PRIVATE_BUCKET, copy)).toMatchObject({ ContentLength: 11 * MIB, ContentType: 'video/mp4', Metadata: { take: '3', camera: 'b' } });
    expect((await tools.head(PRIVATE_BUCKET, copy))!.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect((await bytes(copy)).equals(body)).toBe(true);
    expect(calls()).toMatchObject({ CreateMultipartUpload: 1, UploadPartCopy: 3, CompleteMultipartUpload: 1 });
    expect(calls().CopyObject).toBeUndefined();
    expect(await env.openMultipartUploads(env.home)).toEqual([]);
    expect(await registry.list()).toEqual([]);
  });

  it('moves a large object part by part, deleting the source only once the copy is verified', async () => {
    const source = `${env.home}multipart-move/film.mp4`;
    const body = await bigSource(source);
    const { job } = await tools.run(multipart, { mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: `${env.home}multipart-moved/` });
    expect(job).toMatchObject({ status: 'done', filesDone: 1 });
    expect(await tools.head(PRIVATE_BUCKET, source)).toBeNull();
    expect((await bytes(`${env.home}multipart-moved/film.mp4`)).equals(body)).toBe(true);
  });

  it('copies a multipart source (an ETag "…-2") whole with CopyObject, verified by size and checksum', async () => {
    const source = `${env.home}from-parts/assembled.bin`;
    const parts = [randomBytes(5 * MIB), randomBytes(MIB)];
    const s3 = env.s3();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: source, ContentType: 'application/x-thing' }));
    const sent = [];
    for (const [index, part] of parts.entries()) {
      const reply = await s3.send(new UploadPartCommand({ Bucket: PRIVATE_BUCKET, Key: source, UploadId, PartNumber: index + 1, Body: part }));
      sent.push({ PartNumber: index + 1, ETag: reply.ETag, ChecksumCRC32: reply.ChecksumCRC32 });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: source, UploadId, MultipartUpload: { Parts: sent } }));
    expect((await tools.head(PRIVATE_BUCKET, source))!.ETag).toMatch(/-2"$/);

    const { job } = await tools.run(env.services.copies, { mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: `${env.home}from-parts-moved/` });
    expect(job).toMatchObject({ status: 'done', filesDone: 1 });
    const copy = `${env.home}from-parts-moved/assembled.bin`;
    expect(await tools.head(PRIVATE_BUCKET, copy)).toMatchObject({ ContentLength: 6 * MIB, ContentType: 'application/x-thing' });
    expect((await bytes(copy)).equals(Buffer.concat(parts))).toBe(true);
    expect(await tools.head(PRIVATE_BUCKET, source)).toBeNull();
  });

  it('a source replaced mid-copy: the next part fails its If-Match, the upload is aborted, source_changed, and the new source is kept', async () => {
    const source = `${env.home}changing/film.mp4`;
    await bigSource(source);
    const target = `${env.home}changing-to/`;
    gate.hold('UploadPartCopyCommand', (input) => input.PartNumber === 2);
    const plan = await multipart.planCopy({ mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target });
    const started = multipart.startCopy({ planId: plan.planId, clashes: 'replace' });
    await gate.held();
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: source, Body: 'the new version' }));
    gate.release();
    const job = await tools.finished(started.id);
    expect(job).toMatchObject({ status: 'failed', filesFailed: 1, bytesDone: 0, error: { code: 'source_changed' } });
    expect(job.error!.message).toContain(`s3://${PRIVATE_BUCKET}/${source} was changed by someone else`);
    expect(await tools.text(PRIVATE_BUCKET, source)).toBe('the new version');
    expect(await tools.keys(PRIVATE_BUCKET, target)).toEqual([]);
    expect(await env.openMultipartUploads(target)).toEqual([]);
    expect(await registry.list()).toEqual([]);
  });

  it('cancelled mid-way through a large move: the half-made copy is aborted, the source kept; a retry finishes the move', async () => {
    const source = `${env.home}cancel-big/film.mp4`;
    const body = await bigSource(source);
    const target = `${env.home}cancel-big-to/`;
    gate.hold('UploadPartCopyCommand', (input) => input.PartNumber === 2);
    const plan = await multipart.planCopy({ mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target });
    const started = multipart.startCopy({ planId: plan.planId, clashes: 'replace' });
    await gate.held();
    expect(env.services.transfers.cancel(started.id)).toMatchObject({ status: 'cancelled' });
    gate.release();
    const cancelled = await tools.finished(started.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', filesDone: 0, filesFailed: 0, bytesDone: 0, retryable: true, error: null });
    expect(await env.openMultipartUploads(target)).toEqual([]);
    expect(await registry.list()).toEqual([]);
    expect(await tools.keys(PRIVATE_BUCKET, target)).toEqual([]);
    expect((await bytes(source)).equals(body)).toBe(true);

    env.services.transfers.retry(started.id);
    expect(await tools.finished(started.id)).toMatchObject({ status: 'done', filesDone: 1 });
    expect(await tools.head(PRIVATE_BUCKET, source)).toBeNull();
    expect((await bytes(`${target}film.mp4`)).equals(body)).toBe(true);
  });

  it('cancelled in the middle of a folder move: every object is at its source or at its destination, never both, never neither', async () => {
    const from = `${env.home}cancel-folder/`;
    const to = `${env.home}cancel-folder-to/`;
    const names = Array.from({ length: 60 }, (_, i) => `${i % 4 === 0 ? 'sub/' : ''}object-${String(i).padStart(3, '0')}.txt`);
    await env.bulkInsert(PRIVATE_BUCKET, names.map((name) => `${from}${name}`));
    // The first ten copies go through; the eleventh and those after it wait until the job has been cancelled.
    gate.hold('CopyObjectCommand', (_input, count) => count > 10);
    const plan = await few.planCopy({ mode: 'move', bucket: PRIVATE_BUCKET, keys: [], prefixes: [from], destinationBucket: PRIVATE_BUCKET, destinationPrefix: to });
    expect(plan.objectCount).toBe(60);
    const started = few.startCopy({ planId: plan.planId, clashes: 'replace' });
    await gate.held();
    env.services.transfers.cancel(started.id);
    gate.release();
    const cancelled = await tools.finished(started.id);

    const atSource = await tools.keys(PRIVATE_BUCKET, from);
    const atDestination = await tools.keys(PRIVATE_BUCKET, `${to}cancel-folder/`);
    expect(atSource.filter((name) => atDestination.includes(name))).toEqual([]);
    expect([...atSource, ...atDestination].sort()).toEqual([...names].sort());
    // Those already sent when the cancel came were seen through (copied, verified, deleted); no more were started.
    expect(atDestination.length).toBeGreaterThanOrEqual(10);
    expect(atDestination.length).toBeLessThan(60);
    expect(cancelled).toMatchObject({ status: 'cancelled', filesTotal: 60, filesDone: atDestination.length, filesFailed: 0, retryable: true });

    env.services.transfers.retry(started.id);
    expect(await tools.finished(started.id)).toMatchObject({ status: 'done', filesDone: 60 });
    expect(await tools.keys(PRIVATE_BUCKET, from)).toEqual([]);
    expect(await tools.keys(PRIVATE_BUCKET, `${to}cancel-folder/`)).toEqual([...names].sort());
  });
});
