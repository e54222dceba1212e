import { fileRowId, folderRowId, type ListingEntry } from '../entries';
import type { CopyClipboard } from './copyClipboard';

/**
 * The type rows dragged inside the list carry. Its data is a marker, never
 * keys: the page keeps what is dragged in its own state, and a drag with this
 * type is told apart from files dragged in from the file manager ("Files").
 */
export const DRAGGED_ITEMS_TYPE = 'application/x-s3desk-objects';

/** Whether a drag carries rows of this app's list (not files from the system). */
export const carriesDraggedItems = (types: readonly string[]) => types.includes(DRAGGED_ITEMS_TYPE);

/** The entries of one folder as a move of them: what a drop hands the paste dialog, as Cut would. */
export function movedItems(bucket: string, sourcePrefix: string, entries: ListingEntry[], what: string): CopyClipboard {
  return {
    mode: 'move',
    bucket,
    sourcePrefix,
    keys: entries.flatMap((entry) => (entry.kind === 'file' ? [entry.object.key] : [])),
    prefixes: entries.flatMap((entry) => (entry.kind === 'folder' ? [entry.folder.prefix] : [])),
    what,
  };
}

/** Why `items` cannot be dropped into folder `into` of `bucket` (the folder itself or one inside it), or null when they can. */
export function dropRefusal(items: CopyClipboard, bucket: string, into: string): { title: string; detail: string } | null {
  if (items.bucket !== bucket) return null;
  const dragged = items.prefixes.find((folder) => into.startsWith(folder));
  if (dragged !== undefined) {
    return {
      title: `${items.what} can’t be moved into ${into === dragged ? 'itself' : 'a folder inside it'}`,
      detail: 'Drop it onto a folder outside the one you dragged.',
    };
  }
  if (items.sourcePrefix === into) {
    return { title: `${items.what} ${isOne(items) ? 'is' : 'are'} already in this folder`, detail: 'Drop onto another folder to move them there.' };
  }
  return null;
}

const isOne = (items: CopyClipboard) => items.keys.length + items.prefixes.length === 1;

/** The rows of folder `prefix` that Cut put aside (until pasted or replaced), so the list can show them dimmed. */
export function cutRowIds(clipboard: CopyClipboard | null, bucket: string, prefix: string): ReadonlySet<string> {
  if (!clipboard || clipboard.mode !== 'move' || clipboard.bucket !== bucket || clipboard.sourcePrefix !== prefix) return NONE;
  return new Set([...clipboard.keys.map(fileRowId), ...clipboard.prefixes.map(folderRowId)]);
}

const NONE: ReadonlySet<string> = new Set();

/** Whether the clipboard holds any of `moved` (which a move just took away from where the clipboard would look for them). */
export function clipboardHoldsAny(clipboard: CopyClipboard | null, moved: CopyClipboard): boolean {
  if (!clipboard || clipboard.bucket !== moved.bucket || clipboard.sourcePrefix !== moved.sourcePrefix) return false;
  return moved.keys.some((key) => clipboard.keys.includes(key)) || moved.prefixes.some((folder) => clipboard.prefixes.includes(folder));
}
