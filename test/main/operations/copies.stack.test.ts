import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { copyStackTools } from './helpers/copy-stack';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/** Calls the session's client made, in order, with the bucket and key each named (a middleware records them). */
interface Sent {
  command: string;
  bucket: string | undefined;
  key: string | undefined;
  input: Record<string, unknown>;
}

/**
 * Server-side copies and moves against the local stack, through the real
 * services (createServices) and the real SDK: CopyObject keeps type and
 * metadata, within and across buckets; a move deletes a source only after
 * its copy is verified; refusals and vanished sources lose nothing.
 */
describe('server-side copies and moves', () => {
  let env: SignedInStack;
  let tools: ReturnType<typeof copyStackTools>;
  const sent: Sent[] = [];
  /** When set, changes what HEAD answers for this destination key (to make a verification fail). */
  let tamperHead: { key: string; change: (output: Record<string, unknown>) => void } | null = null;
  const copies = () => env.services.copies;

  beforeAll(async () => {
    env = await startSignedInStack('copies');
    tools = copyStackTools(env);
    env.s3().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        sent.push({ command: String(context.commandName), bucket: input.Bucket as string | undefined, key: input.Key as string | undefined, input });
        const result = await next(args);
        if (tamperHead && context.commandName === 'HeadObjectCommand' && input.Key === tamperHead.key) tamperHead.change(result.output as unknown as Record<string, unknown>);
        return result;
      },
      { step: 'initialize', name: 'testCopyRecorder' },
    );
  });
  afterAll(async () => {
    await env?.close();
  });

  it('copies within a bucket with CopyObject: content type, metadata and bytes kept, the ETag the same, the source untouched', async () => {
    const source = `${env.home}keep/report.json`;
    const put = await tools.put(PRIVATE_BUCKET, source, '{"q":1}', { ContentType: 'application/json', Metadata: { owner: 'alice', project: 'desk' } });
    const target = `${env.home}keep-copy/`;
    const { plan, job } = await tools.run(copies(), {
      mode: 'copy',
      bucket: PRIVATE_BUCKET,
      keys: [source],
      prefixes: [],
      destinationBucket: PRIVATE_BUCKET,
      destinationPrefix: target,
    });
    expect(plan).toMatchObject({ mode: 'copy', sourcePrefix: `${env.home}keep/`, objectCount: 1, totalBytes: 7, clashes: [], clashCount: 0, archivedCount: 0 });
    expect(job).toMatchObject({ direction: 'copy', status: 'done', label: 'report.json', filesTotal: 1, filesDone: 1, bytesDone: 7, bytesTotal: 7, error: null });
    expect(job.source).toEqual({ bucket: PRIVATE_BUCKET, prefix: `${env.home}keep/` });
    expect(await tools.head(PRIVATE_BUCKET, `${target}report.json`)).toMatchObject({
      ContentType: 'application/json',
      Metadata: { owner: 'alice', project: 'desk' },
      ETag: put.ETag,
    });
    expect(await tools.text(PRIVATE_BUCKET, `${target}report.json`)).toBe('{"q":1}');
    expect(await tools.head(PRIVATE_BUCKET, source)).not.toBeNull();
  });

  it('copies across buckets: the shared library’s awkward keys arrive under exactly their names, with their bytes', async () => {
    const target = `${env.home}awkward/`;
    const { plan, job } = await tools.run(copies(), {
      mode: 'copy',
      bucket: SHARED_BUCKET,
      keys: [],
      prefixes: [`${SHARED_PREFIX}odd names/`],
      destinationBucket: PRIVATE_BUCKET,
      destinationPrefix: target,
    });
    expect(plan.objectCount).toBe(AWKWARD_KEYS.length);
    expect(job).toMatchObject({ status: 'done', filesDone: AWKWARD_KEYS.length, filesFailed: 0 });
    expect(await tools.keys(PRIVATE_BUCKET, target)).toEqual([...AWKWARD_KEYS].sort());
    for (const key of AWKWARD_KEYS) {
      expect(await tools.text(PRIVATE_BUCKET, `${target}${key}`), key).toBe(`This object's key is ${JSON.stringify(key)}.\n`);
      expect((await tools.head(PRIVATE_BUCKET, `${target}${key}`))?.ContentType, key).toBe('text/plain');
    }
    // The library is read-only for this user and stays as it was.
    expect(await tools.keys(SHARED_BUCKET, `${SHARED_PREFIX}odd names/`)).toEqual(AWKWARD_KEYS.map((key) => key.slice('odd names/'.length)).sort());
  });

  it('moves awkward keys: each source is deleted only after its copy was read back and matched, and the delete names its ETag', async () => {
    const from = `${env.home}awkward-src/`;
    const to = `${env.home}awkward-moved/`;
    for (const key of AWKWARD_KEYS) await tools.put(PRIVATE_BUCKET, `${from}${key}`, `bytes of ${key}`, { ContentType: 'text/plain', Metadata: { n: String(key.length) } });
    sent.length = 0;
    const { job } = await tools.run(copies(), {
      mode: 'move',
      bucket: PRIVATE_BUCKET,
      keys: [],
      prefixes: [`${from}odd names/`],
      destinationBucket: PRIVATE_BUCKET,
      destinationPrefix: to,
    });
    expect(job).toMatchObject({ direction: 'move', status: 'done', filesDone: AWKWARD_KEYS.length, label: `odd names (${AWKWARD_KEYS.length} files)` });
    expect(await tools.keys(PRIVATE_BUCKET, from)).toEqual([]);
    expect(await tools.keys(PRIVATE_BUCKET, to)).toEqual([...AWKWARD_KEYS].sort());
    for (const key of AWKWARD_KEYS) {
      expect(await tools.text(PRIVATE_BUCKET, `${to}${key}`)).toBe(`bytes of ${key}`);
      const steps = (command: string, bucketKey: string) => sent.findIndex((call) => call.command === command && call.key === bucketKey);
      const copied = steps('CopyObjectCommand', `${to}${key}`);
      const verified = sent.findIndex((call, index) => index > copied && call.command === 'HeadObjectCommand' && call.key === `${to}${key}`);
      const deleted = steps('DeleteObjectCommand', `${from}${key}`);
      expect(copied, key).toBeGreaterThanOrEqual(0);
      expect(verified, key).toBeGreaterThan(copied);
      expect(deleted, key).toBeGreaterThan(verified);
      expect(sent[deleted]!.input.IfMatch, key).toMatch(/^"[0-9a-f]{32}"$/);
      expect(sent[copied]!.input.CopySourceIfMatch, key).toBe(sent[deleted]!.input.IfMatch);
    }
  });

  it('a copy that does not verify keeps its source: copy_not_verified, and nothing deleted', async () => {
    const source = `${env.home}unverified/data.txt`;
    await tools.put(PRIVATE_BUCKET, source, 'twelve bytes');
    const target = `${env.home}unverified-to/`;
    tamperHead = { key: `${target}data.txt`, change: (output) => (output.ContentLength = 11) };
    try {
      const { job } = await tools.run(copies(), { mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target });
      expect(job).toMatchObject({ status: 'failed', filesFailed: 1, filesDone: 0, bytesDone: 0, retryable: true, error: { code: 'copy_not_verified' } });
      expect(job.error!.message).toContain('holds 11 bytes instead of 12');
      expect(job.error!.message).toContain(`The original at s3://${PRIVATE_BUCKET}/${source} was kept.`);
    } finally {
      tamperHead = null;
    }
    expect(await tools.text(PRIVATE_BUCKET, source)).toBe('twelve bytes');
  });

  it('a destination the user may not write: access_denied naming it, and the source kept', async () => {
    const source = `${env.home}denied/mine.txt`;
    await tools.put(PRIVATE_BUCKET, source, 'mine');
    const { plan, job } = await tools.run(copies(), {
      mode: 'move',
      bucket: PRIVATE_BUCKET,
      keys: [source],
      prefixes: [],
      destinationBucket: SHARED_BUCKET,
      destinationPrefix: SHARED_PREFIX,
    });
    expect(plan.objectCount).toBe(1);
    expect(job).toMatchObject({ status: 'failed', filesFailed: 1, error: { code: 'access_denied' } });
    expect(job.error!.message).toBe(`You don't have permission to write s3://${SHARED_BUCKET}/${SHARED_PREFIX}mine.txt.`);
    expect(await tools.text(PRIVATE_BUCKET, source)).toBe('mine');
    expect(await tools.keys(SHARED_BUCKET, `${SHARED_PREFIX}mine.txt`)).toEqual([]);
  });

  it('a move out of a read-only source: the copy is made and verified, the delete refused, and both are kept', async () => {
    const target = `${env.home}from-library/`;
    const { job } = await tools.run(copies(), {
      mode: 'move',
      bucket: SHARED_BUCKET,
      keys: [`${SHARED_PREFIX}README.txt`],
      prefixes: [],
      destinationBucket: PRIVATE_BUCKET,
      destinationPrefix: target,
    });
    expect(job).toMatchObject({ status: 'failed', filesFailed: 1, error: { code: 'access_denied' } });
    expect(job.error!.message).toBe(
      `You don't have permission to delete s3://${SHARED_BUCKET}/${SHARED_PREFIX}README.txt. It was copied to s3://${PRIVATE_BUCKET}/${target}README.txt; the original was kept.`,
    );
    expect(await tools.head(SHARED_BUCKET, `${SHARED_PREFIX}README.txt`)).not.toBeNull();
    expect(await tools.text(PRIVATE_BUCKET, `${target}README.txt`)).toContain('The shared library');
  });

  it('a destination the user may not look into is refused at planning, before anything is copied', async () => {
    const source = `${env.home}nosy/x.txt`;
    await tools.put(PRIVATE_BUCKET, source, 'x');
    const request = { mode: 'copy' as const, bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${env.home}nosy/`], destinationBucket: PRIVATE_BUCKET, destinationPrefix: 'someone-else/' };
    await expect(copies().planCopy(request)).rejects.toMatchObject({ code: 'access_denied' });
  });

  it('archived sources are counted in the plan and fail with archived_object; the others are copied', async () => {
    const target = `${env.home}from-archive/`;
    const { plan, job } = await tools.run(copies(), {
      mode: 'copy',
      bucket: SHARED_BUCKET,
      keys: [`${SHARED_PREFIX}archive/2019-backup.tar`, `${SHARED_PREFIX}archive/2018-backup.tar`],
      prefixes: [],
      destinationBucket: PRIVATE_BUCKET,
      destinationPrefix: target,
    });
    expect(plan).toMatchObject({ objectCount: 2, archivedCount: 2 });
    expect(job).toMatchObject({ status: 'failed', filesFailed: 2, filesDone: 0, error: { code: 'archived_object' } });
    expect(job.error!.message).toMatch(/is archived and must be restored before it can be read\.$/);
    expect(await tools.keys(PRIVATE_BUCKET, target)).toEqual([]);
  });

  it('a source that vanished after planning: no_such_key, and nothing made at the destination', async () => {
    const source = `${env.home}vanish/gone.txt`;
    await tools.put(PRIVATE_BUCKET, source, 'soon gone');
    const plan = await copies().planCopy({ mode: 'move', bucket: PRIVATE_BUCKET, keys: [source], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: `${env.home}vanish-to/` });
    await env.s3().send(new DeleteObjectCommand({ Bucket: PRIVATE_BUCKET, Key: source }));
    const job = await tools.finished(copies().startCopy({ planId: plan.planId, clashes: 'replace' }).id);
    expect(job).toMatchObject({ status: 'failed', filesFailed: 1, error: { code: 'no_such_key' } });
    expect(job.error!.message).toContain(`s3://${PRIVATE_BUCKET}/${source}`);
    expect(await tools.keys(PRIVATE_BUCKET, `${env.home}vanish-to/`)).toEqual([]);
  });
});
