import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { IPC_EVENTS, type ListingEvent } from '../../common/ipc';
import { createIpcHandlers, type IpcHandlers } from '../../main/ipc/create-handlers';
import { forwardEvents, type EventTarget } from '../../main/ipc/register-ipc';
import { DELIMITER, PAGE_SIZE } from '../../main/browse/folder-page';
import type { BenchSession } from './bench-session';
import { describeFailure, failedResult, round, timeResult, type BenchResult } from './report';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

export interface ListingTarget {
  bucket: string;
  prefix: string;
}

export interface ListingBenchOptions {
  /** Rounds of the whole listing (app and raw alternating); 0 = skip list-100k. */
  listRounds: number;
  /** Rounds of the first page; 0 = skip first-page-100k. */
  firstPageRounds: number;
  log?: (line: string) => void;
}

interface AppListing {
  firstPageMs: number;
  totalMs: number;
  objects: number;
}

/**
 * The app's listing as the window gets it: the real openListing IPC handler
 * (argument validation included) starts ObjectListings, and the real
 * forwardEvents (register-ipc.ts) hands every event to a stand-in
 * webContents whose send() structured-clones it, as Electron's IPC
 * serialises a message. Time stops when the cloned event is in hand.
 */
class RendererSide {
  private readonly handlers: IpcHandlers;
  private readonly waiting = new Map<string, (event: ListingEvent) => void>();
  private readonly stop: () => void;

  constructor(session: BenchSession) {
    const { services } = session;
    this.handlers = createIpcHandlers(services);
    const target: EventTarget = {
      isDestroyed: () => false,
      send: (channel, ...args) => {
        const [event] = structuredClone(args) as [ListingEvent];
        if (channel === IPC_EVENTS.onListingEvent.channel) this.waiting.get(event.listingId)?.(event);
      },
    };
    this.stop = forwardEvents(services.events, () => target);
  }

  async list(target: ListingTarget, firstPageOnly: boolean): Promise<AppListing> {
    const listingId = `bench-${randomUUID()}`;
    let firstPageMs = -1;
    let objects = 0;
    const started = performance.now();
    const finished = new Promise<number>((resolve, reject) => {
      this.waiting.set(listingId, (event) => {
        if (event.kind === 'page') {
          if (firstPageMs < 0) {
            firstPageMs = performance.now() - started;
            if (firstPageOnly) {
              void this.handlers.cancelListing([listingId]);
              resolve(firstPageMs);
            }
          }
          objects += event.objects.length;
        } else if (event.kind === 'done') {
          resolve(performance.now() - started);
        } else {
          reject(new Error(`The app's listing failed: ${event.error.code}: ${event.error.message}`));
        }
      });
    });
    try {
      const reply = await this.handlers.openListing([{ ...target, listingId }]);
      if (!reply.ok) throw new Error(`openListing answered ${reply.error.code}: ${reply.error.message}`);
      const totalMs = await finished;
      return { firstPageMs, totalMs, objects };
    } finally {
      this.waiting.delete(listingId);
    }
  }

  dispose(): void {
    this.stop();
  }
}

/** The same requests with the raw SDK: ListObjectsV2 with the app's delimiter and page size, one after another. */
async function rawListing(raw: S3Client, target: ListingTarget, firstPageOnly: boolean): Promise<AppListing> {
  const started = performance.now();
  let firstPageMs = -1;
  let objects = 0;
  let token: string | undefined;
  do {
    const reply = await raw.send(
      new ListObjectsV2Command({
        Bucket: target.bucket,
        Prefix: target.prefix === '' ? undefined : target.prefix,
        Delimiter: DELIMITER,
        MaxKeys: PAGE_SIZE,
        ContinuationToken: token,
      }),
    );
    if (firstPageMs < 0) firstPageMs = performance.now() - started;
    // Counted as the app counts (a folder's own marker object is not an entry), only to check both saw the same listing.
    for (const object of reply.Contents ?? []) if (object.Key !== target.prefix) objects++;
    token = firstPageOnly ? undefined : reply.NextContinuationToken;
  } while (token);
  return { firstPageMs, totalMs: performance.now() - started, objects };
}

const LIST_METHOD =
  'Time from calling the openListing IPC handler until the `done` event has been structured-cloned on the way to the window, ' +
  'through the real handler, ObjectListings and forwardEvents (a stand-in webContents whose send() structured-clones every event, ' +
  'as Electron serialises IPC messages; the clone is both halves of that, so it slightly over-counts). ' +
  'The raw side is a ListObjectsV2 loop with the same prefix, delimiter and page size on a plain S3Client holding the same credentials. ' +
  'One warm-up each, then rounds alternating which side goes first (ABBA), medians reported (minima in details). The stack runs in its own process, as S3 would be elsewhere.';

