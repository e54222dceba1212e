import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { listInRanges, type ListedPage, type ListPageParams, type ListingRun } from '../../../main/browse/range-listing/range-lister';

interface Listed {
  key: string;
}

/** S3's order: UTF-8 bytes. Deliberately not the lister's own comparison, so the model is an independent oracle. */
const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

type StartAfterInPrefix = 'lists the prefix again' | 'skips the prefix';

/**
 * An in-memory bucket with ListObjectsV2 as S3 answers it: keys in UTF-8
 * byte order, Prefix, Delimiter rolling keys up into CommonPrefixes, MaxKeys
 * counting both, StartAfter (any string, a key or not), opaque continuation
 * tokens that supersede StartAfter. With a delimiter, S3 returns a common
 * prefix when any key under it is past StartAfter — so a StartAfter inside
 * a prefix lists that prefix again; `startAfterInPrefix` can make the model
 * skip it instead, to show the lister does not depend on that detail.
 */
class MemoryBucket {
  readonly keys: string[];
  readonly requests: ListPageParams[] = [];
  private readonly tokens = new Map<string, { after: string; skipUnder: string | undefined }>();

  constructor(
    keys: Iterable<string>,
    private readonly startAfterInPrefix: StartAfterInPrefix = 'lists the prefix again',
  ) {
    this.keys = [...new Set(keys)].sort(utf8Order);
  }

