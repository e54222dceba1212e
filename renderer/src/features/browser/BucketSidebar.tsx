import type { BucketEntry } from '../../../../common/ipc';
import type { BucketsView } from './useBuckets';
import { bucketKey } from './bucketKey';
import { describeListingError } from './listingErrors';
import { describeBucketEntry } from './placeNames';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';
import { BucketIcon, HomeIcon } from '../../shared/ui/Icons';
import './BucketSidebar.css';

interface BucketSidebarProps {
  view: BucketsView;
  /** The signed-in identity, to call its home prefix "Home" rather than show the IdentityId. */
  identityId: string;
  selectedKey: string | null;
  onSelect: (bucket: BucketEntry) => void;
  onRetry: () => void;
}

/** The buckets this user may browse, each by its label or name, with where their access starts. */
export function BucketSidebar({ view, identityId, selectedKey, onSelect, onRetry }: BucketSidebarProps) {
  return (
    <nav className="sidebar" aria-label="Buckets" aria-busy={view.status === 'loading'}>
      <h2 className="sidebar__heading">Buckets</h2>
      {view.status === 'error' ? (
        <div className="sidebar__notice">
          <ErrorNotice {...describeListingError(view.error, 'your buckets')} onRetry={onRetry} />
        </div>
      ) : view.status === 'loading' && view.buckets.length === 0 ? (
        <ul className="sidebar__list" aria-hidden="true">
          {[0, 1, 2].map((row) => (
            <li key={row} className="sidebar__skeleton">
              <span className="skeleton skeleton--icon" />
              <span className={`skeleton skeleton--text skeleton--w${row}`} />
            </li>
          ))}
        </ul>
      ) : view.buckets.length === 0 ? (
        <p className="sidebar__empty">No buckets have been shared with you yet.</p>
      ) : (
        <ul className="sidebar__list" data-testid="bucket-list">
          {view.buckets.map((bucket) => {
            const key = bucketKey(bucket);
            const selected = key === selectedKey;
            const shown = describeBucketEntry(bucket, identityId);
            return (
              <li key={key}>
                <button
                  type="button"
                  className={`sidebar__item${selected ? ' sidebar__item--selected' : ''}`}
                  aria-current={selected ? 'true' : undefined}
                  title={shown.tooltip}
                  onClick={() => onSelect(bucket)}
                  data-testid="bucket-item"
                >
                  {shown.home ? <HomeIcon className="sidebar__icon" /> : <BucketIcon className="sidebar__icon" />}
                  <span className="sidebar__text">
                    <span className="sidebar__name">{shown.name}</span>
                    {shown.detail ? (
                      <span className={`sidebar__detail${shown.detailIsPath ? ' sidebar__detail--path' : ''}`}>{shown.detail}</span>
                    ) : null}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
