import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { DeleteResult, FolderEntry, IpcError, TransferJob, UploadPlan } from '../../../common/ipc-contract';
import { useFolderListing } from '../hooks/useFolderListing';
import { useNow } from '../hooks/useNow';
import { useTransfers } from '../hooks/useTransfers';
import { describeActionError, unexpectedError, type ActionErrorView } from '../lib/actionErrors';
import { useApi } from '../lib/api';
import { folderRowId, type ListingEntry } from '../lib/entries';
import { formatAge } from '../lib/formatAge';
import { countOf } from '../lib/formatBytes';
import type { ListingCache } from '../lib/listingCache';
import { describeListingError } from '../lib/listingErrors';
import { filterEntries, findByTyping, idsBetween, SortedListing, type SortColumn, type SortOrder } from '../lib/listingView';
import { folderName } from '../lib/prefixes';
import { ActionBar } from './ActionBar';
import { ContextMenu, type MenuItem } from './ContextMenu';
import { DetailsPane } from './DetailsPane';
import { EmptyState } from './EmptyState';
import { ErrorNotice } from './ErrorNotice';
import { NewFolderPrompt } from './NewFolderPrompt';
import { ObjectTable, type ObjectTableHandle, type RowClickModifiers } from './ObjectTable';
import { SelectionDialog, type SelectionRequest } from './SelectionDialog';
import { Spinner } from './Spinner';
import { UploadIcon } from './Icons';
import { UploadPlanDialog } from './UploadPlanDialog';

/** Typed letters within this long of each other search together (type-to-find). */
const TYPE_TO_FIND_MS = 1000;

interface FolderViewProps {
  bucket: string;
  prefix: string;
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
}

interface Selection {
  ids: ReadonlySet<string>;
  /** The keyboard cursor. */
  focus: string | null;
  /** Where Shift-selection ranges start. */
  anchor: string | null;
}

type Dialog =
  | { kind: 'download' | 'delete'; request: SelectionRequest }
  | { kind: 'upload'; plan: UploadPlan }
  | null;

type Notice = (ActionErrorView & { tone: 'error' | 'info' | 'warning' }) | null;

const EMPTY_SELECTION: Selection = { ids: new Set(), focus: null, anchor: null };

function describeSelection(entries: ListingEntry[]): string {
  if (entries.length === 1) return `“${(entries[0] as ListingEntry).name}”`;
  const folders = entries.filter((entry) => entry.kind === 'folder').length;
  const files = entries.length - folders;
  if (folders === 0) return countOf(files, 'file', 'files');
  if (files === 0) return countOf(folders, 'folder', 'folders');
  return countOf(entries.length, 'item', 'items');
}

function describeCounts(folders: number, files: number): string {
  const parts = [folders > 0 ? countOf(folders, 'folder', 'folders') : null, files > 0 ? countOf(files, 'file', 'files') : null];
  return parts.filter(Boolean).join(', ') || 'No items';
}

/**
 * One folder: its streamed listing in a virtualized grid, sorting, filtering,
 * selection and keyboard, the actions on what is selected (download, delete,
 * upload, new folder, drag and drop) and the details pane.
 */
