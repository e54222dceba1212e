import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClashChoice } from '../../../common/ipc';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { copyStackTools } from './helpers/copy-stack';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/**
 * What a copy does where names are taken at the destination (the user's
 * choice: replace, skip, keep both), renames (a move within a folder), and
 * the requests it refuses, against the local stack.
 */
describe('clashes, renames and refusals', () => {
  let env: SignedInStack;
  let tools: ReturnType<typeof copyStackTools>;
  const copies = () => env.services.copies;

  beforeAll(async () => {
    env = await startSignedInStack('clashes');
    tools = copyStackTools(env);
  });
  afterAll(async () => {
    await env?.close();
  });

  /**
   * A folder "photos/" holding a.txt, b.txt, "a (1).txt" and an empty
   * "empty/" marker; a destination that already has photos/a.txt,
   * photos/b.txt and the marker photos/empty/ (with other bytes).
   */
  const clashingFolders = async (name: string) => {
    const source = `${env.home}${name}/src/`;
    const target = `${env.home}${name}/dst/`;
    for (const file of ['a.txt', 'b.txt', 'a (1).txt']) await tools.put(PRIVATE_BUCKET, `${source}photos/${file}`, `new ${file}`);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${source}photos/empty/`, Body: '', ContentLength: 0 }));
    for (const file of ['a.txt', 'b.txt']) await tools.put(PRIVATE_BUCKET, `${target}photos/${file}`, `old ${file}`);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${target}photos/empty/`, Body: '', ContentLength: 0 }));
    return { source, target };
  };
  const copyWith = async (name: string, clashes: ClashChoice) => {
    const { source, target } = await clashingFolders(name);
    const request = { mode: 'copy' as const, bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${source}photos/`], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target };
    const { plan, job } = await tools.run(copies(), request, clashes);
    const contents: Record<string, string> = {};
    for (const key of await tools.keys(PRIVATE_BUCKET, `${target}photos/`)) contents[key] = key.endsWith('/') ? '' : await tools.text(PRIVATE_BUCKET, `${target}photos/${key}`);
    return { plan, job, contents, target };
  };

  it('the plan names the clashing keys (the folder marker that exists too is no clash: it is the same empty folder)', async () => {
    const { source, target } = await clashingFolders('plan');
    const plan = await copies().planCopy({ mode: 'copy', bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${source}photos/`], destinationBucket: PRIVATE_BUCKET, destinationPrefix: target });
    expect(plan).toMatchObject({ objectCount: 3, totalBytes: 'new a.txt'.length * 2 + 'new a (1).txt'.length, clashCount: 2 });
    expect(plan.clashes).toEqual([`${target}photos/a.txt`, `${target}photos/b.txt`]);
    copies().discardCopy(plan.planId);
    expect(() => copies().startCopy({ planId: plan.planId, clashes: 'skip' })).toThrow(expect.objectContaining({ code: 'no_such_transfer' }));
  });

  it('replace: the clashing objects are overwritten with the sources', async () => {
    const { job, contents } = await copyWith('replace', 'replace');
    expect(job).toMatchObject({ status: 'done', filesTotal: 3, filesDone: 3, filesSkipped: 0 });
    expect(contents).toEqual({ 'a.txt': 'new a.txt', 'b.txt': 'new b.txt', 'a (1).txt': 'new a (1).txt', 'empty/': '' });
  });

  it('skip: what exists is left as it is, the rest is copied', async () => {
    const { job, contents } = await copyWith('skip', 'skip');
    expect(job).toMatchObject({ status: 'done', filesTotal: 3, filesDone: 1, filesSkipped: 2, bytesTotal: 'new a (1).txt'.length });
    expect(contents).toEqual({ 'a.txt': 'old a.txt', 'b.txt': 'old b.txt', 'a (1).txt': 'new a (1).txt', 'empty/': '' });
  });

  it('keep both: a clashing copy goes beside its namesake as "name (n).ext", never onto a key another object of the copy takes', async () => {
    const { job, contents } = await copyWith('keep-both', 'keep-both');
    expect(job).toMatchObject({ status: 'done', filesTotal: 3, filesDone: 3, filesSkipped: 0 });
    // "a (1).txt" is where the source's own "a (1).txt" goes, so the kept copy of a.txt is "a (2).txt".
    expect(contents).toEqual({
      'a.txt': 'old a.txt',
      'a (1).txt': 'new a (1).txt',
      'a (2).txt': 'new a.txt',
      'b.txt': 'old b.txt',
      'b (1).txt': 'new b.txt',
      'empty/': '',
    });
  });

  it('keep both for a file copied into its own folder: a numbered duplicate beside it (replace and skip leave it alone)', async () => {
    const folder = `${env.home}duplicate/`;
    await tools.put(PRIVATE_BUCKET, `${folder}report.pdf`, 'pdf', { ContentType: 'application/pdf' });
    await tools.put(PRIVATE_BUCKET, `${folder}report (1).pdf`, 'an older duplicate');
    const request = { mode: 'copy' as const, bucket: PRIVATE_BUCKET, keys: [`${folder}report.pdf`], prefixes: [], destinationBucket: PRIVATE_BUCKET, destinationPrefix: folder };
    const skipped = await tools.run(copies(), request, 'replace');
    expect(skipped.plan.clashes).toEqual([`${folder}report.pdf`]);
    expect(skipped.job).toMatchObject({ status: 'done', filesSkipped: 1, filesDone: 0 });
    const kept = await tools.run(copies(), request, 'keep-both');
    expect(kept.job).toMatchObject({ status: 'done', filesDone: 1 });
    expect(await tools.keys(PRIVATE_BUCKET, folder)).toEqual(['report (1).pdf', 'report (2).pdf', 'report.pdf']);
    expect(await tools.head(PRIVATE_BUCKET, `${folder}report (2).pdf`)).toMatchObject({ ContentType: 'application/pdf' });
  });

  it('renames a file: a move within its folder, labelled old → new, keeping its type', async () => {
    const folder = `${env.home}rename-file/`;
    await tools.put(PRIVATE_BUCKET, `${folder}notes.md`, '# notes', { ContentType: 'text/markdown', Metadata: { author: 'demo' } });
    const plan = await copies().planRename({ bucket: PRIVATE_BUCKET, from: `${folder}notes.md`, newName: 'notes 2026.md' });
    expect(plan).toMatchObject({ mode: 'move', sourcePrefix: folder, destinationPrefix: folder, objectCount: 1, clashCount: 0 });
    const job = await tools.finished(copies().startCopy({ planId: plan.planId, clashes: 'skip' }).id);
    expect(job).toMatchObject({ direction: 'move', status: 'done', label: 'notes.md → notes 2026.md' });
    expect(await tools.keys(PRIVATE_BUCKET, folder)).toEqual(['notes 2026.md']);
    expect(await tools.head(PRIVATE_BUCKET, `${folder}notes 2026.md`)).toMatchObject({ ContentType: 'text/markdown', Metadata: { author: 'demo' } });
  });

  it('renames a folder: everything below it, its empty-folder marker included, moves to the new name', async () => {
    const parent = `${env.home}rename-folder/`;
    for (const key of ['trip/a.jpg', 'trip/day 2/b.jpg']) await tools.put(PRIVATE_BUCKET, `${parent}${key}`, key);
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${parent}trip/`, Body: '', ContentLength: 0 }));
    const plan = await copies().planRename({ bucket: PRIVATE_BUCKET, from: `${parent}trip/`, newName: 'Trip 2026' });
    expect(plan).toMatchObject({ objectCount: 2 });
    const job = await tools.finished(copies().startCopy({ planId: plan.planId, clashes: 'skip' }).id);
    expect(job).toMatchObject({ status: 'done', filesDone: 2, label: 'trip → Trip 2026' });
    expect(await tools.keys(PRIVATE_BUCKET, parent)).toEqual(['Trip 2026/', 'Trip 2026/a.jpg', 'Trip 2026/day 2/b.jpg']);
  });

  it('refuses what cannot be meant: a folder into itself, a move to where things are, a rename to the same name', async () => {
    const folder = `${env.home}refusals/`;
    await tools.put(PRIVATE_BUCKET, `${folder}inner/x.txt`, 'x');
    const selection = { bucket: PRIVATE_BUCKET, keys: [], prefixes: [`${folder}inner/`], destinationBucket: PRIVATE_BUCKET };
    await expect(copies().planCopy({ ...selection, mode: 'move', destinationPrefix: `${folder}inner/deeper/` })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'A folder cannot be moved into itself.',
    });
    await expect(copies().planCopy({ ...selection, mode: 'copy', destinationPrefix: `${folder}inner/` })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(copies().planCopy({ ...selection, mode: 'move', destinationPrefix: folder })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'These items are already in this folder.',
    });
    await expect(copies().planRename({ bucket: PRIVATE_BUCKET, from: `${folder}inner/x.txt`, newName: 'x.txt' })).rejects.toMatchObject({ code: 'invalid_input' });
    // A selected key that does not exist (any more): said before anything is copied.
    await expect(
      copies().planCopy({ ...selection, prefixes: [], keys: [`${folder}nothing-here.txt`], mode: 'copy', destinationPrefix: `${env.home}elsewhere/` }),
    ).rejects.toMatchObject({ code: 'no_such_key' });
    expect(await tools.keys(PRIVATE_BUCKET, folder)).toEqual(['inner/x.txt']);
  });
});
