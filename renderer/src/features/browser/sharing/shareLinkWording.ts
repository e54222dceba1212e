import type { IpcError, ShareLinkCopied } from '../../../../../common/ipc';
import { formatDateTime } from '../../../shared/format/formatDate';
import { describeActionError, type ActionErrorView } from '../actionErrors';
import type { ShareLinkDuration } from './shareLinkDurations';

export interface CopiedLinkView {
  /** "Link copied. It works until 14 Mar 2026, 15:03." */
  title: string;
  /** Why it stops sooner than chosen, when it does. */
  cappedReason: string | null;
}

/** What the dialog says once the link is on the clipboard: until when it works (this computer's time), and why no longer when capped. */
export function describeCopiedLink(copied: ShareLinkCopied, chosen: ShareLinkDuration, locale?: string, timeZone?: string): CopiedLinkView {
  const title = `Link copied. It works until ${formatDateTime(copied.expiresAt, locale, timeZone)}.`;
  if (!copied.capped) return { title, cappedReason: null };
  const sooner = `That’s sooner than the ${chosen.label} you chose:`;
  const cappedReason =
    copied.cappedBy === 'restored-copy'
      ? `${sooner} the file is archived, and its restored copy is removed then.`
      : `${sooner} the link is signed with this session’s temporary AWS credentials, and stops working when they expire.`;
  return { title, cappedReason };
}

/**
 * Why no link was made. Main words the failures only sharing has (credentials
 * being renewed, an archived file) itself, so those sentences are kept.
 */
export function describeShareError(error: IpcError, name: string): ActionErrorView {
  const what = `copy a link to “${name}”`;
  if (error.code === 'session_expired' && error.message) return { title: `Couldn’t ${what}`, detail: error.message };
  return describeActionError(error, what);
}
