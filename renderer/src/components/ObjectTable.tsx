import { useEffect, useId, type KeyboardEvent, type Ref } from 'react';
import type { ListingEntry } from '../lib/entries';
import { formatBytes } from '../lib/formatBytes';
import { formatDateTime } from '../lib/formatDate';
import { formatStorageClass } from '../lib/storageClass';
import { FileTypeIcon } from './FileTypeIcon';
import { FolderIcon } from './Icons';

interface ObjectTableProps {
  /** What the table lists, for screen readers: "Contents of photos". */
  label: string;
  entries: ListingEntry[];
  /** While the first page loads, placeholder rows stand in for entries. */
  loading: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (entry: ListingEntry) => void;
  tableRef?: Ref<HTMLTableElement>;
}

const SKELETON_ROWS = 8;
const PAGE_STEP = 10;

/** A folder's contents as a grid: arrows move the selection, Enter or double-click opens a folder. */
export function ObjectTable({ label, entries, loading, selectedId, onSelect, onOpen, tableRef }: ObjectTableProps) {
  const baseId = useId();
  const rowId = (index: number) => `${baseId}-row-${index}`;
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((entry) => entry.id === selectedId);

  useEffect(() => {
    if (selectedIndex < 0) return;
    document.getElementById(`${baseId}-row-${selectedIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [baseId, selectedIndex]);

  const selectIndex = (index: number) => {
    const entry = entries[Math.max(0, Math.min(entries.length - 1, index))];
    if (entry) onSelect(entry.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.altKey || event.metaKey || event.ctrlKey || entries.length === 0) return;
    switch (event.key) {
      case 'ArrowDown':
        selectIndex(selectedIndex < 0 ? 0 : selectedIndex + 1);
        break;
      case 'ArrowUp':
        selectIndex(selectedIndex < 0 ? entries.length - 1 : selectedIndex - 1);
        break;
      case 'PageDown':
        selectIndex(selectedIndex + PAGE_STEP);
        break;
      case 'PageUp':
        selectIndex(selectedIndex < 0 ? 0 : selectedIndex - PAGE_STEP);
        break;
      case 'Home':
        selectIndex(0);
        break;
      case 'End':
        selectIndex(entries.length - 1);
        break;
      case 'Enter': {
        const entry = entries[selectedIndex];
        if (!entry) return;
        onOpen(entry);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <table
      ref={tableRef}
      className="object-table"
      role="grid"
      aria-label={label}
      aria-busy={loading}
      aria-rowcount={loading ? -1 : entries.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? rowId(selectedIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="object-table"
    >
      <colgroup>
        <col className="object-table__col-name" />
        <col className="object-table__col-size" />
        <col className="object-table__col-modified" />
        <col className="object-table__col-class" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" role="columnheader">Name</th>
          <th scope="col" role="columnheader" className="object-table__numeric">
            Size
          </th>
          <th scope="col" role="columnheader">Last modified</th>
          <th scope="col" role="columnheader">Storage class</th>
        </tr>
      </thead>
      <tbody>
        {loading
          ? Array.from({ length: SKELETON_ROWS }, (_, row) => (
              <tr key={row} className="object-table__skeleton" aria-hidden="true">
                <td role="gridcell">
                  <span className="object-table__name">
                    <span className="skeleton skeleton--icon" />
                    <span className={`skeleton skeleton--text skeleton--w${row % 4}`} />
                  </span>
                </td>
                <td role="gridcell" className="object-table__numeric">
                  <span className="skeleton skeleton--text skeleton--short" />
                </td>
                <td role="gridcell">
                  <span className="skeleton skeleton--text skeleton--medium" />
                </td>
                <td role="gridcell">
                  <span className="skeleton skeleton--text skeleton--short" />
                </td>
              </tr>
            ))
          : entries.map((entry, index) => {
              const selected = index === selectedIndex;
              return (
                <tr
                  key={entry.id}
                  id={rowId(index)}
                  className={`object-table__row object-table__row--${entry.kind}${selected ? ' object-table__row--selected' : ''}`}
                  aria-selected={selected}
                  data-testid="object-row"
                  data-kind={entry.kind}
                  onClick={() => onSelect(entry.id)}
                  onDoubleClick={() => onOpen(entry)}
                >
                  <td role="gridcell">
                    <span className="object-table__name" title={entry.name}>
                      {entry.kind === 'folder' ? (
                        <FolderIcon className="object-table__icon object-table__icon--folder" />
                      ) : (
                        <FileTypeIcon name={entry.name} className="object-table__icon" />
                      )}
                      <span className="object-table__label">{entry.name === '' ? '(unnamed)' : entry.name}</span>
                    </span>
                  </td>
                  {entry.kind === 'folder' ? (
                    <>
                      <td role="gridcell" className="object-table__numeric object-table__muted">—</td>
                      <td role="gridcell" />
                      <td role="gridcell" />
                    </>
                  ) : (
                    <>
                      <td role="gridcell" className="object-table__numeric" title={`${entry.object.size.toLocaleString()} bytes`}>
                        {formatBytes(entry.object.size)}
                      </td>
                      <td role="gridcell">
                        <time dateTime={entry.object.lastModified}>{formatDateTime(entry.object.lastModified)}</time>
                      </td>
                      <td role="gridcell" className="object-table__muted">{formatStorageClass(entry.object.storageClass)}</td>
                    </>
                  )}
                </tr>
              );
            })}
      </tbody>
    </table>
  );
}
