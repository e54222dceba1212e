import { errorName } from '../../aws/s3-errors';
import { compareKeys, laterKey } from './key-order';
import { startTiming, type FirstPageTiming } from './mostly-waiting';
import { estimateRemaining, KeyAlphabet, siblingPoints, splitPoints } from './split-points';

/** One ListObjectsV2 request, as the range lister asks for it. */
export interface ListPageParams {
  prefix: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  maxKeys: number;
}

/** One ListObjectsV2 reply: objects and common prefixes, each in key order. */
export interface ListedPage<T extends { key: string }> {
  objects: T[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

export type ListPage<T extends { key: string }> = (params: ListPageParams, signal: AbortSignal) => Promise<ListedPage<T>>;

/** Entries that follow each other in the listing: everything before them has been handed over, nothing between them is missing. */
export interface ListingRun<T extends { key: string }> {
  objects: T[];
  commonPrefixes: string[];
}

export interface RangeListingOptions<T extends { key: string }> {
  listPage: ListPage<T>;
  /** The folder: '' or a prefix (ending in the delimiter for a folder). */
  prefix: string;
  /** '/' for a folder view (sub-folders roll up into common prefixes); none for a whole tree. */
  delimiter?: string;
  /** Requests in flight at most (default 8); throttling halves it, down to 1. */
  concurrency?: number;
  /** Entries held for the consumer before ranges past the first one stop asking for more (default 50,000). */
  maxHeldEntries?: number;
  /** Keys per request (default 1,000, S3's largest page). */
  pageSize?: number;
  /** Retries of one throttled request before the listing fails (default 5). */
  throttleRetries?: number;
  /** Wait before retry number `attempt` (1-based) of a throttled request. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Asked once the first page is in: whether to split the rest of the key
   * space at all (default: always). No means one page after another, exactly
   * the sequential loop's requests (mostly-waiting.ts says when it pays).
   */
  splitWhen?: (firstPage: FirstPageTiming) => boolean;
  signal?: AbortSignal;
}

/** The highest code point: a common prefix followed by it sorts after (almost) every key under that prefix. */
const PAST_PREFIX = '\u{10FFFF}';

/**
 * The smallest page asked for the rest of a range that looks nearly done, as a share of a full page.
 * S3 has no "up to" for a listing, so a range's last request brings back keys of the next range too,
 * which are read and dropped: a small page when few keys are expected keeps that waste small, and
 * costs one more round trip when the guess was wrong.
 */
const PROBE_SHARE = 0.1;
/** Room over the expected number of keys, so that a close guess still ends the range in one page. */
const PROBE_MARGIN = 1.5;

/** Pieces one split may make, per request allowed in flight: enough to hedge across folder sizes, few enough to stay cheap. */
const MAX_PIECES_PER_CONCURRENCY = 4;

const THROTTLING = new Set(['SlowDown', 'ServiceUnavailable', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

/** S3 asking the client to slow down: the lister narrows instead of failing. */
export function isThrottling(error: unknown): boolean {
  if (THROTTLING.has(errorName(error))) return true;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return status === 503;
}

/** A slice of the key space: entries whose key (or common prefix) is > after and ≤ upTo. */
interface KeyRange<T extends { key: string }> {
  /** Exclusive; undefined only for the range that starts the folder. */
  after: string | undefined;
  /** Inclusive; null is the end of the folder. */
  upTo: string | null;
  /** Where this range goes on, once one of its pages said it was truncated. */
  token: string | undefined;
  /** The fallback: list from the folder's start, skipping what was handed over (StartAfter was refused). */
  fromStart: boolean;
  started: boolean;
  inFlight: boolean;
  /** Waiting out a throttled request before sending it again. */
  waiting: boolean;
  throttledAttempts: number;
  done: boolean;
  /** No longer part of the listing (sequential fallback): whatever it receives is dropped. */
  dropped: boolean;
  /** The last entry this range has seen. */
  reached: string | undefined;
  /** About how many entries are left before its end, judged from its last page; undefined when unknown. */
  expectedRemaining: number | undefined;
  runs: ListingRun<T>[];
}

/**
 * Lists one folder (or tree) with many ListObjectsV2 requests at once and
 * hands the entries over in exact key order, as contiguous runs.
 *
 * ListObjectsV2 accepts any StartAfter, an existing key or not, so the key
 * space can be cut into ranges (after, upTo] listed side by side:
 *
 * - **First page as today.** The first request has no StartAfter; a folder
 *   that fits in one page costs exactly that one request. Its reply is handed
 *   over at once.
 * - **Split.** When a page comes back full and entirely inside its range (the
 *   range is dense) and fewer ranges have work than requests may be in
 *   flight, the rest of that range — from the last entry seen to its end — is
 *   cut into as many pieces as there are idle slots. The range keeps the first
 *   piece and goes on with its continuation token; each other piece starts
 *   with StartAfter at its lower end. Cut points are guessed from the
 *   characters seen in key names so far (split-points.ts): a piece that turns
 *   out empty costs one request, a dense one is cut again when it shows it, so
 *   work moves to where the keys really are.
 * - **Merge.** A reply that runs past its range's end into pieces nobody has
 *   asked for yet takes those pieces over: they will never be requested, so
 *   empty stretches do not cost a request each.
 * - **Small last pages.** S3 has no "list up to": a range's last request
 *   brings back the next range's keys too, read and dropped. From how densely
 *   a range's page filled its stretch of keys, the rest of the range is
 *   estimated (split-points.ts); when it looks like less than a page, it is
 *   asked for with a page about that size, and it is not cut up further.
 * - **Ownership.** Each entry — a key, or a common prefix by its own text —
 *   belongs to the one range whose interval holds it. A range drops what lies
 *   at or below its lower end (with a delimiter, a StartAfter inside a common
 *   prefix brings that prefix back; the range that holds the prefix's text has
 *   it already) and stops once it sees anything past its upper end. Because
 *   the ranges tile the key space and each lists in key order, every entry
 *   is handed over exactly once: a common prefix that straddles a cut, a cut
 *   inside a long run of keys sharing a prefix, keys in any script.
 * - **Key order** is UTF-8 byte order, S3's, compared by code point
 *   (key-order.ts), never by JavaScript's UTF-16 `<`.
 * - **No page twice.** Cut points are distinct and strictly inside their
 *   range, a range that has seen its own end never asks again, and every
 *   request is either one range's StartAfter or one continuation token.
 * - **Memory.** Only the first unfinished range's entries go to the consumer;
 *   later ranges hold theirs. Once `maxHeldEntries` are held (handed over but
 *   not yet taken, or waiting behind an earlier range), only the first range
 *   (while the consumer keeps up) and the next `concurrency` ranges (each up
 *   to its share, `maxHeldEntries / concurrency`) ask for more: at most about
 *   twice `maxHeldEntries` plus one page per request in flight. Those next
 *   ranges are where a split of the first range lands, so a slow first range
 *   is still cut up instead of listed alone.
 * - **Throttling** (SlowDown, 503) halves the requests in flight, down to
 *   one, and sends the throttled request again after a pause.
 * - **Cannot be split.** Any other error in a StartAfter request (a policy or
 *   a service that refuses it) makes the listing sequential: later ranges are
 *   dropped, the first one goes on with its continuation token to the end of
 *   the folder, or — if it had none — from the folder's start, skipping what
 *   was already handed over. Errors in continuation requests end the listing.
 * - **Cancel**: the signal (or the consumer stopping) aborts every request in flight.
 *
 * Worst case: keys whose names give no hint of where they continue (one
 * dense stretch far from every guess) cost a few rounds of empty pieces per
 * character of shared prefix before the cuts land among the keys, and a folder
 * whose keys all sit at the very end of each cut degrades to the sequential
 * loop plus those empty requests — never to a wrong or incomplete listing.
 */
export async function* listInRanges<T extends { key: string }>(options: RangeListingOptions<T>): AsyncGenerator<ListingRun<T>> {
  const listing = new RangeListing(options);
  yield* listing.runs();
}

class RangeListing<T extends { key: string }> {
  private readonly listPage: ListPage<T>;
  private readonly prefix: string;
  private readonly delimiter: string | undefined;
  private readonly maxHeldEntries: number;
  private readonly pageSize: number;
  private readonly throttleRetries: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly splitWhen: ((firstPage: FirstPageTiming) => boolean) | undefined;
  /** Running while the first request is out: how it went decides splitWhen. */
  private firstPageTiming: (() => FirstPageTiming) | undefined;
  private readonly controller = new AbortController();
  private readonly alphabet: KeyAlphabet;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private concurrency: number;
  private sequential = false;
  /** In key order; the first one is the one being handed over. */
  private ranges: KeyRange<T>[] = [];
  private output: ListingRun<T>[] = [];
  private outputEntries = 0;
  private heldEntries = 0;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private readonly detach: () => void;

  constructor(options: RangeListingOptions<T>) {
    this.listPage = options.listPage;
    this.prefix = options.prefix;
    this.delimiter = options.delimiter;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
    this.maxHeldEntries = Math.max(1, options.maxHeldEntries ?? 50_000);
    this.pageSize = options.pageSize ?? 1000;
    this.throttleRetries = options.throttleRetries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(5_000, 100 * 2 ** attempt));
    this.splitWhen = options.splitWhen;
    this.alphabet = new KeyAlphabet(options.prefix);
    const outer = options.signal;
    const abort = () => this.controller.abort(outer?.reason);
    if (outer?.aborted) abort();
    outer?.addEventListener('abort', abort, { once: true });
    this.detach = () => outer?.removeEventListener('abort', abort);
    this.controller.signal.addEventListener('abort', () => this.wake?.(), { once: true });
    this.ranges.push(newRange(undefined, null));
  }

  async *runs(): AsyncGenerator<ListingRun<T>> {
    const signal = this.controller.signal;
    try {
      this.schedule();
      while (true) {
        if (this.failure) throw this.failure.error;
        signal.throwIfAborted();
        const run = this.output.shift();
        if (run) {
          const size = entriesIn(run);
          this.outputEntries -= size;
          this.heldEntries -= size;
          this.schedule();
          yield run;
          continue;
        }
        if (this.ranges.length === 0) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      this.controller.abort();
      for (const timer of this.timers) clearTimeout(timer);
      this.detach();
    }
  }

  /** Sends what may be sent now: the first ranges first, within the concurrency and the memory budget; answers how many went. */
  private schedule(): number {
    if (this.failure || this.controller.signal.aborted) return 0;
    let inFlight = this.ranges.filter((range) => range.inFlight).length;
    let sent = 0;
    for (const [index, range] of this.ranges.entries()) {
      if (inFlight >= this.concurrency) break;
      if (range.inFlight || !this.maySend(range, index)) continue;
      inFlight++;
      sent++;
      this.send(range);
    }
    return sent;
  }

  /**
   * The memory budget: the first range always goes on while the consumer keeps up; the next few (a
   * request's worth each, `concurrency` of them) while each holds less than its share of the budget;
   * any other only while the whole budget is not used up.
   */
  private maySend(range: KeyRange<T>, index: number): boolean {
    if (range.waiting || range.done) return false;
    if (index === 0) return this.outputEntries < this.maxHeldEntries;
    if (this.heldEntries < this.maxHeldEntries) return true;
    return index < this.concurrency && entriesHeldBy(range) < this.maxHeldEntries / this.concurrency;
  }

  private send(range: KeyRange<T>): void {
    range.inFlight = true;
    range.started = true;
    const usesStartAfter = range.token === undefined && !range.fromStart && range.after !== undefined;
    const params: ListPageParams = { prefix: this.prefix, maxKeys: this.pageSizeFor(range) };
    if (this.delimiter !== undefined) params.delimiter = this.delimiter;
    if (range.token !== undefined) params.continuationToken = range.token;
    else if (usesStartAfter) params.startAfter = range.after;
    if (this.splitWhen && range.after === undefined && range.token === undefined && !range.fromStart) this.firstPageTiming = startTiming();
    // A listPage that throws instead of rejecting is treated the same.
    new Promise<ListedPage<T>>((resolve) => resolve(this.listPage(params, this.controller.signal))).then(
      (page) => {
        range.inFlight = false;
        if (range.dropped || this.controller.signal.aborted) return;
        try {
          this.receive(range, page);
        } catch (error) {
          this.fail(error);
        }
        this.settle();
      },
      (error: unknown) => {
        range.inFlight = false;
        if (range.dropped || this.controller.signal.aborted) return;
        if (isThrottling(error)) this.throttled(range, error);
        else if (usesStartAfter) this.listSequentially(range);
        else this.fail(error);
        this.settle();
      },
    );
  }

  /** A full page, or for the rest of a range that looks nearly done, a page about the size of that rest. */
  private pageSizeFor(range: KeyRange<T>): number {
    const expected = range.token === undefined ? undefined : range.expectedRemaining;
    if (expected === undefined) return this.pageSize;
    const floor = Math.max(1, Math.ceil(this.pageSize * PROBE_SHARE));
    return Math.min(this.pageSize, Math.max(floor, Math.ceil(expected * PROBE_MARGIN) + floor));
  }

  private receive(range: KeyRange<T>, page: ListedPage<T>): void {
    range.throttledAttempts = 0;
    if (this.firstPageTiming && range.after === undefined && range.token === undefined && !range.fromStart) {
      // Decided once, on the first page: its timing says whether pages wait on the network or on this process.
      if (!this.splitWhen!(this.firstPageTiming())) this.sequential = true;
      this.firstPageTiming = undefined;
    }
    const lastKey = page.objects.at(-1)?.key;
    const lastPrefix = page.commonPrefixes.at(-1);
    const lastEntry = lastKey === undefined ? lastPrefix : lastPrefix === undefined ? lastKey : laterKey(lastKey, lastPrefix);
    // Where the next page starts: past every key under a common prefix, not at the prefix itself — or a
    // range whose StartAfter lies inside that prefix would cut the same stretch again and again.
    const last = lastEntry !== undefined && lastEntry === lastPrefix && lastEntry !== lastKey ? lastEntry + PAST_PREFIX : lastEntry;
    if (range.after === undefined && range.token === undefined) this.learnAlphabet(page);
    else if (lastEntry !== undefined) this.alphabet.learn(lastEntry);
    if (!this.sequential) this.absorbUnstartedSuccessors(range, page.isTruncated ? last : null);

    const owns = (key: string) =>
      (range.after === undefined || compareKeys(key, range.after) > 0) && (range.upTo === null || compareKeys(key, range.upTo) <= 0);
    const run: ListingRun<T> = { objects: page.objects.filter((object) => owns(object.key)), commonPrefixes: page.commonPrefixes.filter(owns) };
    const firstPage = range.after === undefined && range.token === undefined && !range.fromStart;
    // The first page is handed over even when empty: the consumer shows the folder after one round trip either way.
    if (entriesIn(run) > 0 || firstPage) {
      range.runs.push(run);
      this.heldEntries += entriesIn(run);
    }
    // Never below the range's own start: a common prefix brought back by StartAfter lies before it.
    if (last !== undefined) range.reached = range.reached === undefined ? last : laterKey(range.reached, last);
    const pastEnd = range.upTo !== null && last !== undefined && compareKeys(last, range.upTo) >= 0;
    if (!page.isTruncated || pastEnd) {
      range.done = true;
      return;
    }
    if (!page.nextContinuationToken) throw new Error('Amazon S3 said the listing goes on but gave no continuation token.');
    range.token = page.nextContinuationToken;
    range.expectedRemaining = this.sequential || range.upTo === null ? undefined : this.remainingAfter(run, range.upTo);
    const firstKey = page.objects[0]?.key;
    const firstPrefix = page.commonPrefixes[0];
    this.splitIfIdle(range, firstKey === undefined ? firstPrefix : firstPrefix === undefined ? firstKey : compareKeys(firstKey, firstPrefix) < 0 ? firstKey : firstPrefix);
  }

  /** A reply that reaches past its range into pieces nobody has asked for makes them part of this range. */
  private absorbUnstartedSuccessors(range: KeyRange<T>, reachedTo: string | null | undefined): void {
    if (reachedTo === undefined) return;
    let index = this.ranges.indexOf(range);
    for (let next = this.ranges[index + 1]; next && !next.started && range.upTo !== null; next = this.ranges[index + 1]) {
      if (reachedTo !== null && compareKeys(reachedTo, range.upTo) <= 0) return;
      range.upTo = next.upTo;
      this.ranges.splice(index + 1, 1);
      index = this.ranges.indexOf(range);
    }
  }

  /** About how many entries follow this run in its range, from how densely the run filled its stretch of keys. */
  private remainingAfter(run: ListingRun<T>, upTo: string): number | undefined {
    const firstKey = run.objects[0]?.key;
    const firstPrefix = run.commonPrefixes[0];
    const lastKey = run.objects.at(-1)?.key;
    const lastPrefix = run.commonPrefixes.at(-1);
    const first = firstKey === undefined ? firstPrefix : firstPrefix === undefined ? firstKey : compareKeys(firstKey, firstPrefix) < 0 ? firstKey : firstPrefix;
    const last = lastKey === undefined ? lastPrefix : lastPrefix === undefined ? lastKey : laterKey(lastKey, lastPrefix);
    if (first === undefined || last === undefined) return undefined;
    return estimateRemaining(first, last, entriesIn(run), upTo, this.alphabet, this.prefix) ?? undefined;
  }

  /** A dense range gives the rest of its interval away when requests could be in flight and are not. */
  private splitIfIdle(range: KeyRange<T>, pageFirst: string | undefined): void {
    if (this.sequential || range.reached === undefined) return;
    // Less than a page to go: one request ends it, more would only bring back the next range's keys.
    if (range.expectedRemaining !== undefined && range.expectedRemaining < this.pageSize) return;
    // Busy: this range (it goes on) and every other one that has a request out or may send one now.
    const others = this.ranges.filter((candidate, index) => candidate !== range && (candidate.inFlight || this.maySend(candidate, index))).length;
    const idle = this.concurrency - others - 1;
    if (idle <= 0) return;
    const siblings = siblingPoints(range.reached, range.upTo, pageFirst, this.alphabet, this.prefix, Math.max(idle, MAX_PIECES_PER_CONCURRENCY * this.concurrency));
    const points = siblings.length > 0 ? siblings : splitPoints(range.reached, range.upTo, idle, this.alphabet, this.prefix);
    if (points.length === 0) return;
    const pieces = points.map((after, i) => newRange<T>(after, points[i + 1] ?? range.upTo));
    range.upTo = points[0]!;
    this.ranges.splice(this.ranges.indexOf(range) + 1, 0, ...pieces);
  }

  private learnAlphabet(page: ListedPage<T>): void {
    for (const object of page.objects) this.alphabet.learn(object.key);
    for (const commonPrefix of page.commonPrefixes) this.alphabet.learn(commonPrefix);
  }

  private throttled(range: KeyRange<T>, error: unknown): void {
    this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
    range.throttledAttempts++;
    if (range.throttledAttempts > this.throttleRetries) {
      this.fail(error);
      return;
    }
    range.waiting = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      range.waiting = false;
      this.settle();
    }, this.retryDelayMs(range.throttledAttempts));
    this.timers.add(timer);
  }

  /** StartAfter was refused: one range, to the end of the folder, with continuation tokens only. */
  private listSequentially(failed: KeyRange<T>): void {
    this.sequential = true;
    const first = this.ranges[0]!;
    for (const range of this.ranges.slice(1)) {
      range.dropped = true;
      this.heldEntries -= entriesHeldBy(range);
    }
    this.ranges = [first];
    first.upTo = null;
    // Its estimate was of a range that ended sooner: from here on, full pages, as the sequential loop asks.
    first.expectedRemaining = undefined;
    first.done = false;
    if (first === failed || (!first.inFlight && first.token === undefined && first.after !== undefined)) first.fromStart = true;
  }

  private fail(error: unknown): void {
    if (!this.failure) this.failure = { error };
    this.controller.abort();
  }

  /** Hands over what the first ranges hold, drops finished ones, sends what may be sent, and wakes the consumer. */
  private settle(): void {
    while (this.ranges.length > 0) {
      const first = this.ranges[0]!;
      for (const run of first.runs) {
        this.output.push(run);
        this.outputEntries += entriesIn(run);
      }
      first.runs = [];
      if (!first.done) break;
      this.ranges.shift();
    }
    const wake = this.wake;
    if (!wake) {
      this.schedule();
      return;
    }
    // A request the SDK was just handed reaches its socket only after a few turns of the event loop; the
    // consumer's work on this page (converting, sending it to the window) waits one turn, so it overlaps
    // the next page's round trip instead of holding that request back.
    if (this.schedule() > 0) setImmediate(wake);
    else wake();
  }
}

function newRange<T extends { key: string }>(after: string | undefined, upTo: string | null): KeyRange<T> {
  return { after, upTo, token: undefined, fromStart: false, started: false, inFlight: false, waiting: false, throttledAttempts: 0, done: false, dropped: false, reached: after, expectedRemaining: undefined, runs: [] };
}

function entriesHeldBy(range: KeyRange<{ key: string }>): number {
  return range.runs.reduce((sum, run) => sum + entriesIn(run), 0);
}

function entriesIn(run: ListingRun<{ key: string }>): number {
  return run.objects.length + run.commonPrefixes.length;
}