  list(params: ListPageParams): ListedPage<Listed> {
    this.requests.push(params);
    const { prefix, delimiter, maxKeys } = params;
    let after = params.startAfter ?? '';
    let skipUnder: string | undefined;
    if (params.continuationToken !== undefined) {
      const position = this.tokens.get(params.continuationToken);
      if (!position) throw Object.assign(new Error('The continuation token provided is incorrect'), { name: 'InvalidArgument' });
      ({ after, skipUnder } = position);
    }
    const page: ListedPage<Listed> = { objects: [], commonPrefixes: [], isTruncated: false };
    let last: { after: string; skipUnder: string | undefined } | undefined;
    for (let i = this.firstAfter(after); i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) {
        if (utf8Order(key, prefix) > 0) break;
        continue;
      }
      if (skipUnder !== undefined && key.startsWith(skipUnder)) continue;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const common = cut === -1 ? undefined : key.slice(0, cut + delimiter!.length);
      const skipped = common !== undefined && params.continuationToken === undefined && this.startAfterInPrefix === 'skips the prefix' && after.startsWith(common);
      if (!skipped && page.objects.length + page.commonPrefixes.length === maxKeys) {
        const token = `token-${this.tokens.size}`;
        this.tokens.set(token, last!);
        return { ...page, isTruncated: true, nextContinuationToken: token };
      }
      if (common === undefined) {
        page.objects.push({ key });
        last = { after: key, skipUnder: undefined };
        skipUnder = undefined;
      } else {
        if (!skipped) page.commonPrefixes.push(common);
        last = { after: common, skipUnder: common };
        skipUnder = common;
      }
    }
    return page;
  }

  private firstAfter(after: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (utf8Order(this.keys[middle]!, after) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** One entry of a listing, objects and common prefixes told apart. */
const entry = (kind: 'object' | 'prefix', name: string) => `${kind}:${name}`;

/** A page or a run as one key-ordered sequence. */
function entriesOf(run: ListingRun<Listed>): string[] {
  return [...run.objects.map((object) => ({ name: object.key, kind: 'object' as const })), ...run.commonPrefixes.map((name) => ({ name, kind: 'prefix' as const }))]
    .sort((a, b) => utf8Order(a.name, b.name))
    .map(({ kind, name }) => entry(kind, name));
}

/** The plain loop every client runs today: ListObjectsV2, then its continuation token, until the end. */
function listSequentially(keys: Iterable<string>, prefix: string, delimiter: string | undefined, pageSize: number): string[] {
  const bucket = new MemoryBucket(keys);
  const entries: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = bucket.list({ prefix, delimiter, maxKeys: pageSize, continuationToken });
    entries.push(...entriesOf(page));
    continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (continuationToken);
  return entries;
}

/** A reply after a turn of the event loop, so that requests really overlap. */
const later = <T>(value: () => T) => new Promise<T>((resolve, reject) => setImmediate(() => {
  try {
    resolve(value());
  } catch (error) {
    reject(error instanceof Error ? error : new Error(String(error)));
  }
}));

interface Run {
  entries: string[];
  runs: number;
  requests: ListPageParams[];
}

async function listInParallel(
  bucket: MemoryBucket,
  options: { prefix: string; delimiter?: string; pageSize: number; concurrency: number; signal?: AbortSignal; splitWhen?: () => boolean },
): Promise<Run> {
  const entries: string[] = [];
  let runs = 0;
  for await (const run of listInRanges<Listed>({ ...options, listPage: (params) => later(() => bucket.list(params)), retryDelayMs: () => 0 })) {
    entries.push(...entriesOf(run));
    runs++;
  }
  return { entries, runs, requests: bucket.requests };
}

const printable = (characters: string) => fc.constantFrom(...[...characters]);
const nameOf = (characters: string, maxLength: number) => fc.string({ unit: printable(characters), minLength: 1, maxLength });

/** Key sets the way folders really look, and the ways that break range splitting. */
const keySets = {
  uniform: fc.array(nameOf('abcdefghijklmnopqrstuvwxyz0123456789/-._', 12), { maxLength: 300 }),
  clustered: fc
    .array(fc.tuple(fc.constantFrom('img/', 'logs/2024-', 'logs/2025-', 'a', 'zz/'), fc.nat(99_999)), { maxLength: 300 })
    .map((pairs) => pairs.map(([cluster, n]) => `${cluster}${String(n).padStart(6, '0')}`)),
  longSharedPrefixes: fc
    .array(fc.tuple(fc.constantFrom('x'.repeat(60), `${'x'.repeat(59)}y`, `${'ab'.repeat(40)}/`), nameOf('0123/ab', 6)), { maxLength: 300 })
    .map((pairs) => pairs.map(([shared, rest]) => shared + rest)),
  // U+FF01 and U+E000 sort before astral characters in UTF-8 but after them in UTF-16.
  unicode: fc.array(nameOf('aé/中\uE000\uFF01\u{10000}\u{1F600}\u{10FFFF}z', 8), { maxLength: 300 }),
  subFolders: fc
    .array(fc.tuple(nameOf('abc', 3), fc.option(nameOf('abc/', 4), { nil: undefined })), { maxLength: 300 })
    .map((pairs) => pairs.map(([folder, rest]) => (rest === undefined ? folder : `${folder}/${rest}`))),
};

const shapes = fc.record({
  pageSize: fc.integer({ min: 1, max: 25 }),
  concurrency: fc.integer({ min: 1, max: 8 }),
  delimiter: fc.constantFrom('/', undefined),
  prefixChoice: fc.constantFrom('', 'first'),
  startAfterInPrefix: fc.constantFrom<StartAfterInPrefix>('lists the prefix again', 'skips the prefix'),
});

/** The folder to list: the whole bucket, or the folder of the first key that has one. */
function folderOf(keys: string[], choice: '' | 'first'): string {
  if (choice === '') return '';
  const withFolder = keys.find((key) => key.includes('/'));
  return withFolder ? withFolder.slice(0, withFolder.indexOf('/') + 1) : '';
}

const sameParams = (params: ListPageParams) => JSON.stringify([params.prefix, params.delimiter, params.maxKeys, params.startAfter, params.continuationToken]);

describe('the parallel range lister lists exactly what the sequential loop lists', () => {
  for (const [name, keySet] of Object.entries(keySets)) {
    it(`${name} keys: the same entries in the same order, and no page asked for twice`, async () => {
      await fc.assert(
        fc.asyncProperty(keySet, shapes, async (keys, shape) => {
          const prefix = folderOf(keys, shape.prefixChoice);
          const expected = listSequentially(keys, prefix, shape.delimiter, shape.pageSize);
          const listed = await listInParallel(new MemoryBucket(keys, shape.startAfterInPrefix), { prefix, ...shape });
          expect(listed.entries).toEqual(expected);
          const asked = listed.requests.map(sameParams);
          expect(new Set(asked).size).toBe(asked.length);
        }),
        { numRuns: 120 },
      );
    });
  }

  it('keys equal to the split points, and sub-folders named after them: still the same listing', async () => {
    let splitPointsThatAreKeys = 0;
    let splitPointsInsideSubFolders = 0;
    await fc.assert(
      fc.asyncProperty(keySets.uniform, fc.integer({ min: 1, max: 10 }), async (keys, pageSize) => {
        const shape = { prefix: '', delimiter: '/', pageSize, concurrency: 8 };
        const probe = await listInParallel(new MemoryBucket(keys), shape);
        const splitPoints = probe.requests.flatMap((params) => (params.startAfter === undefined ? [] : [params.startAfter]));
        // The second folder holds every split point of the first listing as a key, and a sub-folder under each.
        const seeded = [...keys, ...splitPoints, ...splitPoints.map((point) => `${point}/inside`), ...splitPoints.map((point) => `${point.slice(0, -1)}/${point}`)];
        const listed = await listInParallel(new MemoryBucket(seeded), shape);
        expect(listed.entries).toEqual(listSequentially(seeded, '', '/', pageSize));
        const asked = listed.requests.map(sameParams);
        expect(new Set(asked).size).toBe(asked.length);
        const seededKeys = new Set(seeded);
        const prefixes = listed.entries.filter((name) => name.startsWith('prefix:')).map((name) => name.slice('prefix:'.length));
        for (const { startAfter } of listed.requests) {
          if (startAfter === undefined) continue;
          if (seededKeys.has(startAfter)) splitPointsThatAreKeys++;
          if (prefixes.some((prefix) => startAfter.startsWith(prefix) && startAfter !== prefix)) splitPointsInsideSubFolders++;
        }
      }),
      { numRuns: 150 },
    );
    // The property above only means something if those cases really came up.
    expect(splitPointsThatAreKeys).toBeGreaterThan(0);
    expect(splitPointsInsideSubFolders).toBeGreaterThan(0);
  });
});

describe('fallbacks and limits', () => {
  const thousands = Array.from({ length: 5_000 }, (_, i) => `photos/IMG_${String(i).padStart(5, '0')}.jpg`);

  it('a folder that fits in one page costs exactly one request, with no StartAfter', async () => {
    const bucket = new MemoryBucket(['a.txt', 'b.txt', 'c/d.txt']);
    const listed = await listInParallel(bucket, { prefix: '', delimiter: '/', pageSize: 1000, concurrency: 8 });
    expect(listed.entries).toEqual([entry('object', 'a.txt'), entry('object', 'b.txt'), entry('prefix', 'c/')]);
    expect(bucket.requests).toEqual([{ prefix: '', delimiter: '/', maxKeys: 1000 }]);
  });

  it('when the first page says splitting will not pay, the rest is the sequential loop: continuation tokens only, one request per page', async () => {
    const bucket = new MemoryBucket(thousands);
    const asked: unknown[] = [];
    const listed = await listInParallel(bucket, {
      prefix: 'photos/',
      pageSize: 1000,
      concurrency: 8,
      splitWhen: (...timing: unknown[]) => {
        asked.push(timing);
        return false;
      },
    });
    expect(listed.entries).toEqual(thousands.map((key) => entry('object', key)));
    expect(asked).toHaveLength(1);
    expect(listed.requests).toHaveLength(5);
    expect(listed.requests.every((request) => request.startAfter === undefined)).toBe(true);
  });

  it('an empty folder costs one request and still hands over its (empty) first page', async () => {
    const bucket = new MemoryBucket(['elsewhere/a.txt']);
    const listed = await listInParallel(bucket, { prefix: 'empty/', delimiter: '/', pageSize: 1000, concurrency: 8 });
    expect(listed).toEqual({ entries: [], runs: 1, requests: [{ prefix: 'empty/', delimiter: '/', maxKeys: 1000 }] });
  });

  it('a big folder is listed with requests in flight at once, and its first run is the first page exactly', async () => {
    const bucket = new MemoryBucket(thousands);
    let inFlight = 0;
    let mostInFlight = 0;
    const runs: ListingRun<Listed>[] = [];
    const listPage = async (params: ListPageParams) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await later(() => bucket.list(params));
      } finally {
        inFlight--;
      }
    };
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', delimiter: '/', pageSize: 100, concurrency: 8 })) runs.push(run);
    expect(runs[0]!.objects.map((object) => object.key)).toEqual(thousands.slice(0, 100));
    expect(runs.flatMap(entriesOf)).toEqual(thousands.map((key) => entry('object', key)));
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(8);
  });

  it('a range whose keys look counted out asks for a small page, so little of the next range is read and dropped', async () => {
    // Counter names, 10,000 of them: cut by their digits into ranges that end exactly at a page's end.
    const counted = Array.from({ length: 10_000 }, (_, i) => `photos/IMG_${String(i).padStart(6, '0')}.jpg`);
    const bucket = new MemoryBucket(counted);
    let read = 0;
    const listPage = async (params: ListPageParams) => {
      const page = await later(() => bucket.list(params));
      read += page.objects.length + page.commonPrefixes.length;
      return page;
    };
    const listed: string[] = [];
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', delimiter: '/', pageSize: 100, concurrency: 8 })) listed.push(...entriesOf(run));
    expect(listed).toEqual(counted.map((key) => entry('object', key)));
    const smallPages = bucket.requests.filter((params) => params.maxKeys < 100);
    expect(smallPages.length).toBeGreaterThan(0);
    // Full pages all along read a whole page past the end of every range: 12,500 entries here.
    expect(read).toBeLessThan(counted.length * 1.15);
  });

  it('SlowDown narrows the requests in flight, and the listing still completes exactly', async () => {
    const bucket = new MemoryBucket(thousands);
    let inFlight = 0;
    let throttled = 0;
    const inFlightAfterThrottling: number[] = [];
    const listPage = async (params: ListPageParams) => {
      inFlight++;
      try {
        // This "S3" throttles whenever more than two requests of this client overlap.
        if (inFlight > 2) {
          throttled++;
          await later(() => undefined);
          throw Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
        }
        if (throttled > 0) inFlightAfterThrottling.push(inFlight);
        return await later(() => bucket.list(params));
      } finally {
        inFlight--;
      }
    };
    const entries: string[] = [];
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100, concurrency: 8, retryDelayMs: () => 0 })) entries.push(...entriesOf(run));
    expect(entries).toEqual(thousands.map((key) => entry('object', key)));
    expect(throttled).toBeGreaterThan(0);
    // Halved from 8 to 4 to 2: from then on this "S3" has nothing to throttle.
    expect(Math.max(...inFlightAfterThrottling.slice(-10))).toBeLessThanOrEqual(2);
  });

  it('throttled without end: the listing fails with the throttling error after its retries', async () => {
    const listPage = () => Promise.reject(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }));
    await expect(async () => {
      for await (const run of listInRanges<Listed>({ listPage, prefix: '', throttleRetries: 3, retryDelayMs: () => 0 })) expect(run).toBeDefined();
    }).rejects.toThrow('Please reduce your request rate.');
  });

  it('a service that refuses StartAfter: the listing falls back to one sequential range and loses nothing', async () => {
    const bucket = new MemoryBucket(thousands);
    const listPage = (params: ListPageParams) =>
      params.startAfter === undefined ? later(() => bucket.list(params)) : Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const entries: string[] = [];
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100, concurrency: 8 })) entries.push(...entriesOf(run));
    expect(entries).toEqual(thousands.map((key) => entry('object', key)));
  });

  it('StartAfter refused only after earlier ranges finished: the listing restarts from the folder start and skips what it handed over', async () => {
    const bucket = new MemoryBucket(thousands);
    const slowly = async <T>(turns: number, value: () => T) => {
      for (let i = 1; i < turns; i++) await later(() => undefined);
      return later(value);
    };
    // Continuation requests answer at once; StartAfter requests are refused, but only after the first range is done.
    const listPage = (params: ListPageParams) =>
      params.startAfter === undefined
        ? later(() => bucket.list(params))
        : slowly(400, () => {
            throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
          });
    const entries: string[] = [];
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100, concurrency: 4 })) entries.push(...entriesOf(run));
    expect(entries).toEqual(thousands.map((key) => entry('object', key)));
    // The restart: a second request with neither StartAfter nor a continuation token.
    expect(bucket.requests.filter((params) => params.continuationToken === undefined && params.startAfter === undefined)).toHaveLength(2);
  });

  it('any other error in a continuation request ends the listing with that error', async () => {
    const bucket = new MemoryBucket(thousands);
    const listPage = (params: ListPageParams) =>
      params.continuationToken === undefined ? later(() => bucket.list(params)) : Promise.reject(Object.assign(new Error('Internal Error'), { name: 'InternalError' }));
    await expect(async () => {
      for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100 })) expect(run).toBeDefined();
    }).rejects.toThrow('Internal Error');
  });

  it('aborting stops every request in flight and asks for nothing more', async () => {
    const bucket = new MemoryBucket(thousands);
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const listPage = (params: ListPageParams, signal: AbortSignal) => {
      signals.push(signal);
      // Pages after the first never come back on their own: only the abort ends them.
      if (bucket.requests.length > 0) {
        return new Promise<ListedPage<Listed>>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
      }
      return later(() => bucket.list(params));
    };
    const listing = listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100, concurrency: 8, signal: controller.signal });
    const first = await listing.next();
    expect(first.done).toBe(false);
    await later(() => undefined);
    const requestsWhenAborted = signals.length;
    controller.abort();
    await expect(listing.next()).rejects.toThrow();
    await later(() => undefined);
    expect(requestsWhenAborted).toBeGreaterThan(1);
    expect(signals).toHaveLength(requestsWhenAborted);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('a consumer that stops taking runs aborts every request in flight', async () => {
    const bucket = new MemoryBucket(thousands);
    const signals: AbortSignal[] = [];
    const listPage = (params: ListPageParams, signal: AbortSignal) => {
      signals.push(signal);
      return later(() => bucket.list(params));
    };
    for await (const run of listInRanges<Listed>({ listPage, prefix: 'photos/', pageSize: 100, concurrency: 8 })) {
      expect(run.objects).toHaveLength(100);
      break;
    }
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});