export function FolderView({
  bucket,
  prefix,
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
}: FolderViewProps) {
  const api = useApi();
  const transfers = useTransfers();
  const listing = useFolderListing(bucket, prefix, cache, reloadToken);
  const sorter = useRef(new SortedListing());
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<Selection>(() =>
    initialSelection ? { ids: new Set([initialSelection]), focus: initialSelection, anchor: initialSelection } : EMPTY_SELECTION,
  );
  const [dialog, setDialog] = useState<Dialog>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const [dropTargetIndex, setDropTargetIndex] = useState(-1);
  const sectionRef = useRef<HTMLElement>(null);
  const tableRef = useRef<ObjectTableHandle>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const paneRef = useRef<HTMLElement>(null);
  const typed = useRef({ text: '', at: 0 });
  const pendingReveal = useRef<string | null>(initialSelection);
  const [focusPane, setFocusPane] = useState(0);

  const location = prefix ? `${bucket}/${prefix}` : bucket;
  const title = prefix ? folderName(prefix) || prefix : bucket;

  // The arrays grow in place; `version` says when.
  const sorted = useMemo(() => sorter.current.update(listing.source, sort), [listing.source, listing.version, sort]);
  const visible = useMemo(() => filterEntries(sorted, filter), [sorted, filter]);
  const focusIndex = useMemo(
    () => (selection.focus === null ? -1 : visible.findIndex((entry) => entry.id === selection.focus)),
    [visible, selection.focus],
  );
  const selectedEntries = useMemo(
    () => (selection.ids.size === 0 ? [] : visible.filter((entry) => selection.ids.has(entry.id))),
    [visible, selection.ids],
  );
  const total = listing.source.folders.length + listing.source.files.length;
  const loading = listing.phase === 'listing' && !listing.started && total === 0;

  useEffect(() => {
    onFocusChange(selection.focus);
  }, [selection.focus, onFocusChange]);

  // A row chosen before it was listed (coming back up, a new folder) is scrolled to once it appears.
  useEffect(() => {
    if (pendingReveal.current !== null && focusIndex >= 0 && selection.focus === pendingReveal.current) {
      pendingReveal.current = null;
      tableRef.current?.reveal(focusIndex);
    }
  }, [focusIndex, selection.focus]);

  const hasRows = visible.length > 0;
  useEffect(() => {
    if (!autoFocus) return;
    if (hasRows) tableRef.current?.focus();
    else if (!sectionRef.current?.contains(document.activeElement)) sectionRef.current?.focus();
  }, [autoFocus, hasRows]);

  useEffect(() => {
    if (focusPane > 0) paneRef.current?.focus();
  }, [focusPane]);

  // --- Selection --------------------------------------------------------------

  const selectIndex = useCallback(
    (index: number, { toggle, range }: RowClickModifiers, moveOnly = false) => {
      const entry = visible[index];
      if (!entry) return;
      setSelection((current) => {
        if (range) {
          const anchorIndex = current.anchor === null ? -1 : visible.findIndex((candidate) => candidate.id === current.anchor);
          const ids = idsBetween(visible, anchorIndex < 0 ? index : anchorIndex, index);
          const next = toggle ? new Set([...current.ids, ...ids]) : new Set(ids);
          return { ids: next, focus: entry.id, anchor: anchorIndex < 0 ? entry.id : current.anchor };
        }
        if (moveOnly) return { ...current, focus: entry.id };
        if (toggle) {
          const next = new Set(current.ids);
          if (next.has(entry.id)) next.delete(entry.id);
          else next.add(entry.id);
          return { ids: next, focus: entry.id, anchor: entry.id };
        }
        return { ids: new Set([entry.id]), focus: entry.id, anchor: entry.id };
      });
    },
    [visible],
  );

  const moveTo = (index: number, event: KeyboardEvent) => {
    if (visible.length === 0) return;
    const target = Math.max(0, Math.min(visible.length - 1, index));
    const ctrl = event.ctrlKey || event.metaKey;
    selectIndex(target, { toggle: false, range: event.shiftKey }, ctrl && !event.shiftKey);
    tableRef.current?.reveal(target);
  };

  const selectAll = () => {
    if (visible.length === 0) return;
    setSelection((current) => ({
      ids: new Set(visible.map((entry) => entry.id)),
      focus: current.focus ?? (visible[0] as ListingEntry).id,
      anchor: current.anchor ?? (visible[0] as ListingEntry).id,
    }));
  };

  // --- Opening ----------------------------------------------------------------

  const open = (index: number) => {
    const entry = visible[index];
    if (!entry) return;
    if (entry.kind === 'folder') onOpenFolder(entry.folder.prefix);
    else {
      selectIndex(index, { toggle: false, range: false });
      onShowDetails(true);
      setFocusPane((n) => n + 1);
    }
  };

  // --- Actions ----------------------------------------------------------------

  const fail = useCallback((error: IpcError, what: string) => setNotice({ ...describeActionError(error, what), tone: 'error' }), []);

  const started = useCallback(
    (job: TransferJob) => {
      setNotice(null);
      transfers.announce(job);
    },
    [transfers],
  );

  const startPlan = useCallback(
    (plan: UploadPlan) => {
      if (plan.existingCount > 0 || plan.problems.length > 0 || plan.fileCount === 0) {
        setDialog({ kind: 'upload', plan });
        return;
      }
      const where = plan.prefix ? `${plan.bucket}/${plan.prefix}` : plan.bucket;
      api.startUpload({ planId: plan.planId, existing: 'replace' }).then(
        (result) => {
          if (result.ok) started(result.value);
          else {
            api.discardUpload(plan.planId).catch(() => undefined);
            fail(result.error, `upload to ${where}`);
          }
        },
        (error: unknown) => fail(unexpectedError(error), `upload to ${where}`),
      );
    },
    [api, started, fail],
  );

  const pickUpload = (kind: 'files' | 'folder') => {
    setNotice(null);
    api.pickUpload({ bucket, prefix, kind }).then(
      (result) => {
        if (!result.ok) fail(result.error, kind === 'files' ? 'upload files' : 'upload a folder');
        else if (result.value) startPlan(result.value);
      },
      (error: unknown) => fail(unexpectedError(error), 'upload'),
    );
  };

  const selectionRequest = (entries: ListingEntry[]): SelectionRequest => ({
    bucket,
    basePrefix: prefix,
    keys: entries.flatMap((entry) => (entry.kind === 'file' ? [entry.object.key] : [])),
    prefixes: entries.flatMap((entry) => (entry.kind === 'folder' ? [entry.folder.prefix] : [])),
    what: describeSelection(entries),
  });

  const download = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    const request = selectionRequest(entries);
    // Folders are counted first, and archived files would be skipped: both deserve a look before starting.
    if (request.prefixes.length > 0 || entries.some((entry) => entry.kind === 'file' && entry.archived)) {
      setDialog({ kind: 'download', request });
      return;
    }
    api.download({ bucket, keys: request.keys, prefixes: [], basePrefix: prefix }).then(
      (result) => {
        if (!result.ok) fail(result.error, `download ${request.what}`);
        else if (result.value.status === 'started') started(result.value.job);
      },
      (error: unknown) => fail(unexpectedError(error), `download ${request.what}`),
    );
  };

  const remove = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    setDialog({ kind: 'delete', request: selectionRequest(entries) });
  };

  const onDeleted = (result: DeleteResult, request: SelectionRequest) => {
    setSelection((current) => {
      if (result.failedCount > 0) return current;
      return { ids: new Set(), focus: current.focus, anchor: null };
    });
    if (result.failedCount === 0) {
      setNotice({ title: `Deleted ${countOf(result.deleted, 'object', 'objects')}`, detail: '', tone: 'info' });
    }
    onChanged(request.prefixes);
  };

  const onFolderCreated = (folder: FolderEntry) => {
    setCreating(false);
    const id = folderRowId(folder.prefix);
    setFilter('');
    setSelection({ ids: new Set([id]), focus: id, anchor: id });
    pendingReveal.current = id;
    onChanged([]);
    tableRef.current?.focus();
  };

  const folderExists = useCallback(
    (name: string) => listing.source.folders.some((entry) => entry.kind === 'folder' && entry.folder.name === name),
    [listing.source, listing.version],
  );

  // --- Keyboard ---------------------------------------------------------------

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.altKey) {
      if (event.key === 'ArrowUp' && onGoUp) {
        event.preventDefault();
        onGoUp();
      }
      return;
    }
    const last = visible.length - 1;
    const page = tableRef.current?.pageSize() ?? 10;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(focusIndex < 0 ? 0 : focusIndex + 1, event);
        break;
      case 'ArrowUp':
        moveTo(focusIndex < 0 ? last : focusIndex - 1, event);
        break;
      case 'PageDown':
        moveTo(focusIndex < 0 ? page : focusIndex + page, event);
        break;
      case 'PageUp':
        moveTo(focusIndex < 0 ? 0 : focusIndex - page, event);
        break;
      case 'Home':
        moveTo(0, event);
        break;
      case 'End':
        moveTo(last, event);
        break;
      case 'Enter':
        if (focusIndex < 0) return;
        open(focusIndex);
        break;
      case 'Backspace':
        if (!onGoUp) return;
        onGoUp();
        break;
      case 'Delete':
        remove();
        break;
      case 'Escape':
        if (selection.ids.size === 0) return;
        setSelection((current) => ({ ...current, ids: new Set() }));
        break;
      case ' ':
        if (focusIndex < 0) return;
        selectIndex(focusIndex, { toggle: ctrl, range: event.shiftKey });
        break;
      case 'ContextMenu':
      case 'F10':
        if (event.key === 'F10' && !event.shiftKey) return;
        if (focusIndex < 0) return;
        openMenuAtRow(focusIndex);
        break;
      default:
        if (ctrl && event.key.toLowerCase() === 'a') {
          selectAll();
          break;
        }
        if (ctrl && event.key.toLowerCase() === 'f') {
          filterRef.current?.focus();
          break;
        }
        if (event.key.length === 1 && !ctrl && /\S/u.test(event.key)) {
          typeToFind(event.key);
          break;
        }
        return;
    }
    event.preventDefault();
  };

  const typeToFind = (char: string) => {
    const now = Date.now();
    const text = now - typed.current.at > TYPE_TO_FIND_MS ? char : typed.current.text + char;
    typed.current = { text, at: now };
    const index = findByTyping(visible, text, focusIndex);
    if (index < 0) return;
    selectIndex(index, { toggle: false, range: false });
    tableRef.current?.reveal(index);
  };

  // --- Context menu -----------------------------------------------------------

  const openMenuAtRow = (index: number) => {
    const row = document.querySelector<HTMLElement>(`[data-testid="object-row"][data-index="${index}"]`);
    const box = row?.getBoundingClientRect();
    setMenu({ x: (box?.left ?? 0) + 24, y: (box?.bottom ?? 0) });
  };

  const onRowContextMenu = (index: number, x: number, y: number) => {
    const entry = visible[index];
    if (!entry) return;
    if (!selection.ids.has(entry.id)) selectIndex(index, { toggle: false, range: false });
    else setSelection((current) => ({ ...current, focus: entry.id }));
    setMenu({ x, y });
  };

  const menuItems = (): MenuItem[] => {
    const entries = selectedEntries;
    const single = entries.length === 1 ? entries[0] : undefined;
    const items: MenuItem[] = [];
    if (single?.kind === 'folder') items.push({ id: 'open', label: 'Open', onSelect: () => onOpenFolder(single.folder.prefix) });
    if (single?.kind === 'file')
      items.push({
        id: 'details',
        label: 'Show details',
        onSelect: () => {
          onShowDetails(true);
          setFocusPane((n) => n + 1);
        },
      });
    items.push({ id: 'download', label: 'Download…', onSelect: () => download(entries), disabled: entries.length === 0 });
    if (single)
      items.push({
        id: 'copy-uri',
        label: 'Copy S3 URI',
        onSelect: () => {
          const key = single.kind === 'file' ? single.object.key : single.folder.prefix;
          api.copyS3Uri({ bucket, key }).then(
            (result) =>
              setNotice(
                result.ok
                  ? { title: 'Copied', detail: result.value, tone: 'info' }
                  : { ...describeActionError(result.error, 'copy the S3 URI'), tone: 'error' },
              ),
            (error: unknown) => fail(unexpectedError(error), 'copy the S3 URI'),
          );
        },
      });
    items.push({ id: 'delete', label: 'Delete…', onSelect: () => remove(entries), disabled: entries.length === 0, danger: true });
    return items;
  };

  // --- Drag and drop ----------------------------------------------------------

  const carriesFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!dragOver) setDragOver(true);
  };

  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setDragOver(false);
    setDropTargetIndex(-1);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const target = visible[dropTargetIndex];
    const into = target?.kind === 'folder' ? target.folder.prefix : prefix;
    setDragOver(false);
    setDropTargetIndex(-1);
    const files = [...event.dataTransfer.files];
    const paths: string[] = [];
    const notLocal: string[] = [];
    for (const file of files) {
      const path = api.getPathForFile(file);
      if (path) paths.push(path);
      else notLocal.push(file.name || 'An item');
    }
    if (notLocal.length > 0) {
      setNotice({
        title:
          notLocal.length === 1
            ? `“${notLocal[0]}” isn’t a file on this computer, so it can’t be uploaded`
            : `${countOf(notLocal.length, 'item isn’t a file', 'items aren’t files')} on this computer, so they can’t be uploaded`,
        detail: 'Drag files or folders from your file manager instead.',
        tone: 'warning',
      });
    } else setNotice(null);
    if (paths.length === 0) return;
    api.planUpload({ bucket, prefix: into, paths }).then(
      (result) => (result.ok ? startPlan(result.value) : fail(result.error, 'upload what you dropped')),
      (error: unknown) => fail(unexpectedError(error), 'upload what you dropped'),
    );
  };

  // --- Rendering --------------------------------------------------------------

  const onSort = (column: SortColumn) =>
    onSortChange(
      sort.column === column ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' },
    );

  const now = useNow(15_000, listing.listedAt !== null);
  const errorView = listing.error ? describeListingError(listing.error, location) : null;
  const dropTarget = visible[dropTargetIndex];
  const dropLabel = dropTarget?.kind === 'folder' ? dropTarget.name : title;

  let content;
  if (listing.phase === 'error' && errorView && total === 0) {
    content = (
      <div className="folder-view__centered">
        <ErrorNotice layout="panel" {...errorView} onRetry={listing.retry} retryLabel="Retry" testId="listing-error" />
      </div>
    );
  } else if (listing.phase === 'done' && total === 0) {
    content = (
      <div className="folder-view__centered">
        <EmptyState title="This folder is empty" detail="Drop files here, or use Upload, to add some." />
      </div>
    );
  } else if (!loading && filter.trim() !== '' && visible.length === 0) {
    content = (
      <div className="folder-view__centered" data-testid="filter-empty">
        <EmptyState title={`Nothing here matches “${filter.trim()}”`} detail="Try another name, or clear the filter." />
      </div>
    );
  } else {
    content = (
      <ObjectTable
        label={`Contents of ${title}`}
        entries={visible}
        loading={loading}
        selection={selection.ids}
        focusIndex={focusIndex}
        sort={sort}
        onSort={onSort}
        onRowClick={selectIndex}
        onRowOpen={open}
        onRowContextMenu={onRowContextMenu}
        onBlankClick={() => setSelection((current) => ({ ...current, ids: new Set() }))}
        onKeyDown={onGridKeyDown}
        dropTargetIndex={dragOver ? dropTargetIndex : -1}
        onRowDragOver={(index) => setDropTargetIndex(index ?? -1)}
        handleRef={tableRef}
      />
    );
  }

  return (
    <section
      ref={sectionRef}
      className="folder-view"
      aria-label={`Contents of ${title}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f' && !event.defaultPrevented) {
          event.preventDefault();
          filterRef.current?.focus();
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
        onUploadFiles={() => pickUpload('files')}
        onUploadFolder={() => pickUpload('folder')}
        onNewFolder={() => {
          setNotice(null);
          setCreating(true);
        }}
        onDownload={() => download()}
        onDelete={() => remove()}
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
          className={`folder-view__list drop-zone${dragOver ? ' drop-zone--active' : ''}`}
          onDragEnter={onDragOver}
          onDragOver={onDragOver}
          onDragLeave={onDragLeave}
          onDrop={onDrop}
          data-drag-over={dragOver ? 'true' : undefined}
          data-testid="drop-zone"
        >
          {content}
          {dragOver ? (
            <div className="drop-zone__hint" aria-hidden="true" data-testid="drop-hint">
              <UploadIcon /> Drop to upload to {dropLabel}
            </div>
          ) : null}
        </div>
        {showDetails ? (
          <DetailsPane
            bucket={bucket}
            selected={selectedEntries}
            paneRef={paneRef}
            onLeave={() => tableRef.current?.focus()}
          />
        ) : null}
      </div>
      <footer className="status-bar">
        <span aria-live="polite" data-testid="listing-summary">
          {loading ? 'Loading…' : describeCounts(listing.source.folders.length, listing.source.files.length)}
        </span>
        {listing.phase === 'listing' && !loading ? (
          <span className="status-bar__progress" data-testid="listing-progress">
            <Spinner />
            {listing.stale ? 'Refreshing…' : `Loading… ${total.toLocaleString()} ${total === 1 ? 'item' : 'items'} so far`}
          </span>
        ) : null}
        {selection.ids.size > 0 && selectedEntries.length > 0 ? (
          <span className="status-bar__selection" data-testid="selection-summary">
            {countOf(selectedEntries.length, 'item', 'items')} selected
          </span>
        ) : null}
        {listing.listedAt !== null && listing.phase !== 'listing' ? (
          <span className="status-bar__age" data-testid="listing-age" title={new Date(listing.listedAt).toLocaleString()}>
            Listed {formatAge(listing.listedAt, Math.max(now, listing.listedAt))}
          </span>
        ) : null}
      </footer>
      {dialog?.kind === 'upload' ? (
        <UploadPlanDialog
          plan={dialog.plan}
          onStarted={(job) => {
            setDialog(null);
            started(job);
          }}
          onClose={() => setDialog(null)}
        />
      ) : dialog ? (
        <SelectionDialog
          kind={dialog.kind}
          request={dialog.request}
          onClose={() => setDialog(null)}
          onDownloadStarted={started}
          onDeleted={(result) => onDeleted(result, dialog.request)}
        />
      ) : null}
      {menu ? (
        <ContextMenu x={menu.x} y={menu.y} items={menuItems()} onClose={() => setMenu(null)} label="Actions" />
      ) : null}
    </section>
  );
}
