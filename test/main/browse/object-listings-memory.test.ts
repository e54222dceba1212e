import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ListObjectsV2Command, ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { objectCount, type ListingEvent } from '../../../common/ipc';
import type { SessionClients } from '../../../main/aws/session-clients';
import { ObjectListings } from '../../../main/browse/object-listings';

const PAGES = 1_000;
const PAGE_KEYS = 1_000;
const MIB = 1024 * 1024;

/** A collector exposed without restarting the worker with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const keyAt = (index: number) => `huge/${String(index).padStart(7, '0')}-a-fairly-ordinary-file-name.jpg`;

/** The index of the first synthetic key after `startAfter` (keys are ASCII: JavaScript's order is S3's). */
function firstIndexAfter(startAfter: string): number {
  let low = 0;
  let high = PAGES * PAGE_KEYS;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (keyAt(middle) <= startAfter) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An S3 client whose ListObjectsV2 lists `PAGES` × `PAGE_KEYS` synthetic keys (StartAfter and continuation tokens), each only when asked for. */
function millionKeyFolder(): Pick<SessionClients, 'client' | 'onSessionEnded'> {
  const send = async (command: ListObjectsV2Command): Promise<ListObjectsV2CommandOutput> => {
    const { ContinuationToken, StartAfter, MaxKeys = PAGE_KEYS } = command.input;
    const from = ContinuationToken !== undefined ? Number(ContinuationToken) : firstIndexAfter(StartAfter ?? '');
    const to = Math.min(from + MaxKeys, PAGES * PAGE_KEYS);
    const modified = new Date(Date.UTC(2026, 0, 1));
    const Contents = Array.from({ length: to - from }, (_, i) => ({
      Key: keyAt(from + i),
      Size: 1_234_567,
      LastModified: modified,
      ETag: '"0123456789abcdef0123456789abcdef"',
      StorageClass: 'STANDARD' as const,
    }));
    const last = to === PAGES * PAGE_KEYS;
    return { $metadata: {}, Contents, KeyCount: Contents.length, IsTruncated: !last, NextContinuationToken: last ? undefined : String(to) };
  };
  return {
    client: () => ({ info: { id: 1 }, s3: { send } }) as unknown as ReturnType<SessionClients['client']>,
    onSessionEnded: () => () => undefined,
  };
}

describe('a 1,000,000-key folder', () => {
  it('is streamed to the window page by page: the memory it holds stays the same from 100,000 keys to 1,000,000', async () => {
    const gc = exposeGc();
    const listings = new ObjectListings({ clients: millionKeyFolder() as SessionClients });
    /** heapUsed after a full collection, when the window has been sent this many keys. */
    const heapAt = new Map<number, number>();
    let keys = 0;
    const finished = new Promise<Extract<ListingEvent, { kind: 'done' | 'error' }>>((resolve) => {
      listings.onEvent((event) => {
        // The window takes each page and the listener keeps nothing of it.
        if (event.kind !== 'page') return resolve(event);
        keys += objectCount(event.objects);
        if (keys === 100_000 || keys === 1_000_000) {
          gc();
          heapAt.set(keys, process.memoryUsage().heapUsed);
        }
      });
    });
    listings.start({ bucket: 'team-bucket', prefix: 'huge/', listingId: 'million' });

    expect(await finished).toEqual({ listingId: 'million', kind: 'done', folderCount: 0, objectCount: 1_000_000 });
    listings.dispose();
    const grown = heapAt.get(1_000_000)! - heapAt.get(100_000)!;
    console.info(
      `ObjectListings heap after GC: ${(heapAt.get(100_000)! / MIB).toFixed(1)} MiB at 100k keys, ` +
        `${(heapAt.get(1_000_000)! / MIB).toFixed(1)} MiB at 1M keys (${(grown / MIB).toFixed(2)} MiB more)`,
    );
    // 900,000 more keys sent; holding even 100 bytes of each would be 86 MiB.
    expect(grown).toBeLessThan(20 * MIB);
  });
});
