import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FolderEntry } from '../../../../../common/ipc';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { UploadIcon } from '../../../shared/ui/Icons';
import { DetailsPane } from '../details/DetailsPane';
import { folderRowId } from '../entries';
import type { ListingCache } from '../listingCache';
import { describeListingError } from '../listingErrors';
import { filterEntries, SortedListing, type SortColumn, type SortOrder } from '../listingView';
import { ObjectTable, type ObjectTableHandle } from '../object-table/ObjectTable';
import { describeLocation, folderTitle, type StartPlace } from '../placeNames';
import { ActionBar } from './ActionBar';
import type { CopyClipboard } from './copyClipboard';
import { FolderBackgroundMenu, FolderContextMenu } from './FolderContextMenu';
import { FolderDialogs } from './FolderDialogs';
import { folderPlaceholder } from './FolderPlaceholder';
import { FolderStatusBar } from './FolderStatusBar';
import { NewFolderPrompt } from './NewFolderPrompt';
import { useCopyPaste } from './useCopyPaste';
import { describeSelection, useFolderActions } from './useFolderActions';
import { useDropUpload } from './useDropUpload';
import { cutRowIds } from './draggedItems';
import { DragMoveDialog, DragMoveHint } from './DragMoveDialog';
import { useDragMove } from './useDragMove';
import { useFolderKeyboard } from './useFolderKeyboard';
import { useFolderListing } from './useFolderListing';
import { useOpenFile } from './useOpenFile';
import { useSelection } from './useSelection';
import type { SelectionRequest } from './SelectionDialog';
import './FolderView.css';

interface FolderViewProps {
  bucket: string;
  prefix: string;
  /** The bucket entry being browsed, for what to call this folder (its label, "Home") in headings and messages. */
  place: StartPlace;
  cache: ListingCache;
  /** Changing it lists the folder again. */
  reloadToken: number;
  /** The row (id) to select on arrival: the folder just left, or the one selected when this folder was left. */
  initialSelection: string | null;
  /** Whether to take keyboard focus on arrival (after navigating from the keyboard or the list). */
  autoFocus: boolean;
  sort: SortOrder;
  onSortChange: (sort: SortOrder) => void;
  showDetails: boolean;
  onShowDetails: (show: boolean) => void;
  onOpenFolder: (prefix: string) => void;
  /** Goes to the enclosing folder; undefined at the start prefix. */
  onGoUp: (() => void) | undefined;
  /** The keyboard cursor moved (remembered for Back). */
  onFocusChange: (rowId: string | null) => void;
  /** Objects here changed (a delete, a new folder): relist, forgetting cached listings of `within` too. */
  onChanged: (within: string[]) => void;
  /** What Copy or Cut put aside for Paste, kept across folders and buckets. */
  clipboard: CopyClipboard | null;
  onClipboardChange: (clipboard: CopyClipboard | null) => void;
  /** Drag out…: the window's drag-out tray downloads the selection and offers it to drag. */
  onDragOut: (request: SelectionRequest) => void;
}

/** Whether a key pressed here belongs to a text field (its own Ctrl+V), not to the folder. */
const typingIn = (target: EventTarget) => target instanceof Element && target.closest('input, textarea, [contenteditable="true"]') !== null;

/**
 * One folder: its streamed listing in a virtualized grid, sorting, filtering,
 * selection and keyboard, the actions on what is selected (download, delete,
 * upload, new folder, rename, copy/cut and paste, drag and drop) and the
 * details pane.
 */
