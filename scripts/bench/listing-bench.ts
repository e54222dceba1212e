import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { IPC_EVENTS, objectCount, type ListingEvent } from '../../common/ipc';
import { createIpcHandlers, type IpcHandlers } from '../../main/ipc/create-handlers';
import { forwardEvents, type EventTarget } from '../../main/ipc/register-ipc';
import { DELIMITER, PAGE_SIZE } from '../../main/browse/folder-page';
import type { BenchSession } from './bench-session';
import { CLI_PEERS, listedEntries, runPeer, type CliTools } from './peers';
import { describeFailure, failedResult, PEER_BUDGETS, round, timeResult, WAN_LISTING_BUDGET, type BenchResult, type NetworkProfile, type Peer } from './report';
import { measureTools, type Tool } from './rounds';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

export interface ListingTarget {
  bucket: string;
  prefix: string;
}

export interface ListingBenchOptions {
  /** What the whole listing's result is called: list-100k (the default) or list-1m. */
  listName?: 'list-100k' | 'list-1m';
  /** Rounds of the whole listing (every tool once a round, rotated); 0 = skip it. */
  listRounds: number;
  /** Whether the peer CLIs get a warm-up run too (default true; a million keys through the AWS CLI takes minutes). */
  warmPeers?: boolean;
  /** Rounds of the first page (app and raw alternating); 0 = skip first-page-100k. */
  firstPageRounds: number;
  /** The network profile of the stack (decides list-100k's ratio and budget); loopback by default. */
  profile?: NetworkProfile;
  /** The peer CLIs (findCliTools); none when not given. */
  tools?: CliTools;
  /** Where the peers' config files go (needed with `tools`). */
  scratch?: string;
  /** Entries every tool must see (100,000 in the real run); unset = as many as the app saw. */
  expectedEntries?: number;
  log?: (line: string) => void;
}

interface AppListing {
  firstPageMs: number;
  totalMs: number;
  /** Objects and folders listed (a folder's own marker object is not an entry). */
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
          objects += objectCount(event.objects) + event.folders.length;
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
    objects += reply.CommonPrefixes?.length ?? 0;
    token = firstPageOnly ? undefined : reply.NextContinuationToken;
  } while (token);
  return { firstPageMs, totalMs: performance.now() - started, objects };
}

function listMethod(target: ListingTarget, entries: number | undefined): string {
  const count = entries === undefined ? 'big' : `${entries.toLocaleString('en')}-key`;
  return (
    `The ${count} folder s3://${target.bucket}/${target.prefix}, one level (a delimiter listing), the same keys for every tool. ` +
    'App: time from calling the openListing IPC handler until the `done` event has been structured-cloned on the way to the window, ' +
    'through the real handler, ObjectListings and forwardEvents (a stand-in webContents whose send() structured-clones every event, ' +
    'as Electron serialises IPC messages; the clone is both halves of that, so it slightly over-counts), in the bench process, already signed in. ' +
    'Raw SDK: a sequential ListObjectsV2 loop (one page after another, as every GUI client lists) with the same prefix, delimiter and page size on a plain S3Client holding the same credentials, in the same process. ' +
    `AWS CLI: \`aws s3 ls s3://${target.bucket}/${target.prefix}\`; rclone: \`rclone lsf desk:${target.bucket}/${target.prefix}\` (one level), ` +
    'each a fresh process with the session’s credentials and none of this machine’s AWS/rclone settings, timed from spawn to exit (so its start-up counts, as it does for whoever types it), ' +
    'its peak RSS and CPU from GNU time (%M, %U + %S) in details. Every tool must list the same entries (checked outside the timing). ' +
    'One warm-up each (details.warmedPeers says whether the CLIs had one), then rounds with every tool once, the order rotated round to round, 50 ms pause before each; medians in seconds, minima in details. ' +
    'Under wan the app is judged against the sequential raw SDK loop (at least 4× faster); the peers’ ratios are in details.ratioTo. ' +
    'The stack runs in its own process, as S3 would be elsewhere, its garbage collected on its main thread only (bench-stack.ts).'
  );
}

const FIRST_PAGE_METHOD =
  'Time from calling the openListing IPC handler until the first `page` event has been structured-cloned on the way to the window ' +
  '(same path as list-100k; the listing is cancelled right after), against one raw ListObjectsV2 call with the same parameters. ' +
  'Measured at the IPC boundary rather than in the real renderer in Chromium: the E2E bridge delivers each event with a Playwright ' +
  'page.evaluate (a CDP round trip and a JSON copy) that Electron’s IPC does not have, so it would time the harness as much as the app, ' +
  'while the handler and the structured clone are exactly the main-process work Electron does. ' +
  'One warm-up each, then rounds alternating which side goes first (each after a 50 ms pause, so nothing the other side started is still running), medians reported; minima are in details.';

