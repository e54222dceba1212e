import type { ReactNode } from 'react';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import type { ListingErrorView } from '../listingErrors';
import type { FolderListing } from './useFolderListing';

interface FolderPlaceholderOptions {
  listing: FolderListing;
  /** Entries listed so far, before filtering. */
  total: number;
  /** Entries the filter lets through. */
  shown: number;
  loading: boolean;
  filter: string;
  errorView: ListingErrorView | null;
}

/** What stands in for the table when there is nothing to list: an error, an empty folder, no match. Null: show the table. */
export function folderPlaceholder({ listing, total, shown, loading, filter, errorView }: FolderPlaceholderOptions): ReactNode {
  if (listing.phase === 'error' && errorView && total === 0) {
    return (
      <div className="folder-view__centered">
        <ErrorNotice layout="panel" {...errorView} onRetry={listing.retry} retryLabel="Retry" testId="listing-error" />
      </div>
    );
  }
  if (listing.phase === 'done' && total === 0) {
    return (
      <div className="folder-view__centered">
        <EmptyState title="This folder is empty" detail="Drop files here, or use Upload, to add some." />
      </div>
    );
  }
  if (!loading && filter.trim() !== '' && shown === 0) {
    return (
      <div className="folder-view__centered" data-testid="filter-empty">
        <EmptyState title={`Nothing here matches “${filter.trim()}”`} detail="Try another name, or clear the filter." />
      </div>
    );
  }
  return null;
}