const FIRST_PAGE_METHOD =
  'Time from calling the openListing IPC handler until the first `page` event has been structured-cloned on the way to the window ' +
  '(same path as list-100k; the listing is cancelled right after), against one raw ListObjectsV2 call with the same parameters. ' +
  'Measured at the IPC boundary rather than in the real renderer in Chromium: the E2E bridge delivers each event with a Playwright ' +
  'page.evaluate (a CDP round trip and a JSON copy) that Electron’s IPC does not have, so it would time the harness as much as the app, ' +
  'while the handler and the structured clone are exactly the main-process work Electron does. ' +
  'One warm-up each, then rounds alternating which side goes first (each after a 50 ms pause, so nothing the other side started is still running), medians reported; minima are in details.';

/** list-100k and first-page-100k against `target` (the 100,000-key prefix in the real run). */
export async function benchListings(session: BenchSession, target: ListingTarget, options: ListingBenchOptions): Promise<BenchResult[]> {
  const log = options.log ?? (() => {});
  const side = new RendererSide(session);
  const results: BenchResult[] = [];
  try {
    if (options.listRounds > 0) {
      results.push(
        await measure({
          name: 'list-100k',
          method: LIST_METHOD,
          baselineIs: 'a raw ListObjectsV2 loop over the same prefix',
          rounds: options.listRounds,
          app: async () => side.list(target, false),
          raw: async () => rawListing(session.raw, target, false),
          pick: (listing) => listing.totalMs,
          log,
        }),
      );
    }
    if (options.firstPageRounds > 0) {
      results.push(
        await measure({
          name: 'first-page-100k',
          method: FIRST_PAGE_METHOD,
          baselineIs: 'one raw ListObjectsV2 call',
          rounds: options.firstPageRounds,
          app: async () => side.list(target, true),
          raw: async () => rawListing(session.raw, target, true),
          pick: (listing) => listing.firstPageMs,
          log,
        }),
      );
    }
  } finally {
    side.dispose();
  }
  return results;
}

async function measure(spec: {
  name: string;
  method: string;
  baselineIs: string;
  rounds: number;
  app: () => Promise<AppListing>;
  raw: () => Promise<AppListing>;
  pick: (listing: AppListing) => number;
  log: (line: string) => void;
}): Promise<BenchResult> {
  const budget = spec.name === 'list-100k' ? 0.9 : 0.8;
  const rounds: Array<Record<string, number>> = [];
  try {
    // Warm-up: JIT, keep-alive connections, the emulator's SQLite pages.
    const [appWarm, rawWarm] = [await spec.app(), await spec.raw()];
    if (appWarm.objects !== rawWarm.objects) throw new Error(`the app listed ${appWarm.objects} objects, the raw SDK ${rawWarm.objects}`);
    const app: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < spec.rounds; round++) {
      const appFirst = round % 4 === 0 || round % 4 === 3;
      let appMs = 0;
      let rawMs = 0;
      // A pause before each measurement lets the emulator and the client finish whatever the last one left
      // (a cancelled listing's request, sockets closing), so neither side waits behind the other's work.
      if (appFirst) {
        await settle();
        appMs = spec.pick(await spec.app());
        await settle();
        rawMs = spec.pick(await spec.raw());
      } else {
        await settle();
        rawMs = spec.pick(await spec.raw());
        await settle();
        appMs = spec.pick(await spec.app());
      }
      app.push(appMs);
      raw.push(rawMs);
      rounds.push({ app: appMs, raw: rawMs });
      spec.log(`${spec.name} round ${round + 1}/${spec.rounds}: app ${appMs.toFixed(1)} ms, raw ${rawMs.toFixed(1)} ms`);
    }
    return timeResult({
      name: spec.name,
      unit: 'ms',
      budget,
      method: spec.method,
      baselineIs: spec.baselineIs,
      rounds,
      app,
      raw,
      details: { objects: appWarm.objects, minMs: { app: round(Math.min(...app), 1), raw: round(Math.min(...raw), 1) } },
    });
  } catch (error) {
    return failedResult({
      name: spec.name,
      unit: 'ms',
      budget,
      kind: 'relative',
      method: spec.method,
      rounds,
      error: describeFailure(error),
    });
  }
}
