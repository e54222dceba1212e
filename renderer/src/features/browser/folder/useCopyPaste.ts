import type { CopyMode, TransferJob } from '../../../../../common/ipc';
import type { ListingEntry } from '../entries';
import { pasteRefusal, type CopyClipboard } from './copyClipboard';
import { describeSelection, type FolderActions } from './useFolderActions';

interface CopyPasteOptions {
  bucket: string;
  prefix: string;
  selectedEntries: ListingEntry[];
  actions: FolderActions;
  /** The session's in-app clipboard (BrowserScreen keeps it across folders). */
  clipboard: CopyClipboard | null;
  setClipboard: (clipboard: CopyClipboard | null) => void;
}

/** Rename, Copy, Cut and Paste in one folder: what they check before main is asked, and which dialog they open. */
export function useCopyPaste({ bucket, prefix, selectedEntries, actions, clipboard, setClipboard }: CopyPasteOptions) {
  const { setDialog, setNotice, started } = actions;

  const rename = (entries = selectedEntries) => {
    const [entry] = entries;
    if (!entry || entries.length !== 1) {
      setNotice({ title: 'Select one file or folder to rename', detail: 'Items are renamed one at a time.', tone: 'info' });
      return;
    }
    setNotice(null);
    setDialog({ kind: 'rename', entry });
  };

  const put = (mode: CopyMode, entries = selectedEntries) => {
    if (entries.length === 0) return;
    const what = describeSelection(entries);
    setClipboard({
      mode,
      bucket,
      sourcePrefix: prefix,
      keys: entries.flatMap((entry) => (entry.kind === 'file' ? [entry.object.key] : [])),
      prefixes: entries.flatMap((entry) => (entry.kind === 'folder' ? [entry.folder.prefix] : [])),
      what,
    });
    // Nothing on screen changes otherwise: say what was put aside and how to use it.
    setNotice({
      title: `${mode === 'move' ? 'Cut' : 'Copied'} ${what}`,
      detail: 'Go to a folder and paste with Ctrl+V (⌘V on a Mac), or choose Paste in its menu.',
      tone: 'info',
    });
  };

  const paste = () => {
    if (!clipboard) {
      setNotice({ title: 'Nothing to paste', detail: 'Copy or cut files or folders first.', tone: 'info' });
      return;
    }
    const refusal = pasteRefusal(clipboard, bucket, prefix);
    if (refusal) {
      setNotice({ ...refusal, tone: 'warning' });
      return;
    }
    setNotice(null);
    setDialog({ kind: 'paste', clipboard });
  };

  /** A paste started: a moved selection is gone from where it was, so it can't be pasted again. */
  const pasteStarted = (job: TransferJob, pasted: CopyClipboard) => {
    if (pasted.mode === 'move') setClipboard(null);
    started(job);
  };

  return { rename, copy: (entries?: ListingEntry[]) => put('copy', entries), cut: (entries?: ListingEntry[]) => put('move', entries), paste, pasteStarted, canPaste: clipboard !== null };
}

export type CopyPasteActions = ReturnType<typeof useCopyPaste>;
