import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { listInRanges, type ListPageParams } from '../../../main/browse/range-listing/range-lister';
import { s3ListPage } from '../../../main/browse/range-listing/s3-list-page';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/** The range lister through the session's real S3 client, against the emulator. */
describe('the range lister against the local stack', () => {
  let env: SignedInStack;
  let folder: string;
  let keys: string[];
  const listCalls = () => env.stack.emulator.controls.callCounts().ListObjectsV2 ?? 0;

  beforeAll(async () => {
    env = await startSignedInStack('range-lister');
    folder = `${env.home}ranges/`;
    keys = [
      ...Array.from({ length: 3_000 }, (_, i) => `${folder}IMG_${String(i).padStart(5, '0')}.jpg`),
      // Sub-folders among the files, one of them big enough to straddle any cut through it.
      ...Array.from({ length: 1_500 }, (_, i) => `${folder}IMG_01500/part-${String(i).padStart(4, '0')}`),
      ...Array.from({ length: 200 }, (_, i) => `${folder}IMG_02${String(i % 10)}/${i}.txt`),
      // Names where UTF-8 and UTF-16 orders differ, and long shared prefixes.
      ...Array.from({ length: 300 }, (_, i) => `${folder}${i % 2 ? '\uFF01' : '\u{1F600}'}-${String(i).padStart(3, '0')}`),
      ...Array.from({ length: 500 }, (_, i) => `${folder}${'z'.repeat(120)}${String(i).padStart(3, '0')}`),
    ];
    await env.bulkInsert(PRIVATE_BUCKET, keys);
    await env.bulkInsert(PRIVATE_BUCKET, [`${env.home}small/a.txt`, `${env.home}small/b/c.txt`]);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  /** Entries in S3's order (UTF-8 bytes), objects and common prefixes together. */
  const inS3Order = (entries: string[]) => [...entries].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  /** The plain loop: ListObjectsV2 with the delimiter, then its continuation token, until the end. */
  async function listSequentially(prefix: string): Promise<string[]> {
    const listPage = s3ListPage(env.s3(), PRIVATE_BUCKET);
    const entries: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await listPage({ prefix, delimiter: '/', maxKeys: 1000, continuationToken }, new AbortController().signal);
      entries.push(...inS3Order([...page.objects.map((object) => object.key), ...page.commonPrefixes]));
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
    return entries;
  }

  async function listInParallel(prefix: string): Promise<{ entries: string[]; requests: ListPageParams[] }> {
    const listPage = s3ListPage(env.s3(), PRIVATE_BUCKET);
    const requests: ListPageParams[] = [];
    const entries: string[] = [];
    const recorded = (params: ListPageParams, signal: AbortSignal) => {
      requests.push(params);
      return listPage(params, signal);
    };
    for await (const run of listInRanges({ listPage: recorded, prefix, delimiter: '/', concurrency: 8 })) {
      entries.push(...inS3Order([...run.objects.map((object) => object.key), ...run.commonPrefixes]));
    }
    return { entries, requests };
  }

  it('lists the folder exactly as the sequential loop does, and the emulator served no page twice', async () => {
    const expected = await listSequentially(folder);
    const before = listCalls();
    const { entries, requests } = await listInParallel(folder);
    expect(entries).toEqual(expected);
    expect(entries).toEqual(inS3Order(entries));
    expect(entries).toHaveLength(3_000 + 1 + 10 + 300 + 500);
    // Every request the emulator counted is one the lister made, and none was made twice.
    expect(listCalls() - before).toBe(requests.length);
    const asked = requests.map((params) => JSON.stringify(params));
    expect(new Set(asked).size).toBe(asked.length);
    expect(requests.some((params) => params.startAfter !== undefined)).toBe(true);
  });

  it('a folder of one page costs exactly one ListObjectsV2', async () => {
    const before = listCalls();
    const { entries } = await listInParallel(`${env.home}small/`);
    expect(entries).toEqual([`${env.home}small/a.txt`, `${env.home}small/b/`]);
    expect(listCalls() - before).toBe(1);
  });
});
