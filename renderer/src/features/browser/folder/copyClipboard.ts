import type { CopyMode } from '../../../../../common/ipc';

/**
 * What Copy or Cut put aside for Paste: an in-app clipboard, kept while
 * browsing other folders and buckets of the session. The system clipboard is
 * never used: keys are not text for other apps, and a paste elsewhere could
 * not copy server-side anyway.
 */
export interface CopyClipboard {
  mode: CopyMode;
  bucket: string;
  /** The folder the items are in. */
  sourcePrefix: string;
  keys: string[];
  prefixes: string[];
  /** What was put aside, in words: "“report.pdf”", "3 items". */
  what: string;
}

/** Why `clipboard` cannot be pasted into `prefix` of `bucket`, or null when it can: main would refuse these too, but only after listing. */
export function pasteRefusal(clipboard: CopyClipboard, bucket: string, prefix: string): { title: string; detail: string } | null {
  if (clipboard.bucket !== bucket) return null;
  if (clipboard.prefixes.some((folder) => prefix.startsWith(folder))) {
    return {
      title: `A folder can’t be ${clipboard.mode === 'move' ? 'moved' : 'copied'} into itself`,
      detail: 'Paste it into a folder outside the one you chose.',
    };
  }
  if (clipboard.mode === 'move' && clipboard.sourcePrefix === prefix) {
    return {
      title: `${clipboard.what} ${clipboard.keys.length + clipboard.prefixes.length === 1 ? 'is' : 'are'} already in this folder`,
      detail: 'Go to another folder to move them there, or use Copy to duplicate them here.',
    };
  }
  return null;
}