export function FolderView({
  bucket,
  prefix,
  place,
  cache,
  reloadToken,
  initialSelection,
  autoFocus,
  sort,
  onSortChange,
  showDetails,
  onShowDetails,
  onOpenFolder,
  onGoUp,
  onFocusChange,
  onChanged,
  clipboard,
  onClipboardChange,
  onDragOut,
}: FolderViewProps) {
  const listing = useFolderListing(bucket, prefix, cache, reloadToken);
  const sorter = useRef(new SortedListing());
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  /** The open context menu: the selection's ('rows') or the folder's own ('folder', from its empty space). */
  const [menu, setMenu] = useState<{ x: number; y: number; of: 'rows' | 'folder' } | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const tableRef = useRef<ObjectTableHandle>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const paneRef = useRef<HTMLElement>(null);
  const pendingReveal = useRef<string | null>(initialSelection);
  const [focusPane, setFocusPane] = useState(0);

  const title = folderTitle(place, prefix);

  // The arrays grow in place; `version` says when.
  const sorted = useMemo(() => sorter.current.update(listing.source, sort), [listing.source, listing.version, sort]);
  const visible = useMemo(() => filterEntries(sorted, filter), [sorted, filter]);
  const selection = useSelection(visible, initialSelection);
  const { focusIndex, selectedEntries, setSelection } = selection;
  const actions = useFolderActions({ bucket, prefix, place, selectedEntries, setSelection, onDragOut });
  const { setNotice } = actions;
  const openFile = useOpenFile(bucket, setNotice);
  const copies = useCopyPaste({ bucket, prefix, selectedEntries, actions, clipboard, setClipboard: onClipboardChange });
  const drop = useDropUpload({ prefix, visible, uploadDropped: actions.uploadDropped });
  const move = useDragMove({ bucket, prefix, visible, selection, actions, clipboard, setClipboard: onClipboardChange });
  const cutIds = useMemo(() => cutRowIds(clipboard, bucket, prefix), [clipboard, bucket, prefix]);
  const total = listing.source.folders.length + listing.source.files.length;
  const loading = listing.phase === 'listing' && !listing.started && total === 0;

  useEffect(() => {
    onFocusChange(selection.selection.focus);
  }, [selection.selection.focus, onFocusChange]);

  // A row chosen before it was listed (coming back up, a new folder) is scrolled to once it appears.
  useEffect(() => {
    if (pendingReveal.current !== null && focusIndex >= 0 && selection.selection.focus === pendingReveal.current) {
      pendingReveal.current = null;
      tableRef.current?.reveal(focusIndex);
    }
  }, [focusIndex, selection.selection.focus]);

  const hasRows = visible.length > 0;
  useEffect(() => {
    if (!autoFocus) return;
    if (hasRows) tableRef.current?.focus();
    else if (!sectionRef.current?.contains(document.activeElement)) sectionRef.current?.focus();
  }, [autoFocus, hasRows]);

  useEffect(() => {
    if (focusPane > 0) paneRef.current?.focus();
  }, [focusPane]);

  const showDetailsPane = () => {
    onShowDetails(true);
    setFocusPane((n) => n + 1);
  };

  const open = (index: number) => {
    const entry = visible[index];
    if (!entry) return;
    if (entry.kind === 'folder') onOpenFolder(entry.folder.prefix);
    else {
      selection.selectIndex(index, { toggle: false, range: false });
      showDetailsPane();
    }
  };

  const onFolderCreated = (folder: FolderEntry) => {
    setCreating(false);
    const id = folderRowId(folder.prefix);
    setFilter('');
    selection.selectOnly(id);
    pendingReveal.current = id;
    onChanged([]);
    tableRef.current?.focus();
  };

  const folderExists = useCallback(
    (name: string) => listing.source.folders.some((entry) => entry.kind === 'folder' && entry.folder.name === name),
    [listing.source, listing.version],
  );

  const openMenuAtRow = (index: number) => {
    const row = document.querySelector<HTMLElement>(`[data-testid="object-row"][data-index="${index}"]`);
    const box = row?.getBoundingClientRect();
    setMenu({ x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0, of: 'rows' });
  };

  const openMenuAtBlank = () => {
    const box = sectionRef.current?.querySelector('.folder-view__list')?.getBoundingClientRect();
    setMenu({ x: (box?.left ?? 0) + 24, y: (box?.top ?? 0) + 24, of: 'folder' });
  };

  const startNewFolder = () => {
    setNotice(null);
    setCreating(true);
  };

  const onRowContextMenu = (index: number, x: number, y: number) => {
    const entry = visible[index];
    if (!entry) return;
    if (!selection.selection.ids.has(entry.id)) selection.selectIndex(index, { toggle: false, range: false });
    else setSelection((current) => ({ ...current, focus: entry.id }));
    setMenu({ x, y, of: 'rows' });
  };

  const onGridKeyDown = useFolderKeyboard({
    visible,
    selection,
    tableRef,
    filterRef,
    onGoUp,
    onOpen: open,
    onDelete: () => actions.remove(),
    onRename: () => copies.rename(),
    onCopy: () => copies.copy(),
    onCut: () => copies.cut(),
    onMenuAtRow: openMenuAtRow,
    onMenuAtBlank: openMenuAtBlank,
  });

  const onSort = (column: SortColumn) =>
    onSortChange(
      sort.column === column ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' },
    );

  const errorView = listing.error ? describeListingError(listing.error, describeLocation(place, bucket, prefix)) : null;
  const { notice } = actions;
  const placeholder = folderPlaceholder({ listing, total, shown: visible.length, loading, filter, errorView });

  return (
    <section
      ref={sectionRef}
      className="folder-view"
      aria-label={`Contents of ${title}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.defaultPrevented) return;
        // An empty folder has no grid: focus is on the folder itself, whose menu the menu keys open.
        if (event.target === sectionRef.current && (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))) {
          event.preventDefault();
          openMenuAtBlank();
          return;
        }
        if (!(event.ctrlKey || event.metaKey)) return;
        const letter = event.key.toLowerCase();
        if (letter === 'f') {
          event.preventDefault();
          filterRef.current?.focus();
        } else if (letter === 'v' && !typingIn(event.target)) {
          // Here rather than in the grid's keys, so that pasting into an empty folder works too.
          event.preventDefault();
          copies.paste();
        }
      }}
    >
      <ActionBar
        hasSelection={selectedEntries.length > 0}
        selectionLabel={selectedEntries.length > 0 ? describeSelection(selectedEntries) : null}
        filter={filter}
        onFilterChange={setFilter}
        filterCount={filter.trim() !== '' ? { shown: visible.length, total } : null}
        filterRef={filterRef}
        onFilterLeave={() => tableRef.current?.focus()}
        onUploadFiles={() => actions.pickUpload('files')}
        onUploadFolder={() => actions.pickUpload('folder')}
        onNewFolder={startNewFolder}
        onDownload={() => actions.download()}
        onDragOut={() => actions.dragOut()}
        onDelete={() => actions.remove()}
        showDetails={showDetails}
        onToggleDetails={() => onShowDetails(!showDetails)}
      />
      {creating ? (
        <NewFolderPrompt
          bucket={bucket}
          prefix={prefix}
          exists={folderExists}
          onCreated={onFolderCreated}
          onCancel={() => {
            setCreating(false);
            tableRef.current?.focus();
          }}
        />
      ) : null}
      {notice ? (
        <div className="folder-view__notice">
          <ErrorNotice
            tone={notice.tone}
            title={notice.title}
            detail={notice.detail || undefined}
            onDismiss={() => setNotice(null)}
            testId={notice.tone === 'error' ? 'action-error' : 'action-notice'}
          />
        </div>
      ) : null}
      {listing.phase === 'error' && errorView && total > 0 ? (
        <div className="folder-view__notice">
          <ErrorNotice
            title={errorView.title}
            detail={`${errorView.detail} The items listed before the problem are shown.`}
            onRetry={listing.retry}
            retryLabel="Retry"
            testId="listing-error"
          />
        </div>
      ) : null}
      <div className="folder-view__body">
        <div
          className={`folder-view__list drop-zone${drop.dragOver ? ' drop-zone--active' : ''}`}
          {...drop.zoneHandlers}
          onDrop={(event) => {
            move.zoneHandlers.onDrop(event);
            drop.zoneHandlers.onDrop(event);
          }}
          onDragLeave={(event) => {
            move.zoneHandlers.onDragLeave(event);
            drop.zoneHandlers.onDragLeave(event);
          }}
          onContextMenu={(event) => {
            // A row's menu has been opened already (the table prevents the default for rows).
            if (event.defaultPrevented) return;
            event.preventDefault();
            setMenu({ x: event.clientX, y: event.clientY, of: 'folder' });
          }}
          data-drag-over={drop.dragOver ? 'true' : undefined}
          data-testid="drop-zone"
        >
          {placeholder ?? (
            <ObjectTable
              label={`Contents of ${title}`}
              entries={visible}
              loading={loading}
              selection={selection.selection.ids}
              focusIndex={focusIndex}
              sort={sort}
              onSort={onSort}
              onRowClick={selection.selectIndex}
              onRowOpen={open}
              onRowContextMenu={onRowContextMenu}
              onBlankClick={selection.clear}
              onKeyDown={onGridKeyDown}
              dropTargetIndex={drop.dragOver ? drop.dropTargetIndex : move.targetIndex}
              onRowDragOver={(index, event) => {
                drop.onRowDragOver(index);
                move.onRowDragOver(index, event);
              }}
              onRowDragStart={move.onRowDragStart}
              onRowDragEnd={move.onRowDragEnd}
              cutIds={cutIds}
              handleRef={tableRef}
            />
          )}
          {drop.dragOver ? (
            <div className="drop-zone__hint" aria-hidden="true" data-testid="drop-hint">
              <UploadIcon /> Drop to upload to {drop.dropTargetFolder?.name ?? title}
            </div>
          ) : null}
          <DragMoveHint hint={move.hint} />
        </div>
        {showDetails ? (
          <DetailsPane bucket={bucket} selected={selectedEntries} paneRef={paneRef} onLeave={() => tableRef.current?.focus()} />
        ) : null}
      </div>
      <FolderStatusBar listing={listing} loading={loading} selectedCount={selectedEntries.length} />
      <FolderDialogs bucket={bucket} prefix={prefix} actions={actions} copies={copies} place={place} />
      <DragMoveDialog bucket={bucket} place={place} move={move} />
      {menu?.of === 'folder' ? (
        <FolderBackgroundMenu x={menu.x} y={menu.y} copies={copies} onNewFolder={startNewFolder} onClose={() => setMenu(null)} />
      ) : menu ? (
        <FolderContextMenu
          x={menu.x}
          y={menu.y}
          selected={selectedEntries}
          actions={actions}
          copies={copies}
          onOpenFolder={onOpenFolder}
          onOpenFile={openFile}
          onShowDetails={showDetailsPane}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </section>
  );
}
