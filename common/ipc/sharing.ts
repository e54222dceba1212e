import { z } from 'zod';
import { bucketNameSchema, objectKeySchema } from './browse';
import { operation } from './operation';

/**
 * The sharing domain: a link anyone can open to download one file, without
 * signing in. Main makes it (a presigned GET) and puts it on the clipboard;
 * the link itself never crosses IPC, because it carries the session's
 * temporary credentials (its session token) in its query string.
 */

/** SigV4 refuses presigned URLs that last longer than 7 days (X-Amz-Expires ≤ 604,800). */
export const MAX_SHARE_LINK_SECONDS = 7 * 24 * 3600;
/** A link that lasts less than a minute is of no use to anyone it is sent to. */
export const MIN_SHARE_LINK_SECONDS = 60;

export const shareLinkRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    key: objectKeySchema.refine((key) => !key.endsWith('/'), 'only a file can be shared, not a folder'),
    /** How long the link should work, as the user picked it; main may make it shorter (ShareLinkCopied.capped). */
    expiresInSeconds: z
      .number()
      .int('the expiry is a whole number of seconds')
      .min(MIN_SHARE_LINK_SECONDS, 'a link lasts at least a minute')
      .max(MAX_SHARE_LINK_SECONDS, 'a link lasts at most 7 days'),
  })
  .strict();

export type ShareLinkRequest = z.infer<typeof shareLinkRequestSchema>;

/**
 * Why a link lasts less than asked:
 * - 'credentials': it is signed with the session's temporary AWS credentials, and dies with them;
 * - 'restored-copy': the file is archived, and its restored copy goes away before then.
 */
export type ShareLinkLimit = 'credentials' | 'restored-copy';

/** What the renderer hears once the link is on the clipboard: until when it works, never the link. */
export interface ShareLinkCopied {
  /** ISO 8601, on this computer's clock: when the link stops working. */
  expiresAt: string;
  /** Whether it stops working sooner than asked. */
  capped: boolean;
  /** Set when capped. */
  cappedBy?: ShareLinkLimit;
}

export const sharingOperations = {
  /** Puts a presigned GET link to one file on the clipboard (from main; the link never reaches the page). */
  copyShareLink: operation<ShareLinkCopied>()('s3desk:s3:copy-share-link', z.tuple([shareLinkRequestSchema])),
};
