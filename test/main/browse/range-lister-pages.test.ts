import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inPagesOf } from '../../../main/browse/range-listing/page-runs';
import type { ListingRun } from '../../../main/browse/range-listing/range-lister';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A run's entries in key order, objects and prefixes together (these names are ASCII: JavaScript's order is S3's). */
const entriesOf = (run: ListingRun<{ key: string }>) => [...run.objects.map((object) => object.key), ...run.commonPrefixes].sort();

describe('runs regrouped into pages', () => {
  it('are the sequential pages: `size` entries each in key order, the last one smaller, however the runs were cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-e]{1,3}\/?$/), { maxLength: 60 }).map((names) => names.sort()),
        fc.array(fc.nat(10), { maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        async (names, cuts, size) => {
          // The first run is a whole first page, as the range lister hands it over; the rest is cut anywhere.
          const runs: ListingRun<{ key: string }>[] = [];
          let start = 0;
          for (const length of [size, ...cuts, names.length]) {
            const slice = names.slice(start, start + length);
            start += slice.length;
            runs.push({ objects: slice.filter((name) => !name.endsWith('/')).map((key) => ({ key })), commonPrefixes: slice.filter((name) => name.endsWith('/')) });
            if (start >= names.length) break;
          }
          const pages = await collect(inPagesOf(from(runs), size));
          const expected = [];
          for (let i = 0; i < names.length; i += size) expected.push(names.slice(i, i + size));
          expect(pages.map(entriesOf)).toEqual(expected.length === 0 ? [[]] : expected);
        },
      ),
    );
  });

  it('a first page smaller than a page (a small folder, or an empty one) goes on at once', async () => {
    expect(await collect(inPagesOf(from([{ objects: [], commonPrefixes: [] }]), 1000))).toEqual([{ objects: [], commonPrefixes: [] }]);
  });
});
