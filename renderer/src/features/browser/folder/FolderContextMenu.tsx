import { ContextMenu, type MenuItem } from '../../../shared/ui/ContextMenu';
import type { FileListingEntry, ListingEntry } from '../entries';
import type { CopyPasteActions } from './useCopyPaste';
import type { FolderActions } from './useFolderActions';

interface FolderContextMenuProps {
  x: number;
  y: number;
  /** What the menu acts on. */
  selected: ListingEntry[];
  actions: FolderActions;
  copies: CopyPasteActions;
  onOpenFolder: (prefix: string) => void;
  /** Opens a file with the system's default application for it. */
  onOpenFile: (entry: FileListingEntry) => void;
  onShowDetails: () => void;
  onClose: () => void;
}

/** The right-click menu of the folder's rows: what can be done with the selection. */
export function FolderContextMenu({ x, y, selected, actions, copies, onOpenFolder, onOpenFile, onShowDetails, onClose }: FolderContextMenuProps) {
  const single = selected.length === 1 ? selected[0] : undefined;
  const none = selected.length === 0;
  const items: MenuItem[] = [];
  if (single?.kind === 'folder') items.push({ id: 'open', label: 'Open', onSelect: () => onOpenFolder(single.folder.prefix) });
  if (single?.kind === 'file') {
    // An archived file cannot be read until it is restored: nothing to open.
    items.push({ id: 'open-file', label: 'Open', onSelect: () => onOpenFile(single), disabled: single.archived });
    items.push({ id: 'details', label: 'Show details', onSelect: onShowDetails });
  }
  items.push({ id: 'download', label: 'Download…', onSelect: () => actions.download(selected), disabled: none });
  items.push({ id: 'drag-out', label: 'Drag out…', onSelect: () => actions.dragOut(selected), disabled: none });
  if (single) {
    const key = single.kind === 'file' ? single.object.key : single.folder.prefix;
    items.push({ id: 'copy-uri', label: 'Copy S3 URI', onSelect: () => actions.copyS3Uri(key) });
  }
  // Files only: a link downloads one object, and there is no such thing as a link to a folder.
  if (single?.kind === 'file') items.push({ id: 'share-link', label: 'Share link…', onSelect: () => actions.setDialog({ kind: 'share', entry: single }) });
  // Only where something selected is known to be archived; a folder's archived contents are offered when downloading it.
  if (selected.some((entry) => entry.kind === 'file' && entry.archived)) items.push({ id: 'restore', label: 'Restore…', onSelect: () => actions.restore(selected) });
  items.push(
    { id: 'rename', label: 'Rename…', onSelect: () => copies.rename(selected), disabled: !single },
    { id: 'copy', label: 'Copy', onSelect: () => copies.copy(selected), disabled: none },
    { id: 'cut', label: 'Cut', onSelect: () => copies.cut(selected), disabled: none },
    { id: 'delete', label: 'Delete…', onSelect: () => actions.remove(selected), disabled: none, danger: true },
  );
  return <ContextMenu x={x} y={y} items={items} onClose={onClose} label="Actions" />;
}

interface FolderBackgroundMenuProps {
  x: number;
  y: number;
  copies: CopyPasteActions;
  onNewFolder: () => void;
  onClose: () => void;
}

/** The right-click menu of the folder itself (its empty space): what goes into it. */
export function FolderBackgroundMenu({ x, y, copies, onNewFolder, onClose }: FolderBackgroundMenuProps) {
  const items: MenuItem[] = [
    { id: 'paste', label: 'Paste', onSelect: copies.paste, disabled: !copies.canPaste },
    { id: 'new-folder', label: 'New folder', onSelect: onNewFolder },
  ];
  return <ContextMenu x={x} y={y} items={items} onClose={onClose} label="Folder actions" />;
}
