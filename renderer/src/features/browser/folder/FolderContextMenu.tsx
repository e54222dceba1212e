import { ContextMenu, type MenuItem } from '../../../shared/ui/ContextMenu';
import type { ListingEntry } from '../entries';
import type { FolderActions } from './useFolderActions';

interface FolderContextMenuProps {
  x: number;
  y: number;
  /** What the menu acts on. */
  selected: ListingEntry[];
  actions: FolderActions;
  onOpenFolder: (prefix: string) => void;
  onShowDetails: () => void;
  onClose: () => void;
}

/** The right-click menu of the folder's rows: what can be done with the selection. */
export function FolderContextMenu({ x, y, selected, actions, onOpenFolder, onShowDetails, onClose }: FolderContextMenuProps) {
  const single = selected.length === 1 ? selected[0] : undefined;
  const items: MenuItem[] = [];
  if (single?.kind === 'folder') items.push({ id: 'open', label: 'Open', onSelect: () => onOpenFolder(single.folder.prefix) });
  if (single?.kind === 'file') items.push({ id: 'details', label: 'Show details', onSelect: onShowDetails });
  items.push({ id: 'download', label: 'Download…', onSelect: () => actions.download(selected), disabled: selected.length === 0 });
  if (single) {
    const key = single.kind === 'file' ? single.object.key : single.folder.prefix;
    items.push({ id: 'copy-uri', label: 'Copy S3 URI', onSelect: () => actions.copyS3Uri(key) });
  }
  items.push({ id: 'delete', label: 'Delete…', onSelect: () => actions.remove(selected), disabled: selected.length === 0, danger: true });
  return <ContextMenu x={x} y={y} items={items} onClose={onClose} label="Actions" />;
}
