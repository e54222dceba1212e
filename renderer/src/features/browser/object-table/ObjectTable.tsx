import { memo, useId, useImperativeHandle, useRef, type DragEvent, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import { formatBytes } from '../../../shared/format/formatBytes';
import { formatDateTime } from '../../../shared/format/formatDate';
import { FileTypeIcon } from '../../../shared/ui/FileTypeIcon';
import { ArchiveIcon, FolderIcon, SortIcon } from '../../../shared/ui/Icons';
import type { ListingEntry } from '../entries';
import type { SortColumn, SortOrder } from '../listingView';
import { formatStorageClass } from '../storageClass';
import { OVERSCAN, ROW_HEIGHT, useCompressedScroll } from './useCompressedScroll';
import { rowTop } from './virtualScroll';
import './ObjectTable.css';

const SKELETON_ROWS = 8;
const NOTHING_CUT: ReadonlySet<string> = new Set();

export interface ObjectTableHandle {
  focus(): void;
  /** Scrolls as little as needed to show row `index` whole. */
  reveal(index: number): void;
  /** Rows that PageUp/PageDown move. */
  pageSize(): number;
}

export interface RowClickModifiers {
  /** Ctrl (Cmd on macOS): add or remove this row. */
  toggle: boolean;
  /** Shift: select from the anchor to this row. */
  range: boolean;
}

interface ObjectTableProps {
  /** What the grid lists, for screen readers: "Contents of photos". */
  label: string;
  entries: readonly ListingEntry[];
  /** While the first page loads, placeholder rows stand in for entries. */
  loading: boolean;
  selection: ReadonlySet<string>;
  /** The keyboard cursor's row in `entries`; -1 for none. */
  focusIndex: number;
  sort: SortOrder;
  onSort: (column: SortColumn) => void;
  onRowClick: (index: number, modifiers: RowClickModifiers) => void;
  onRowOpen: (index: number) => void;
  onRowContextMenu?: (index: number, x: number, y: number) => void;
  /** A click below the last row. */
  onBlankClick?: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  /** A folder row that files being dragged would land in. */
  dropTargetIndex?: number;
  onRowDragOver?: (index: number | null, event: DragEvent<HTMLDivElement>) => void;
  /** Makes the rows draggable: a drag started on row `index`. */
  onRowDragStart?: (index: number, event: DragEvent<HTMLDivElement>) => void;
  /** The drag started from a row ended, wherever it went. */
  onRowDragEnd?: (event: DragEvent<HTMLDivElement>) => void;
  /** Rows put aside by Cut: shown dimmed, and described as cut, until pasted. */
  cutIds?: ReadonlySet<string>;
  handleRef?: Ref<ObjectTableHandle>;
}

const COLUMNS: Array<{ column: SortColumn; label: string; numeric?: boolean }> = [
  { column: 'name', label: 'Name' },
  { column: 'size', label: 'Size', numeric: true },
  { column: 'modified', label: 'Last modified' },
  { column: 'class', label: 'Storage class' },
];

const SORT_TEST_IDS: Record<SortColumn, string> = {
  name: 'sort-name',
  size: 'sort-size',
  modified: 'sort-modified',
  class: 'sort-class',
};

function rowIndexOf(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null;
  const row = target.closest<HTMLElement>('[data-index]');
  if (!row?.dataset.index) return null;
  const index = Number(row.dataset.index);
  return Number.isInteger(index) ? index : null;
}

/**
 * A folder's contents as a virtualized ARIA grid: only the rows in view (and
 * a few around them) exist, each a fixed ROW_HEIGHT, drawn at the right
 * place for any number of rows (see useCompressedScroll for lists taller than
 * the browser allows). Rows are memoized and take no handlers of their own:
 * clicks are read from the grid, so scrolling only re-renders rows whose
 * contents change.
 */
export function ObjectTable({
  label,
  entries,
  loading,
  selection,
  focusIndex,
  sort,
  onSort,
  onRowClick,
  onRowOpen,
  onRowContextMenu,
  onBlankClick,
  onKeyDown,
  dropTargetIndex = -1,
  onRowDragOver,
  onRowDragStart,
  onRowDragEnd,
  cutIds = NOTHING_CUT,
  handleRef,
}: ObjectTableProps) {
  const baseId = useId();
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = loading ? 0 : entries.length;
  const { items, space, viewport, layerTop, base, reveal, pageSize } = useCompressedScroll(count, focusIndex, scrollRef);

  useImperativeHandle(handleRef, () => ({ focus: () => gridRef.current?.focus(), reveal, pageSize }), [reveal, pageSize]);

  // Rows keep their DOM nodes while scrolling: the rows of the contiguous range take slots by index
  // modulo the pool and stay in slot order in the DOM, so scrolling rewrites rows in place instead of
  // creating or moving nodes. Screen readers follow aria-rowindex (and aria-activedescendant), not DOM order.
  const pool = Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN + 3;
  const first = items[0]?.index ?? 0;
  const slotted = items.map((item) => ({
    index: item.index,
    slot: item.index >= first && item.index < first + pool ? item.index % pool : pool + item.index,
  }));
  slotted.sort((a, b) => a.slot - b.slot);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const index = rowIndexOf(event.target);
    if (index === null) {
      if (event.target instanceof Element && event.target.closest('.object-table__body')) onBlankClick?.();
      return;
    }
    onRowClick(index, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
  };

  const onDoubleClick = (event: MouseEvent<HTMLDivElement>) => {
    const index = rowIndexOf(event.target);
    if (index !== null) onRowOpen(index);
  };

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    if (!onRowContextMenu) return;
    const index = rowIndexOf(event.target);
    if (index === null) return;
    event.preventDefault();
    onRowContextMenu(index, event.clientX, event.clientY);
  };

  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    const index = rowIndexOf(event.target);
    if (index === null || !onRowDragStart) return;
    onRowDragStart(index, event);
  };

  const focusRowId = focusIndex >= 0 && focusIndex < count ? `${baseId}-row-${focusIndex}` : undefined;
  const cutId = `${baseId}-cut`;

  return (
    <div
      ref={gridRef}
      className="object-table"
      role="grid"
      aria-label={label}
      aria-busy={loading}
      aria-multiselectable="true"
      aria-rowcount={loading ? -1 : entries.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={focusRowId}
      aria-describedby={onRowDragStart ? `${baseId}-how-to-move` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="object-table"
    >
      {/* Read by screen readers only: what the dimmed rows are, and the keyboard's way to move rows. */}
      <span hidden id={cutId}>
        Cut: paste to move it
      </span>
      <span hidden id={`${baseId}-how-to-move`}>
        Drag rows onto a folder to move them there, or use Cut and Paste (Ctrl+X, Ctrl+V; ⌘X, ⌘V on a Mac).
      </span>
      <div
        ref={scrollRef}
        className="object-table__scroll"
        data-testid="object-table-scroll"
        data-compressed={space.compressed ? 'true' : undefined}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        onDragStart={onRowDragStart ? onDragStart : undefined}
        onDragEnd={onRowDragEnd}
        onDragOver={
          onRowDragOver
            ? (event) => {
                const index = rowIndexOf(event.target);
                onRowDragOver(index !== null && entries[index]?.kind === 'folder' ? index : null, event);
              }
            : undefined
        }
      >
        <div className="object-table__head" role="rowgroup">
          <div className="object-table__row object-table__row--head" role="row" aria-rowindex={1}>
            {COLUMNS.map(({ column, label: text, numeric }) => {
              const active = sort.column === column;
              return (
                <div
                  key={column}
                  role="columnheader"
                  className={`object-table__header${numeric ? ' object-table__numeric' : ''}`}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className={`object-table__sort${active ? ' object-table__sort--active' : ''}`}
                    onClick={() => onSort(column)}
                    title={`Sort by ${text.toLowerCase()}`}
                    data-testid={SORT_TEST_IDS[column]}
                  >
                    <span>{text}</span>
                    {active ? <SortIcon direction={sort.direction} className="object-table__sort-icon" /> : null}
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div
          className="object-table__body"
          role="rowgroup"
          style={{ height: loading ? SKELETON_ROWS * ROW_HEIGHT : space.spacerHeight }}
        >
          {loading ? (
            Array.from({ length: SKELETON_ROWS }, (_, row) => <SkeletonRow key={row} row={row} />)
          ) : (
            <div className="object-table__layer" style={layerTop === 0 ? undefined : { transform: `translateY(${layerTop}px)` }}>
              {slotted.map(({ index, slot }) => {
                const entry = entries[index];
                if (!entry) return null;
                return (
                  <ObjectRow
                    key={slot}
                    entry={entry}
                    index={index}
                    rowId={`${baseId}-row-${index}`}
                    top={rowTop(space, index, base)}
                    selected={selection.has(entry.id)}
                    focused={index === focusIndex}
                    dropTarget={index === dropTargetIndex}
                    draggable={onRowDragStart !== undefined}
                    cut={cutIds.has(entry.id) ? cutId : undefined}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface ObjectRowProps {
  entry: ListingEntry;
  index: number;
  rowId: string;
  top: number;
  selected: boolean;
  focused: boolean;
  dropTarget: boolean;
  draggable: boolean;
  /** Set (to the id of what describes a cut row) when Cut put this row aside. */
  cut: string | undefined;
}

/** One row; re-renders only when its own props change. */
const ObjectRow = memo(function ObjectRow({ entry, index, rowId, top, selected, focused, dropTarget, draggable, cut }: ObjectRowProps) {
  const className = [
    'object-table__row',
    `object-table__row--${entry.kind}`,
    index % 2 === 1 ? 'object-table__row--alt' : '',
    selected ? 'object-table__row--selected' : '',
    focused ? 'object-table__row--focused' : '',
    dropTarget ? 'object-table__row--drop-target' : '',
    cut ? 'object-table__row--cut' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const name = entry.name === '' ? '(unnamed)' : entry.name;
  return (
    <div
      // Only the focused row needs its id (aria-activedescendant): one attribute fewer to rewrite per row while scrolling.
      id={focused ? rowId : undefined}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-describedby={cut}
      className={className}
      draggable={draggable || undefined}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="object-row"
      data-kind={entry.kind}
      data-index={index}
      data-archived={entry.kind === 'file' && entry.archived ? 'true' : undefined}
      data-cut={cut ? 'true' : undefined}
    >
      <div role="gridcell" className="object-table__cell object-table__name" title={entry.name}>
        {entry.kind === 'folder' ? (
          <FolderIcon className="object-table__icon object-table__icon--folder" />
        ) : (
          <FileTypeIcon name={entry.name} className="object-table__icon" />
        )}
        <span className="object-table__label">{name}</span>
      </div>
      {entry.kind === 'folder' ? (
        <>
          <div role="gridcell" className="object-table__cell object-table__numeric object-table__muted">
            —
          </div>
          <div role="gridcell" className="object-table__cell" />
          <div role="gridcell" className="object-table__cell" />
        </>
      ) : (
        <>
          <div role="gridcell" className="object-table__cell object-table__numeric">
            {formatBytes(entry.object.size)}
          </div>
          <div role="gridcell" className="object-table__cell">
            <time dateTime={entry.object.lastModified}>{formatDateTime(entry.object.lastModified)}</time>
          </div>
          <div
            role="gridcell"
            className={`object-table__cell object-table__muted${entry.archived ? ' object-table__class--archive' : ''}`}
            title={entry.archived ? 'Archived: restore it before downloading or previewing' : undefined}
          >
            {entry.archived ? <ArchiveIcon className="object-table__archive-icon" /> : null}
            {formatStorageClass(entry.object.storageClass)}
          </div>
        </>
      )}
    </div>
  );
});

function SkeletonRow({ row }: { row: number }) {
  return (
    <div
      className="object-table__row object-table__row--skeleton"
      style={{ transform: `translateY(${row * ROW_HEIGHT}px)` }}
      aria-hidden="true"
    >
      <div className="object-table__cell object-table__name">
        <span className="skeleton skeleton--icon" />
        <span className={`skeleton skeleton--text skeleton--w${row % 4}`} />
      </div>
      <div className="object-table__cell object-table__numeric">
        <span className="skeleton skeleton--text skeleton--short" />
      </div>
      <div className="object-table__cell">
        <span className="skeleton skeleton--text skeleton--medium" />
      </div>
      <div className="object-table__cell">
        <span className="skeleton skeleton--text skeleton--short" />
      </div>
    </div>
  );
}
