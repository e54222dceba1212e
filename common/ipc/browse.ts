import { z } from 'zod';
import type { IpcError, IpcErrorCode } from './errors';
import type { ObjectColumns } from './object-columns';
import { ipcEvent, operation } from './operation';
import { noArgumentsSchema } from './session';

/** The browse domain: buckets, streamed folder listings, object details, previews and object operations. */

/** S3 bucket naming rules (the general-purpose subset). */
export const bucketNameSchema = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'not a valid S3 bucket name');

const utf8 = new TextEncoder();
/** S3 counts a key's length in UTF-8 bytes, not characters: 1,024 emoji are 4,096 bytes. */
const fitsInKeyBytes = (key: string) => utf8.encode(key).length <= 1024;

/** An object key (any UTF-8 S3 allows, up to 1024 bytes). */
export const objectKeySchema = z.string().min(1).max(1024).refine(fitsInKeyBytes, 'an object key is at most 1,024 bytes of UTF-8');

/** A folder prefix: '' (bucket root) or ending in '/'. */
export const folderPrefixSchema = z
  .string()
  .max(1024)
  .refine(fitsInKeyBytes, 'a folder prefix is at most 1,024 bytes of UTF-8')
  .refine((prefix) => prefix === '' || prefix.endsWith('/'), 'a folder prefix ends with "/"');

/** A folder prefix that is not the bucket root (what a selection may hold). */
export const selectedFolderSchema = folderPrefixSchema.refine((p) => p !== '', 'the bucket root cannot be selected');

/** Ids of listings, transfers and upload plans: opaque, short. */
export const handleIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');

export const openListingRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    prefix: folderPrefixSchema,
    /** Chosen by the renderer (e.g. crypto.randomUUID()), so it can match events that arrive before the reply. */
    listingId: handleIdSchema,
  })
  .strict();

export const objectRefSchema = z.object({ bucket: bucketNameSchema, key: objectKeySchema }).strict();

/** What a selection in one folder names: objects by key and whole folders by prefix. */
export const selectedObjectsSchema = z.object({
  bucket: bucketNameSchema,
  keys: z.array(objectKeySchema).max(100_000),
  prefixes: z.array(selectedFolderSchema).max(10_000),
});

export const isSomethingSelected = (selection: { keys: string[]; prefixes: string[] }) => selection.keys.length + selection.prefixes.length > 0;

export const selectionSchema = selectedObjectsSchema.strict().refine(isSomethingSelected, 'nothing is selected');

/** How fast S3 brings an archived object back (and how much it costs): Expedited only for Glacier Flexible Retrieval. */
export const RESTORE_TIERS = ['Standard', 'Bulk', 'Expedited'] as const;
/** The longest a restored copy is asked to stay readable from S3 Desk. */
export const MAX_RESTORE_DAYS = 30;

/** A restore of what a selection holds: its archived objects, for `days`, at `tier`. */
export const restoreObjectsRequestSchema = selectedObjectsSchema
  .extend({
    /** How many days the restored copies stay readable. */
    days: z
      .number()
      .int('the number of days is a whole number')
      .min(1, 'a restored copy stays for at least 1 day')
      .max(MAX_RESTORE_DAYS, `a restored copy stays for at most ${MAX_RESTORE_DAYS} days`),
    tier: z.enum(RESTORE_TIERS),
  })
  .strict()
  .refine(isSomethingSelected, 'nothing is selected');

export const createFolderRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    /** The folder to create it in. */
    prefix: folderPrefixSchema,
    name: z
      .string()
      .trim()
      .min(1, 'Enter a folder name.')
      .max(255)
      .refine((name) => !name.includes('/'), 'A folder name cannot contain "/".')
      .refine((name) => name !== '.' && name !== '..', 'A folder cannot be called "." or "..".'),
  })
  .strict();

export type OpenListingRequest = z.infer<typeof openListingRequestSchema>;
export type ObjectRef = z.infer<typeof objectRefSchema>;
export type Selection = z.infer<typeof selectionSchema>;
export type CreateFolderRequest = z.infer<typeof createFolderRequestSchema>;
export type RestoreTier = (typeof RESTORE_TIERS)[number];
export type RestoreObjectsRequest = z.infer<typeof restoreObjectsRequestSchema>;

export interface BucketEntry {
  name: string;
  /** Where this user's access starts ('' for the whole bucket). */
  prefix: string;
  /**
   * What to call this entry instead of the bucket's name ("My files"), when
   * the backend gave one: plain text, at most 64 characters, without control
   * or invisible characters (main cleans it). Only 'session' entries have one.
   */
  label?: string;
  /** 'session': granted by the backend; 'account': found by ListBuckets. */
  source: 'session' | 'account';
}

export interface FolderEntry {
  /** Full key prefix, ending in the delimiter. */
  prefix: string;
  /** The last path segment, for display. */
  name: string;
}

