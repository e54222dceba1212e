import { useRef, useState, type DragEvent } from 'react';
import type { TransferJob } from '../../../../../common/ipc';
import type { ListingEntry } from '../entries';
import type { CopyClipboard } from './copyClipboard';
import { carriesDraggedItems, clipboardHoldsAny, DRAGGED_ITEMS_TYPE, dropRefusal, movedItems } from './draggedItems';
import { describeSelection, type FolderActions } from './useFolderActions';
import type { SelectionView } from './useSelection';

interface DragMoveOptions {
  bucket: string;
  prefix: string;
  visible: ListingEntry[];
  selection: SelectionView;
  actions: FolderActions;
  clipboard: CopyClipboard | null;
  setClipboard: (clipboard: CopyClipboard | null) => void;
}

/** A drop that is being confirmed: the dragged items, and the folder they go into. */
export interface PendingMove {
  items: CopyClipboard;
  into: string;
}

/** What the list shows while rows are dragged: where they would go, or why they can't. */
export type DragHint = { kind: 'pick' } | { kind: 'into'; name: string } | { kind: 'refused'; title: string };

/**
 * Moving rows by dragging them onto a folder row of the same list. What is
 * dragged is taken at dragstart (the selection, or the row grabbed outside
 * it) and kept here, so the recycled row nodes can show other rows while the
 * list scrolls during the drag; the drag itself carries only a marker type.
 * A drop opens the same plan and clash dialog as Cut and Paste, which is the
 * keyboard's way to do the same.
 */
export function useDragMove({ bucket, prefix, visible, selection, actions, clipboard, setClipboard }: DragMoveOptions) {
  const dragged = useRef<CopyClipboard | null>(null);
  const target = useRef(-1);
  /** Why the folder under the pointer won't take the items, if it won't: said if they are released there. */
  const refused = useRef<{ title: string; detail: string } | null>(null);
  const [hint, setHint] = useState<DragHint | null>(null);
  const [targetIndex, setTargetIndex] = useState(-1);
  const [pending, setPending] = useState<PendingMove | null>(null);

  const end = () => {
    dragged.current = null;
    refused.current = null;
    target.current = -1;
    setHint(null);
    setTargetIndex(-1);
  };

  const onRowDragStart = (index: number, event: DragEvent<HTMLElement>) => {
    const entry = visible[index];
    if (!entry) {
      event.preventDefault();
      return;
    }
    // Grabbing a row outside the selection drags that row alone, as file managers do.
    const inSelection = selection.selection.ids.has(entry.id);
    const entries = inSelection ? selection.selectedEntries : [entry];
    if (!inSelection) selection.selectIndex(index, { toggle: false, range: false });
    const items = movedItems(bucket, prefix, entries, describeSelection(entries));
    dragged.current = items;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(DRAGGED_ITEMS_TYPE, 'rows');
    setDragLabel(event.dataTransfer, items.what);
    actions.setNotice(null);
    setHint({ kind: 'pick' });
  };

  /** Over row `index` (a folder row) or elsewhere (null): accepted only over a folder it may go into, which is then highlighted. */
  const onRowDragOver = (index: number | null, event: DragEvent<HTMLElement>) => {
    const items = dragged.current;
    if (!items || !carriesDraggedItems([...event.dataTransfer.types])) return;
    const entry = index === null ? undefined : visible[index];
    const refusal = entry?.kind === 'folder' ? dropRefusal(items, bucket, entry.folder.prefix) : null;
    refused.current = refusal;
    if (entry?.kind !== 'folder' || refusal || index === null) {
      // Not accepted: the pointer says so, and the hint (and, if released here, the notice) says why.
      target.current = -1;
      setTargetIndex(-1);
      setHint(refusal ? { kind: 'refused', title: refusal.title } : { kind: 'pick' });
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    target.current = index;
    setTargetIndex(index);
    setHint({ kind: 'into', name: entry.name });
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    const items = dragged.current;
    if (!items || !carriesDraggedItems([...event.dataTransfer.types])) return;
    event.preventDefault();
    const entry = visible[target.current];
    end();
    if (entry?.kind !== 'folder' || dropRefusal(items, bucket, entry.folder.prefix)) return;
    setPending({ items, into: entry.folder.prefix });
  };

  const onDragLeave = (event: DragEvent<HTMLElement>) => {
    if (!dragged.current) return;
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    target.current = -1;
    refused.current = null;
    setTargetIndex(-1);
    setHint(null);
  };

  /** The drag ended anywhere (a drop, Escape, outside the window): released over a folder that refused it, it says why. */
  const onRowDragEnd = () => {
    const refusal = dragged.current ? refused.current : null;
    end();
    if (refusal) actions.setNotice({ ...refusal, tone: 'warning' });
  };

  /** The confirmed move started: what the clipboard held of it is gone from where Paste would look. */
  const moveStarted = (job: TransferJob, moved: PendingMove) => {
    setPending(null);
    if (clipboardHoldsAny(clipboard, moved.items)) setClipboard(null);
    actions.started(job);
  };

  return {
    hint,
    targetIndex,
    pending,
    onRowDragStart,
    onRowDragOver,
    onRowDragEnd,
    zoneHandlers: { onDrop, onDragLeave },
    closeMove: () => setPending(null),
    moveStarted,
  };
}

export type DragMove = ReturnType<typeof useDragMove>;

/**
 * The picture under the pointer: what is dragged, in words. Made for the
 * moment of dragstart (when the browser takes its picture) and removed right
 * after, so no row node — which scrolling may give to another row — is it.
 */
function setDragLabel(dataTransfer: DataTransfer, text: string) {
  const label = document.createElement('div');
  label.className = 'object-table__drag-label';
  label.textContent = text;
  document.body.append(label);
  dataTransfer.setDragImage(label, 12, 12);
  setTimeout(() => label.remove(), 0);
}
