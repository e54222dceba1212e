import { compareKeys } from './key-order';
import type { ListingRun } from './range-lister';

/**
 * Runs regrouped into pages of exactly `size` entries (objects and common
 * prefixes together), the last one smaller: the same pages, entry for entry,
 * that the sequential loop would have produced, however the ranges cut the
 * folder. At most one page is held back while it fills.
 */
export async function* inPagesOf<T extends { key: string }>(runs: AsyncIterable<ListingRun<T>>, size: number): AsyncGenerator<ListingRun<T>> {
  let objects: T[] = [];
  let commonPrefixes: string[] = [];
  let first = true;
  for await (const run of runs) {
    objects = objects.concat(run.objects);
    commonPrefixes = commonPrefixes.concat(run.commonPrefixes);
    // The first run is handed on as it is, even empty: the window shows the folder after one round trip.
    if (first && objects.length + commonPrefixes.length < size) {
      first = false;
      yield { objects, commonPrefixes };
      objects = [];
      commonPrefixes = [];
      continue;
    }
    first = false;
    while (objects.length + commonPrefixes.length >= size) {
      // Objects and prefixes are each in key order: count the first `size` entries of both together.
      let o = 0;
      let p = 0;
      while (o + p < size) {
        if (p >= commonPrefixes.length || (o < objects.length && compareKeys(objects[o]!.key, commonPrefixes[p]!) < 0)) o++;
        else p++;
      }
      yield { objects: objects.slice(0, o), commonPrefixes: commonPrefixes.slice(0, p) };
      objects = objects.slice(o);
      commonPrefixes = commonPrefixes.slice(p);
    }
  }
  if (objects.length + commonPrefixes.length > 0) yield { objects, commonPrefixes };
}
