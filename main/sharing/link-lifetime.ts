import type { ShareLinkLimit } from '../../common/ipc';

/** What limits a link's life besides the user's choice, as milliseconds from the moment it is signed. */
export interface LinkLimits {
  /** Until the temporary credentials it is signed with expire (a presigned URL dies with them); null when they do not. */
  credentialsLeftMs: number | null;
  /** Until an archived file's restored copy goes away; null for a file that is not archived. */
  restoredCopyLeftMs: number | null;
}

export interface LinkLifetime {
  /** X-Amz-Expires: whole seconds, never past a limit. */
  seconds: number;
  /** The limit that made it shorter than asked, if one did. */
  cappedBy: ShareLinkLimit | null;
}

/**
 * How long a link can honestly be made to last: what the user asked, cut
 * down to the nearest limit. Seconds are rounded down, so the link never
 * claims a moment its credentials or restored copy will not see.
 */
export function linkLifetime(askedSeconds: number, limits: LinkLimits): LinkLifetime {
  let seconds = askedSeconds;
  let cappedBy: ShareLinkLimit | null = null;
  const candidates: Array<[ShareLinkLimit, number | null]> = [
    ['credentials', limits.credentialsLeftMs],
    ['restored-copy', limits.restoredCopyLeftMs],
  ];
  for (const [limit, leftMs] of candidates) {
    if (leftMs === null) continue;
    const limitSeconds = Math.max(0, Math.floor(leftMs / 1000));
    if (limitSeconds < seconds) {
      seconds = limitSeconds;
      cappedBy = limit;
    }
  }
  return { seconds, cappedBy };
}
