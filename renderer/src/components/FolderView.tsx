import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useObjectListing } from '../hooks/useObjectListing';
import { folderRowId, listingEntries, type ListingEntry } from '../lib/entries';
import { describeListingError } from '../lib/listingErrors';
import { folderName } from '../lib/prefixes';
import { EmptyState } from './EmptyState';
import { ErrorNotice } from './ErrorNotice';
import { ObjectTable } from './ObjectTable';
import { Spinner } from './Spinner';

interface FolderViewProps {
  bucket: string;
  prefix: string;
  /** A folder to select when the listing arrives (the one just left, when going up). */
  initialSelection: string | null;
  /** Whether to take keyboard focus when shown (after navigating from the keyboard or the list). */
  autoFocus: boolean;
  onOpenFolder: (prefix: string) => void;
  /** Goes to the enclosing folder; undefined at the start prefix. */
  onGoUp: (() => void) | undefined;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The status line: "3 folders, 12 files", with a note when more can be loaded. */
function describeCounts(folders: number, files: number, hasMore: boolean): string {
  const parts = [folders > 0 ? count(folders, 'folder', 'folders') : null, files > 0 ? count(files, 'file', 'files') : null];
  const loaded = parts.filter(Boolean).join(', ') || 'No items';
  return hasMore ? `${loaded} loaded — more available` : loaded;
}

/** One folder: its listing with loading, empty and error states, and paging. */
export function FolderView({ bucket, prefix, initialSelection, autoFocus, onOpenFolder, onGoUp }: FolderViewProps) {
  const listing = useObjectListing(bucket, prefix);
  const entries = useMemo(() => listingEntries(listing.folders, listing.objects), [listing.folders, listing.objects]);
  const [selectedId, setSelectedId] = useState<string | null>(initialSelection ? folderRowId(initialSelection) : null);
  const sectionRef = useRef<HTMLElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const location = prefix ? `${bucket}/${prefix}` : bucket;
  const title = prefix ? folderName(prefix) || prefix : bucket;

  const hasEntries = entries.length > 0;
  useEffect(() => {
    if (!autoFocus) return;
    if (listing.status === 'ready' && hasEntries) tableRef.current?.focus();
    else sectionRef.current?.focus();
  }, [autoFocus, listing.status, hasEntries]);

  const open = (entry: ListingEntry) => {
    if (entry.kind === 'folder') onOpenFolder(entry.folder.prefix);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const goUp = event.key === 'Backspace' || (event.key === 'ArrowUp' && (event.altKey || event.metaKey));
    if (goUp && onGoUp) {
      event.preventDefault();
      onGoUp();
    }
  };

  const summary = listing.status === 'ready' ? describeCounts(listing.folders.length, listing.objects.length, listing.hasMore) : '';

  return (
    <section
      ref={sectionRef}
      className="folder-view"
      aria-label={`Contents of ${title}`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {listing.status === 'error' && listing.error ? (
        <div className="folder-view__centered">
          <ErrorNotice
            layout="panel"
            {...describeListingError(listing.error, location)}
            onRetry={listing.retry}
            retryLabel="Retry"
            testId="listing-error"
          />
        </div>
      ) : listing.status === 'ready' && entries.length === 0 && !listing.hasMore ? (
        <div className="folder-view__centered">
          <EmptyState title="This folder is empty" detail="Files added to this folder will appear here." />
        </div>
      ) : (
        <div className="folder-view__scroll">
          <ObjectTable
            label={`Contents of ${title}`}
            entries={entries}
            loading={listing.status === 'loading'}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onOpen={open}
            tableRef={tableRef}
          />
          {listing.hasMore || listing.moreError ? (
            <div className="load-more">
              {listing.moreError ? (
                <ErrorNotice {...describeListingError(listing.moreError, location)} />
              ) : null}
              <button
                type="button"
                className="button button--secondary"
                onClick={listing.loadMore}
                disabled={listing.loadingMore}
                aria-busy={listing.loadingMore}
                data-testid="load-more"
              >
                {listing.loadingMore ? <Spinner /> : null}
                {listing.loadingMore ? 'Loading…' : listing.moreError ? 'Try loading more again' : 'Load more'}
              </button>
            </div>
          ) : null}
        </div>
      )}
      <footer className="status-bar" aria-live="polite" data-testid="listing-summary">
        {listing.status === 'loading' ? 'Loading…' : summary}
      </footer>
    </section>
  );
}
