import type { KeyboardEvent, Ref } from 'react';
import { DownloadIcon, DragOutIcon, FolderPlusIcon, FolderUploadIcon, PanelRightIcon, SearchIcon, TrashIcon, UploadIcon, CloseIcon } from '../../../shared/ui/Icons';
import './ActionBar.css';

interface ActionBarProps {
  hasSelection: boolean;
  /** "report.pdf", "3 items": what Download and Delete act on. */
  selectionLabel: string | null;
  filter: string;
  onFilterChange: (filter: string) => void;
  /** Shown while filtering: how many of the entries listed so far match. */
  filterCount: { shown: number; total: number } | null;
  filterRef: Ref<HTMLInputElement>;
  /** Arrow down or Escape on an empty filter: back to the list. */
  onFilterLeave: () => void;
  onUploadFiles: () => void;
  onUploadFolder: () => void;
  onNewFolder: () => void;
  onDownload: () => void;
  /** Drag out…: prepares the selection for dragging to the desktop. */
  onDragOut: () => void;
  onDelete: () => void;
  showDetails: boolean;
  onToggleDetails: () => void;
}

/** The folder's actions and the filter box. */
export function ActionBar({
  hasSelection,
  selectionLabel,
  filter,
  onFilterChange,
  filterCount,
  filterRef,
  onFilterLeave,
  onUploadFiles,
  onUploadFolder,
  onNewFolder,
  onDownload,
  onDragOut,
  onDelete,
  showDetails,
  onToggleDetails,
}: ActionBarProps) {
  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      if (filter !== '') onFilterChange('');
      else onFilterLeave();
    } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      onFilterLeave();
    }
  };

  return (
    <div className="action-bar" role="toolbar" aria-label="Folder actions">
      <button type="button" className="button button--secondary button--small" onClick={onUploadFiles} data-testid="action-upload-files">
        <UploadIcon />
        Upload files
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onUploadFolder} data-testid="action-upload-folder">
        <FolderUploadIcon />
        Upload folder
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onNewFolder} data-testid="action-new-folder">
        <FolderPlusIcon />
        New folder
      </button>
      <span className="action-bar__divider" aria-hidden="true" />
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={onDownload}
        disabled={!hasSelection}
        title={selectionLabel ? `Download ${selectionLabel}` : 'Select files or folders to download'}
        data-testid="action-download"
      >
        <DownloadIcon />
        Download
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={onDragOut}
        disabled={!hasSelection}
        title={selectionLabel ? `Get ${selectionLabel} ready to drag to your desktop or a folder` : 'Select files or folders to drag out'}
        data-testid="action-drag-out"
      >
        <DragOutIcon />
        Drag out…
      </button>
      <button
        type="button"
        className="button button--secondary button--small action-bar__danger"
        onClick={onDelete}
        disabled={!hasSelection}
        title={selectionLabel ? `Delete ${selectionLabel}` : 'Select files or folders to delete'}
        data-testid="action-delete"
      >
        <TrashIcon />
        Delete
      </button>
      <div className="action-bar__end">
        <div className="filter">
          <SearchIcon className="filter__icon" />
          <input
            ref={filterRef}
            className="filter__input"
            type="search"
            value={filter}
            onChange={(event) => onFilterChange(event.target.value)}
            onKeyDown={onFilterKeyDown}
            placeholder="Filter"
            aria-label="Filter by name"
            spellCheck={false}
            autoComplete="off"
            data-testid="filter-input"
          />
          {filter !== '' ? (
            <button type="button" className="filter__clear" onClick={() => onFilterChange('')} aria-label="Clear filter" title="Clear filter">
              <CloseIcon />
            </button>
          ) : null}
        </div>
        {filterCount ? (
          <span className="filter__count" aria-live="polite" data-testid="filter-count">
            {filterCount.shown.toLocaleString()} of {filterCount.total.toLocaleString()}
          </span>
        ) : null}
        <button
          type="button"
          className={`icon-button${showDetails ? ' icon-button--active' : ''}`}
          onClick={onToggleDetails}
          aria-pressed={showDetails}
          aria-label="Details pane"
          title={showDetails ? 'Hide details' : 'Show details'}
          data-testid="action-details"
        >
          <PanelRightIcon />
        </button>
      </div>
    </div>
  );
}
