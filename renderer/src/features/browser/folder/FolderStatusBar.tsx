import { formatAge } from '../../../shared/format/formatAge';
import { countOf } from '../../../shared/format/formatBytes';
import { useNow } from '../../../shared/hooks/useNow';
import { Spinner } from '../../../shared/ui/Spinner';
import type { FolderListing } from './useFolderListing';
import './FolderStatusBar.css';

function describeCounts(folders: number, files: number): string {
  const parts = [folders > 0 ? countOf(folders, 'folder', 'folders') : null, files > 0 ? countOf(files, 'file', 'files') : null];
  return parts.filter(Boolean).join(', ') || 'No items';
}

interface FolderStatusBarProps {
  listing: FolderListing;
  /** The first page hasn't come yet. */
  loading: boolean;
  /** How many selected entries are shown (the filter may hide others). */
  selectedCount: number;
}

/** Below the list: how much is in the folder, listing progress, the selection, and how old the listing is. */
export function FolderStatusBar({ listing, loading, selectedCount }: FolderStatusBarProps) {
  const now = useNow(15_000, listing.listedAt !== null);
  const total = listing.source.folders.length + listing.source.files.length;
  return (
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
      {selectedCount > 0 ? (
        <span className="status-bar__selection" data-testid="selection-summary">
          {countOf(selectedCount, 'item', 'items')} selected
        </span>
      ) : null}
      {listing.listedAt !== null && listing.phase !== 'listing' ? (
        <span className="status-bar__age" data-testid="listing-age" title={new Date(listing.listedAt).toLocaleString()}>
          Listed {formatAge(listing.listedAt, Math.max(now, listing.listedAt))}
        </span>
      ) : null}
    </footer>
  );
}
