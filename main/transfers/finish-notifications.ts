import type { TransferJob } from '../../common/ipc';
import type { DesktopNotification } from '../shared/desktop';
import { isControlCharacter, isInvisibleCharacter, replaceCharacters } from '../shared/unsafe-characters';
import { truncateToBytes } from './local-path';
import type { TransferFeed } from './taskbar-progress';

export interface FinishNotificationOptions {
  transfers: TransferFeed;
  desktop: { notify(notification: DesktopNotification): void; isWindowFocused(): boolean };
  /** Wall-clock ms (Date.now by default): how long a job ran is measured here, in main. */
  now?: () => number;
  /** A job that ran at least this long tells of its end (10 s by default): a quick one finishes while the user still looks. */
  minDurationMs?: number;
}

/** Past this many bytes of UTF-8 a name is cut: a notification has room for a line or two. */
const MAX_NAME_BYTES = 120;

/**
 * Tells the user, with a system notification, that a transfer finished or
 * failed, when it ran for a while (from the moment main saw it start, so a
 * retry counts anew) and the window does not have the focus: someone who
 * is looking at the transfers panel needs no notification, someone who went
 * to another app while a large folder downloaded does. A cancel is the
 * user's own doing and says nothing. Returns the function that stops it.
 */
export function notifyFinishedTransfers(options: FinishNotificationOptions): () => void {
  const now = options.now ?? Date.now;
  const minDuration = options.minDurationMs ?? 10_000;
  const startedAt = new Map<string, number>();
  return options.transfers.onChanged((jobs) => {
    const listed = new Set<string>();
    for (const job of jobs) {
      listed.add(job.id);
      if (job.status === 'queued' || job.status === 'running') {
        if (!startedAt.has(job.id)) startedAt.set(job.id, now());
        continue;
      }
      const started = startedAt.get(job.id);
      if (started === undefined) continue;
      startedAt.delete(job.id);
      if (job.status !== 'done' && job.status !== 'failed') continue;
      if (now() - started < minDuration || options.desktop.isWindowFocused()) continue;
      options.desktop.notify(finishNotification(job));
    }
    for (const id of [...startedAt.keys()]) if (!listed.has(id)) startedAt.delete(id);
  });
}

const WORDS: Record<TransferJob['direction'], { done: string; failed: string; verb: string }> = {
  download: { done: 'Download complete', failed: 'Download failed', verb: 'downloaded' },
  upload: { done: 'Upload complete', failed: 'Upload failed', verb: 'uploaded' },
  delete: { done: 'Delete complete', failed: 'Delete failed', verb: 'deleted' },
  copy: { done: 'Copy complete', failed: 'Copy failed', verb: 'copied' },
  move: { done: 'Move complete', failed: 'Move failed', verb: 'moved' },
};

/**
 * What the notification says: the outcome, and the file or folder by the
 * name the transfers panel gives it. The error's own sentence stays in the
 * panel: it may name a whole object key, which a notification (shown on a
 * locked screen, kept in the system's history) has no need of.
 */
export function finishNotification(job: TransferJob): DesktopNotification {
  const words = WORDS[job.direction];
  const name = `“${shownName(job.label)}”`;
  const count = (n: number) => n.toLocaleString('en-US');
  if (job.status === 'failed') {
    const partly = job.filesDone > 0 && job.filesFailed > 0 ? ` completely (${count(job.filesFailed)} of ${count(job.filesTotal)} failed)` : '';
    return { title: words.failed, body: `${name} could not be ${words.verb}${partly}. Open S3 Desk to see why and try again.` };
  }
  const skipped = job.filesSkipped > 0 ? ` (${count(job.filesSkipped)} skipped)` : '';
  return { title: words.done, body: `${name} has been ${words.verb}${skipped}.` };
}

/** The label without characters that would hide or reorder what it says, and short enough to read at a glance. */
function shownName(label: string): string {
  const clean = replaceCharacters(label, (codePoint) => isControlCharacter(codePoint) || isInvisibleCharacter(codePoint), () => '');
  const cut = truncateToBytes(clean, MAX_NAME_BYTES);
  return cut.length < clean.length ? `${cut}…` : cut;
}
