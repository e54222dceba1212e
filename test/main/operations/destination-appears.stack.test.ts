import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClashChoice, PlanCopyRequest } from '../../../common/ipc';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { CopyService } from '../../../main/operations/copy-service';
import { UploadRegistry } from '../../../main/transfers/upload-registry';
import { gateCalls, type Gate } from './helpers/call-gate';
import { copyStackTools } from './helpers/copy-stack';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

const MIB = 1024 * 1024;

/**
 * Another client puts objects at a copy's destination after it was planned:
 * nothing the user did not choose to replace is overwritten (every such write
 * carries If-None-Match: *, which the stack enforces as S3 does). "Skip"
 * skips it, "keep both" takes the next free number, "replace" still replaces
 * what the user was shown, and a source that changed is reported as before.
 */
describe('objects that appear at the destination after the plan', () => {
  let env: SignedInStack;
  let tools: ReturnType<typeof copyStackTools>;
  let gate: Gate;
  let registry: UploadRegistry;
  /** Objects over 5 MiB go part by part. */
  let multipart: CopyService;
  const copies = () => env.services.copies;

  beforeAll(async () => {
    env = await startSignedInStack('destination-appears');
    tools = copyStackTools(env);
    gate = gateCalls(env);
    registry = new UploadRegistry();
    multipart = new CopyService({ clients: env.services.clients, transfers: env.services.transfers, uploads: registry, multipartThresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB });
  });
  afterAll(async () => {
    gate?.release();
    multipart?.dispose();
    await env?.close();
  });

  /** A folder "src/docs/" with a.txt and b.txt; the destination already holds "docs/a.txt" when `clash`. */
  const folders = async (name: string, clash: boolean) => {
    const source = `${env.home}${name}/src/`;
    const target = `${env.home}${name}/dst/`;
    for (const file of ['a.txt', 'b.txt']) await tools.put(PRIVATE_BUCKET, `${source}docs/${file}`, `new ${file}`);
    if (clash) await tools.put(PRIVATE_BUCKET, `${target}docs/a.txt`, 'old a.txt');
    const request: PlanCopyRequest = { mode: 'move', bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${source}docs/`], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target };
    return { source, target, request };
  };
  /** Plans, lets someone else put `appeared` (names below the destination's docs/) before the copy starts, runs it with `choice`. */
  const runAfterOthersWrote = async (request: PlanCopyRequest, target: string, appeared: string[], choice: ClashChoice, service = copies()) => {
    const plan = await service.planCopy(request);
    for (const name of appeared) await tools.put(PRIVATE_BUCKET, `${target}docs/${name}`, `theirs ${name}`);
    const job = await tools.finished(service.startCopy({ planId: plan.planId, clashes: choice }).id);
    const contents: Record<string, string> = {};
    for (const key of await tools.keys(PRIVATE_BUCKET, `${target}docs/`)) contents[key] = await tools.text(PRIVATE_BUCKET, `${target}docs/${key}`);
    return { plan, job, contents };
  };

  it('skip: an object put there after the plan is left as it is and counted as skipped; its move keeps the source', async () => {
    const { source, target, request } = await folders('skip', true);
    const { plan, job, contents } = await runAfterOthersWrote(request, target, ['b.txt'], 'skip');
    expect(plan.clashCount).toBe(1);
    expect(job).toMatchObject({ status: 'done', filesTotal: 2, filesDone: 0, filesSkipped: 2, filesFailed: 0, error: null });
    expect(contents).toEqual({ 'a.txt': 'old a.txt', 'b.txt': 'theirs b.txt' });
    expect(await tools.keys(PRIVATE_BUCKET, `${source}docs/`)).toEqual(['a.txt', 'b.txt']);
  });

  it('keep both: a name taken after the plan makes the copy take the next free number', async () => {
    const { source, target, request } = await folders('keep-both', true);
    // The plan names a.txt's copy "a (1).txt"; then someone puts "a (1).txt" and "b.txt", which was free.
    const { job, contents } = await runAfterOthersWrote(request, target, ['a (1).txt', 'b.txt'], 'keep-both');
    expect(job).toMatchObject({ status: 'done', filesDone: 2, filesSkipped: 0, filesFailed: 0 });
    expect(contents).toEqual({
      'a.txt': 'old a.txt',
      'a (1).txt': 'theirs a (1).txt',
      'a (2).txt': 'new a.txt',
      'b.txt': 'theirs b.txt',
      'b (1).txt': 'new b.txt',
    });
    expect(await tools.keys(PRIVATE_BUCKET, `${source}docs/`)).toEqual([]);
  });

  it('replace: the clash the user chose to replace is replaced; one that appeared after the plan is not, and says so', async () => {
    const { source, target, request } = await folders('replace', true);
    const { job, contents } = await runAfterOthersWrote(request, target, ['b.txt'], 'replace');
    expect(job).toMatchObject({ status: 'failed', filesDone: 1, filesFailed: 1, error: { code: 'already_exists' } });
    expect(job.error!.message).toBe(
      `An object appeared at s3://${PRIVATE_BUCKET}/${target}docs/b.txt after this copy was planned, so it was not replaced. Copy again to choose what to do with it.`,
    );
    expect(contents).toEqual({ 'a.txt': 'new a.txt', 'b.txt': 'theirs b.txt' });
    expect(await tools.keys(PRIVATE_BUCKET, `${source}docs/`)).toEqual(['b.txt']);
  });

  it('a source changed while its copy was under way is still source_changed (the copy-source 412), not a taken destination', async () => {
    const { source, target, request } = await folders('source-changed', false);
    gate.hold('CopyObjectCommand', (input) => String(input.Key).endsWith('/a.txt'));
    const plan = await copies().planCopy(request);
    const started = copies().startCopy({ planId: plan.planId, clashes: 'keep-both' });
    await gate.held();
    await tools.put(PRIVATE_BUCKET, `${source}docs/a.txt`, 'changed a.txt');
    gate.release();
    const job = await tools.finished(started.id);
    expect(job).toMatchObject({ status: 'failed', filesDone: 1, filesFailed: 1, error: { code: 'source_changed' } });
    expect(job.error!.message).toContain(`s3://${PRIVATE_BUCKET}/${source}docs/a.txt was changed by someone else`);
    expect(await tools.keys(PRIVATE_BUCKET, `${target}docs/`)).toEqual(['b.txt']);
    expect(await tools.text(PRIVATE_BUCKET, `${source}docs/a.txt`)).toBe('changed a.txt');
  });

  it('a multipart copy whose key is taken before it completes: its upload is aborted, and "keep both" completes it under the next number', async () => {
    const source = `${env.home}multipart/film.mp4`;
    const body = randomBytes(6 * MIB);
    await tools.put(PRIVATE_BUCKET, source, body);
    const target = `${env.home}multipart-to/`;
    gate.hold('CompleteMultipartUploadCommand', (_input, count) => count === 1);
    const plan = await multipart.planCopy({ mode: 'copy', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target });
    const started = multipart.startCopy({ planId: plan.planId, clashes: 'keep-both' });
    await gate.held();
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${target}film.mp4`, Body: 'theirs' }));
    gate.release();
    const job = await tools.finished(started.id);
    expect(job).toMatchObject({ status: 'done', filesDone: 1, bytesDone: 6 * MIB });
    expect(await tools.keys(PRIVATE_BUCKET, target)).toEqual(['film (1).mp4', 'film.mp4']);
    expect(await tools.text(PRIVATE_BUCKET, `${target}film.mp4`)).toBe('theirs');
    expect((await env.objectBytes(PRIVATE_BUCKET, `${target}film (1).mp4`)).equals(body)).toBe(true);
    expect(await env.openMultipartUploads(target)).toEqual([]);
    expect(await registry.list()).toEqual([]);
  });
});
