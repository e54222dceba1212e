/** How long a share link may be asked to work: the choices the dialog offers. */
export interface ShareLinkDuration {
  seconds: number;
  /** As the choice reads, and as "the … you chose" reads afterwards. */
  label: string;
}

/** Up to 7 days, the longest a presigned link can be signed for. */
export const SHARE_LINK_DURATIONS: readonly ShareLinkDuration[] = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 12 * 60 * 60, label: '12 hours' },
  { seconds: 24 * 60 * 60, label: '1 day' },
  { seconds: 7 * 24 * 60 * 60, label: '7 days' },
];

/** An hour: about as long as a session's temporary credentials last, so most links get what was chosen. */
export const DEFAULT_SHARE_LINK_SECONDS = 60 * 60;