export interface ObjectEntry {
  key: string;
  name: string;
  size: number;
  /** ISO 8601 */
  lastModified: string;
  storageClass: string;
}

/**
 * A listing streamed page by page (openListing): 'page' events in S3's key
 * order as they arrive, then exactly one 'done', 'error' or nothing (after
 * cancelListing). Folders may repeat across pages only if S3 repeats them.
 */
export type ListingEvent =
  | { listingId: string; kind: 'page'; folders: FolderEntry[]; objects: ObjectColumns }
  | { listingId: string; kind: 'done'; folderCount: number; objectCount: number }
  | { listingId: string; kind: 'error'; error: IpcError };

export interface ObjectDetails {
  bucket: string;
  key: string;
  /** s3://bucket/key */
  s3Uri: string;
  size: number;
  contentType: string | null;
  eTag: string | null;
  storageClass: string;
  /** ISO 8601 */
  lastModified: string | null;
  /** User metadata (x-amz-meta-*), names lower-cased. */
  metadata: Record<string, string>;
  /** For archive classes: whether a restored copy can be read now. */
  archive: { restoreStatus: 'not-restored' | 'restoring' | 'restored'; restoredUntil: string | null } | null;
}

/** The custom scheme previews are served on (registered privileged in main). */
export const PREVIEW_SCHEME = 's3desk-preview';

/**
 * How to show a preview. `url` is an s3desk-preview: address that main
 * serves by streaming the object (or its first bytes) itself: it carries an
 * unguessable one-session handle, never a presigned URL or credential.
 */
export type PreviewDescriptor =
  | { kind: 'image'; url: string; contentType: string; size: number }
  | { kind: 'text'; url: string; contentType: string; size: number; format: 'plain' | 'json' | 'csv'; truncated: boolean; previewBytes: number }
  | { kind: 'unavailable'; reason: string };

/** What a selection holds, listed recursively (before a folder download or a delete). */
export interface SelectionSummary {
  objectCount: number;
  totalBytes: number;
  /** Objects in GLACIER / DEEP_ARCHIVE (and archive tiers) that cannot be read until restored. */
  archived: { count: number; bytes: number; storageClasses: string[] };
  /** Up to 20 keys, for a confirmation to show what will go. */
  sample: string[];
}

/** One object a restore did not start, and why. */
export interface RestoreFailure {
  key: string;
  code: IpcErrorCode;
  message: string;
}

/** What restoreObjects did to each archived object of a selection, counted. */
export interface RestoreSummary {
  /** S3 started restoring them. */
  started: number;
  /** A restore was running already (S3 answered RestoreAlreadyInProgress). */
  inProgress: number;
  /** Restored already: their restored copies now last the days asked for, from today. */
  extended: number;
  /** Not in Glacier Flexible Retrieval or Deep Archive: readable as they are, nothing asked. */
  notArchived: number;
  /** Refused, or not asked because something stopped the rest (the session ended, the network went). */
  failed: number;
  /** The first few failures, each with its sentence. */
  failures: RestoreFailure[];
}

export const browseOperations = {
  listBuckets: operation<BucketEntry[]>()('s3desk:s3:list-buckets', noArgumentsSchema),
  /** Starts streaming a folder's listing as ListingEvents tagged with request.listingId; answers once started. */
  openListing: operation<null>()('s3desk:s3:open-listing', z.tuple([openListingRequestSchema])),
  /** Stops a listing (navigated away); no further events arrive for it. */
  cancelListing: operation<null>()('s3desk:s3:cancel-listing', z.tuple([handleIdSchema])),
  headObject: operation<ObjectDetails>()('s3desk:s3:head-object', z.tuple([objectRefSchema])),
  /** Puts s3://bucket/key on the clipboard (from main; the page needs no clipboard permission). */
  copyS3Uri: operation<string>()('s3desk:s3:copy-uri', z.tuple([objectRefSchema])),
  openPreview: operation<PreviewDescriptor>()('s3desk:s3:open-preview', z.tuple([objectRefSchema])),
  summarize: operation<SelectionSummary>()('s3desk:s3:summarize', z.tuple([selectionSchema])),
  /**
   * Asks S3 to restore the archived objects of a selection (selected keys,
   * and folders listed recursively) for `days`, at `tier`; answers once S3
   * has answered for each one.
   */
  restoreObjects: operation<RestoreSummary>()('s3desk:s3:restore-objects', z.tuple([restoreObjectsRequestSchema])),
  /** Creates an empty "name/" folder object; answers the new folder's prefix. */
  createFolder: operation<FolderEntry>()('s3desk:s3:create-folder', z.tuple([createFolderRequestSchema])),
};

export const browseEvents = {
  /** Every open listing's pages, end or failure, tagged with its listingId. */
  onListingEvent: ipcEvent<ListingEvent>('s3desk:s3:listing-event'),
};
