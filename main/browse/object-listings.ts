import { objectCount as countObjects, type ListingEvent, type OpenListingRequest } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { silentLogger, type Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';
import { DELIMITER, PAGE_SIZE, toFolderPage } from './folder-page';
import { inPagesOf } from './range-listing/page-runs';
import { mostlyWaiting } from './range-listing/mostly-waiting';
import { listInRanges } from './range-listing/range-lister';
import { s3ListPage } from './range-listing/s3-list-page';
import { mapS3Error } from '../aws/s3-errors';
import type { SessionClients } from '../aws/session-clients';

export interface ObjectListingsOptions {
  clients: SessionClients;
  logger?: Logger;
  /** Listings allowed to run at once; opening one more cancels the oldest (a window shows one folder at a time). */
  maxOpen?: number;
  /** ListObjectsV2 requests one listing may have in flight (default 8; S3 throttling narrows it). */
  concurrency?: number;
}

interface OpenListing {
  controller: AbortController;
  sessionId: number;
}

/**
 * Streams folder listings to the window: ListObjectsV2 with the delimiter
 * (never a HEAD per object), the first page sent as soon as it arrives, so the
 * first rows show after one round trip; the rest of a big folder is listed in
 * key ranges at once (range-listing/range-lister.ts) and sent as the same
 * pages of 1,000 entries, in key order, that one request after another would
 * give. Cancelling (navigating away) aborts every request in flight.
 */
export class ObjectListings {
  private readonly clients: SessionClients;
  private readonly events: Emitter<ListingEvent>;
  private readonly logger: Logger;
  private readonly maxOpen: number;
  private readonly concurrency: number;
  private readonly open = new Map<string, OpenListing>();
  private readonly unsubscribe: () => void;

  constructor(options: ObjectListingsOptions) {
    this.clients = options.clients;
    this.logger = options.logger ?? silentLogger;
    this.events = new Emitter(this.logger, 'a listing event');
    this.maxOpen = options.maxOpen ?? 4;
    this.concurrency = options.concurrency ?? 8;
    this.unsubscribe = this.clients.onSessionEnded((sessionId) => {
      for (const [id, listing] of this.open) if (listing.sessionId === sessionId) this.cancel(id);
    });
  }

  /** Starts a listing; its events carry request.listingId. Resolves once the first request is under way. */
  start(request: OpenListingRequest): void {
    if (this.open.has(request.listingId)) throw new ServiceError('invalid_input', 'This listing id is already in use.');
    const { info, s3 } = this.clients.client();
    while (this.open.size >= this.maxOpen) {
      const oldest = this.open.keys().next().value as string;
      this.cancel(oldest);
    }
    const listing: OpenListing = { controller: new AbortController(), sessionId: info.id };
    this.open.set(request.listingId, listing);
    void this.run(request, s3, listing);
  }

  /** Every listing's events (register-ipc.ts forwards them to the window). */
  onEvent(listener: (event: ListingEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Stops a listing; no event follows. Unknown or finished ids are fine (the listing may have just ended). */
  cancel(listingId: string): void {
    const listing = this.open.get(listingId);
    if (!listing) return;
    this.open.delete(listingId);
    listing.controller.abort();
  }

  dispose(): void {
    this.unsubscribe();
    for (const id of [...this.open.keys()]) this.cancel(id);
  }

  private async run(request: OpenListingRequest, s3: ReturnType<SessionClients['client']>['s3'], listing: OpenListing): Promise<void> {
    const { bucket, prefix, listingId } = request;
    const signal = listing.controller.signal;
    let folderCount = 0;
    let objectTotal = 0;
    try {
      const runs = listInRanges({
        listPage: s3ListPage(s3, bucket),
        prefix,
        delimiter: DELIMITER,
        pageSize: PAGE_SIZE,
        concurrency: this.concurrency,
        splitWhen: mostlyWaiting,
        signal,
      });
      for await (const run of inPagesOf(runs, PAGE_SIZE)) {
        if (signal.aborted) return;
        const page = toFolderPage(request, { $metadata: {}, Contents: run.objects, CommonPrefixes: run.commonPrefixes.map((name) => ({ Prefix: name })) });
        folderCount += page.folders.length;
        objectTotal += countObjects(page.objects);
        this.send({ listingId, kind: 'page', folders: page.folders, objects: page.objects });
      }
      if (signal.aborted) return;
      this.send({ listingId, kind: 'done', folderCount, objectCount: objectTotal });
    } catch (error) {
      if (signal.aborted) return;
      this.send({ listingId, kind: 'error', error: mapS3Error(error, { action: 'list', bucket, prefix }).toIpcError() });
    } finally {
      if (this.open.get(listingId) === listing) this.open.delete(listingId);
    }
  }

  private send(event: ListingEvent): void {
    this.events.emit(event);
  }
}
