import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ListObjectsV2Command, ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { ListingEvent } from '../../../common/ipc';
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

/** An S3 client whose ListObjectsV2 makes `PAGES` pages of `PAGE_KEYS` synthetic keys, each only when asked for. */
function millionKeyFolder(): Pick<SessionClients, 'client' | 'onSessionEnded'> {
  const send = async (command: ListObjectsV2Command): Promise<ListObjectsV2CommandOutput> => {
    const page = Number(command.input.ContinuationToken ?? '0');
    const modified = new Date(Date.UTC(2026, 0, 1));
    const Contents = Array.from({ length: PAGE_KEYS }, (_, i) => ({
      Key: `huge/${String(page * PAGE_KEYS + i).padStart(7, '0')}-a-fairly-ordinary-file-name.jpg`,
      Size: 1_234_567,
      LastModified: modified,
      ETag: '"0123456789abcdef0123456789abcdef"',
      StorageClass: 'STANDARD' as const,
    }));
    const last = page === PAGES - 1;
    return { $metadata: {}, Contents, KeyCount: PAGE_KEYS, IsTruncated: !last, NextContinuationToken: last ? undefined : String(page + 1) };
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
        keys += event.objects.length;
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