/** The whole listing (list-100k or list-1m) and first-page-100k against `target`. */
export async function benchListings(session: BenchSession, target: ListingTarget, options: ListingBenchOptions): Promise<BenchResult[]> {
  const log = options.log ?? (() => {});
  const side = new RendererSide(session);
  const results: BenchResult[] = [];
  try {
    if (options.listRounds > 0) results.push(await measureList(session, side, target, options, log));
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

/** list-100k / list-1m: the app, the raw SDK and the peer CLIs, each once a round in rotated order (measureTools). */
async function measureList(
  session: BenchSession,
  side: RendererSide,
  target: ListingTarget,
  options: ListingBenchOptions,
  log: (line: string) => void,
): Promise<BenchResult> {
  const profile = options.profile ?? 'loopback';
  const name = options.listName ?? 'list-100k';
  const warmPeers = options.warmPeers !== false;
  const budget = profile === 'wan' ? WAN_LISTING_BUDGET : PEER_BUDGETS[profile];
  const tools = options.tools;
  const scratch = options.scratch;
  const missing: Partial<Record<Peer, string>> = {};
  const available: Tool[] = ['app', 'raw-sdk'];
  for (const peer of CLI_PEERS) {
    const tool = tools?.[peer];
    if (!tool) missing[peer] = 'not run (no peer CLIs given)';
    else if ('missing' in tool) missing[peer] = tool.missing;
    else if (!scratch) missing[peer] = 'not run (no scratch folder for its configuration)';
    else available.push(peer);
  }
  const entries = async (tool: Tool): Promise<{ ms: number; entries: number }> => {
    await settle();
    if (tool === 'app' || tool === 'raw-sdk') {
      const listing = tool === 'app' ? await side.list(target, false) : await rawListing(session.raw, target, false);
      return { ms: listing.totalMs, entries: listing.objects };
    }
    const outcome = await runPeer(tool, tools!, { kind: 'list', bucket: target.bucket, prefix: target.prefix }, { session, scratch: scratch!, keepStdout: true });
    return { ms: outcome.seconds * 1000, entries: listedEntries(tool, outcome.stdout ?? '') };
  };
  let expected = options.expectedEntries;
  const check = (tool: Tool, seen: number) => {
    if (seen !== expected) throw new Error(`${tool} listed ${seen} entries, not ${expected}`);
  };
  try {
    // Warm-up: JIT, keep-alive connections, the emulator's SQLite pages, the CLIs' files in the page cache.
    const app = await entries('app');
    expected ??= app.entries;
    check('app', app.entries);
    for (const tool of available.slice(1)) {
      if (!warmPeers && tool !== 'raw-sdk') continue;
      try {
        check(tool, (await entries(tool)).entries);
      } catch (error) {
        if (tool === 'raw-sdk') throw error;
        missing[tool as Peer] = `failed its warm-up: ${describeFailure(error)}`;
        log(`${profile}/${name} ${tool} warm-up failed: ${missing[tool as Peer]}`);
      }
    }
  } catch (error) {
    return failedResult({ name, unit: 's', budget: budget.budget, kind: 'relative', method: listMethod(target, expected), error: describeFailure(error) });
  }
  const { result } = await measureTools({
    name,
    profile,
    method: listMethod(target, expected),
    rounds: options.listRounds,
    tools: available.filter((tool) => tool === 'app' || tool === 'raw-sdk' || !missing[tool]),
    missing,
    log,
    budget,
    details: { entries: expected, warmedPeers: warmPeers },
    run: async (tool) => {
      if (tool === 'app' || tool === 'raw-sdk') {
        const listed = await entries(tool);
        check(tool, listed.entries);
        return { seconds: listed.ms / 1000 };
      }
      await settle();
      const outcome = await runPeer(tool, tools!, { kind: 'list', bucket: target.bucket, prefix: target.prefix }, { session, scratch: scratch!, keepStdout: true });
      check(tool, listedEntries(tool, outcome.stdout ?? ''));
      return { seconds: outcome.seconds, peakRssMib: outcome.peakRssMib, cpuSeconds: outcome.cpuSeconds };
    },
  });
  return result;
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
  const budget = 0.8;
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
