import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BucketEntry, SessionState, TransferStatus } from '../../../../common/ipc';
import type { AccountActions } from '../accounts/useAccountActions';
import { useBuckets } from './useBuckets';
import { usePopover } from '../../shared/hooks/usePopover';
import { useTransfers } from '../transfers/useTransfers';
import { bucketKey } from './bucketKey';
import { folderRowId } from './entries';
import { ListingCache } from './listingCache';
import { DEFAULT_SORT, type SortOrder } from './listingView';
import { asFolderPrefix, canGoUp, parentPrefix } from './prefixes';
import { folderTitle, startPlaceOf } from './placeNames';
import { isActive } from '../transfers/transfers';
import { AccountBar } from '../accounts/AccountBar';
import { AccountErrorNotice } from '../accounts/AccountErrorNotice';
import { Breadcrumb } from './Breadcrumb';
import { BucketSidebar } from './BucketSidebar';
import { EmptyState } from '../../shared/ui/EmptyState';
import type { CopyClipboard } from './folder/copyClipboard';
import { FolderView } from './folder/FolderView';
import { DragOutTray } from './drag-out/DragOutTray';
import { useDragOut } from './drag-out/useDragOut';
import { ArrowLeftIcon, ArrowRightIcon, ArrowUpIcon, RefreshIcon } from '../../shared/ui/Icons';
import { ObjectTable } from './object-table/ObjectTable';
import { TransfersPanel } from '../transfers/TransfersPanel';
import { useUpdateState } from '../updates/useUpdateState';
import { UpdateNotice } from '../updates/UpdateNotice';
import { PolicyProblemNotice } from '../sign-in/PolicyProblemNotice';
import './BrowserScreen.css';

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

interface BrowserScreenProps {
  session: SignedIn;
  /** Set while the add-account screen covers it; browsing state is kept meanwhile. */
  hidden: boolean;
  actions: AccountActions;
  onAddAccount: () => void;
  /** Asks main to renew the session now; resolves to a message when that failed. */
  onReconnect: () => Promise<string | null>;
}

/** A place in the back/forward history. */
interface Place {
  bucketKey: string;
  prefix: string;
  /** The row to select on arrival: the folder just left (going up), or the cursor when this place was left. */
  select: string | null;
}

interface History {
  places: Place[];
  index: number;
}

const noop = () => undefined;

/** The signed-in window: account bar, bucket sidebar, the folder being browsed, and transfers. */
export function BrowserScreen({ session, hidden, actions, onAddAccount, onReconnect }: BrowserScreenProps) {
  const buckets = useBuckets();
  const menu = usePopover();
  const updates = useUpdateState();
  const { jobs } = useTransfers();
  const [history, setHistory] = useState<History>({ places: [], index: -1 });
  const [focusOnArrival, setFocusOnArrival] = useState(false);
  const [reloadToken, setReloadToken] = useState(0);
  const [cache] = useState(() => new ListingCache());
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);
  const [showDetails, setShowDetails] = useState(true);
  // Copy/Cut in one folder, Paste in another: the clipboard outlives each FolderView.
  const [clipboard, setClipboard] = useState<CopyClipboard | null>(null);
  // What another account put aside names buckets this one may not reach.
  useEffect(() => setClipboard(null), [session.accountId]);
  const cursor = useRef<string | null>(null);
  // The drag-out tray outlives each FolderView too: prepared files stay ready while browsing elsewhere.
  const dragOut = useDragOut();
  const { failure, dismissFailure } = actions;

  // An error read in the menu has been seen: closing the menu puts it away.
  const menuWasOpen = useRef(false);
  useEffect(() => {
    if (menuWasOpen.current && !menu.open) dismissFailure();
    menuWasOpen.current = menu.open;
  }, [menu.open, dismissFailure]);

  // Where we are: the current history place if its bucket is still there, else the first bucket at its start.
  const place = history.places[history.index];
  const chosen = place ? buckets.buckets.find((candidate) => bucketKey(candidate) === place.bucketKey) : undefined;
  const bucket = chosen ?? buckets.buckets[0] ?? null;
  const startPrefix = bucket ? asFolderPrefix(bucket.prefix) : '';
  const here: Place | null = bucket
    ? chosen && place
      ? place
      : { bucketKey: bucketKey(bucket), prefix: startPrefix, select: null }
    : null;
  const prefix = here?.prefix ?? '';
  // What this entry and the folder are called: the backend's label or "Home", never the raw IdentityId prefix.
  const startPlace = useMemo(() => (bucket ? startPlaceOf(bucket, session.identityId) : null), [bucket, session.identityId]);
  const title = startPlace ? folderTitle(startPlace, prefix) : null;

  // Back from adding an account: focus returns to the menu it was started from.
  const wasHidden = useRef(hidden);
  useEffect(() => {
    if (wasHidden.current && !hidden) menu.triggerRef.current?.focus();
    wasHidden.current = hidden;
  }, [hidden, menu.triggerRef]);

  useEffect(() => {
    if (hidden) return;
    document.title = title ? `${title} — S3 Desk` : 'S3 Desk';
  }, [title, hidden]);

  /** Goes to `to`; `leaving` is what to select here on coming back (default: the row the cursor is on). */
  const go = (target: BucketEntry, to: string, select: string | null, focus: boolean, leaving?: string) => {
    if (!here) return;
    const key = bucketKey(target);
    if (key === here.bucketKey && to === here.prefix) return;
    setHistory((current) => {
      const kept = current.index >= 0 && chosen ? current.places.slice(0, current.index + 1) : [here];
      // Coming back here later selects the row the cursor is on now.
      kept[kept.length - 1] = { ...(kept[kept.length - 1] as Place), select: leaving ?? cursor.current };
      return { places: [...kept, { bucketKey: key, prefix: to, select }], index: kept.length };
    });
    setFocusOnArrival(focus);
  };

  const step = (by: -1 | 1) => {
    setHistory((current) => {
      const index = current.index + by;
      if (index < 0 || index >= current.places.length) return current;
      const places = current.places.slice();
      places[current.index] = { ...(places[current.index] as Place), select: cursor.current };
      return { places, index };
    });
    setFocusOnArrival(true);
  };

  const canGoBack = history.index > 0;
  const canGoForward = history.index >= 0 && history.index < history.places.length - 1;
  const goUp = bucket && canGoUp(prefix, startPrefix) ? () => go(bucket, parentPrefix(prefix), folderRowId(prefix), true) : undefined;

  const goToAncestor = (ancestor: string) => {
    if (!bucket) return;
    // Select the folder on the way back down, as a file browser does.
    const next = prefix.indexOf('/', ancestor.length);
    go(bucket, ancestor, next === -1 ? null : folderRowId(prefix.slice(0, next + 1)), true);
  };

  const refresh = () => {
    if (!bucket) return;
    cache.invalidate(bucket.name, prefix);
    setReloadToken((n) => n + 1);
  };

  const onChanged = useCallback(
    (within: string[]) => {
      if (!bucket) return;
      cache.invalidate(bucket.name, prefix);
      for (const changed of within) cache.invalidate(bucket.name, changed, true);
      setReloadToken((n) => n + 1);
    },
    [bucket, prefix, cache],
  );

  const onFocusChange = useCallback((rowId: string | null) => {
    cursor.current = rowId;
  }, []);

  // Alt+Left / Alt+Right (and the mouse's back and forward buttons) move through the history.
  const keys = useRef({ step, refresh });
  keys.current = { step, refresh };
  useEffect(() => {
    if (hidden) return;
    const ignored = (target: EventTarget | null) =>
      target instanceof Element &&
      target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="alertdialog"], [role="menu"]') !== null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || ignored(event.target)) return;
      const back = (event.altKey && event.key === 'ArrowLeft') || (event.metaKey && event.key === '[');
      const forward = (event.altKey && event.key === 'ArrowRight') || (event.metaKey && event.key === ']');
      if (back || forward) {
        event.preventDefault();
        keys.current.step(back ? -1 : 1);
      } else if (event.key === 'F5') {
        event.preventDefault();
        keys.current.refresh();
      }
    };
    const onMouseUp = (event: MouseEvent) => {
      if (event.button === 3 || event.button === 4) {
        event.preventDefault();
        keys.current.step(event.button === 3 ? -1 : 1);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('mouseup', onMouseUp);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('mouseup', onMouseUp);
    };
  }, [hidden]);

  // Uploads, deletes, copies and moves that finish (done, failed or cancelled) change the folders they worked in:
  // forget those listings, and relist this one if affected, so that uploaded rows appear and deleted ones disappear.
  // A move changes the folder it came from too (job.source). A cancelled delete still counts the batch it had sent
  // when S3 answers: more deleted after it finished also relists.
  const mountedAt = useRef(Date.now());
  const seenJobs = useRef<Map<string, { status: TransferStatus; filesDone: number }>>(new Map());
  const location = useRef({ bucket: bucket?.name ?? null, prefix });
  location.current = { bucket: bucket?.name ?? null, prefix };
  useEffect(() => {
    const before = seenJobs.current;
    seenJobs.current = new Map(jobs.map((job) => [job.id, { status: job.status, filesDone: job.filesDone }]));
    let relist = false;
    for (const job of jobs) {
      if (job.direction === 'download' || isActive(job) || job.filesDone === 0) continue;
      const previous = before.get(job.id);
      const justFinished =
        previous !== undefined
          ? previous.status === 'queued' || previous.status === 'running' || previous.filesDone !== job.filesDone
          : job.finishedAt !== null && Date.parse(job.finishedAt) >= mountedAt.current;
      if (!justFinished) continue;
      const changed = [{ bucket: job.bucket, prefix: job.prefix }, ...(job.direction === 'move' && job.source ? [job.source] : [])];
      for (const folder of changed) {
        cache.invalidate(folder.bucket, folder.prefix, true);
        if (location.current.bucket === folder.bucket && location.current.prefix.startsWith(folder.prefix)) relist = true;
      }
    }
    if (relist) setReloadToken((n) => n + 1);
  }, [jobs, cache]);

  return (
    <div className="browser" hidden={hidden}>
      <AccountBar
        session={session}
        menu={menu}
        actions={actions}
        onAddAccount={onAddAccount}
        onReconnect={onReconnect}
        updates={updates}
      />
      {failure && !menu.open ? (
        // The menu that started it may be gone (a switch puts up the resuming screen), so say it here.
        <div className="browser__notice">
          <AccountErrorNotice
            failure={failure}
            account={session.accounts.find((account) => account.id === failure.accountId) ?? null}
            onDismiss={dismissFailure}
          />
        </div>
      ) : null}
      <UpdateNotice updates={updates} />
      <PolicyProblemNotice />
      <div className="browser__body">
        <BucketSidebar
          view={buckets}
          identityId={session.identityId}
          selectedKey={bucket ? bucketKey(bucket) : null}
          onSelect={(target) => go(target, asFolderPrefix(target.prefix), null, false)}
          onRetry={buckets.retry}
        />
        <main className="browser__main">
          {bucket && here && startPlace ? (
            <>
              <div className="toolbar">
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => step(-1)}
                  disabled={!canGoBack}
                  aria-label="Back"
                  title="Back (Alt+Left)"
                  data-testid="go-back"
                >
                  <ArrowLeftIcon />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => step(1)}
                  disabled={!canGoForward}
                  aria-label="Forward"
                  title="Forward (Alt+Right)"
                  data-testid="go-forward"
                >
                  <ArrowRightIcon />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={goUp}
                  disabled={!goUp}
                  aria-label="Enclosing folder"
                  title="Enclosing folder (Backspace)"
                  data-testid="go-up"
                >
                  <ArrowUpIcon />
                </button>
                <Breadcrumb place={startPlace} prefix={prefix} onNavigate={goToAncestor} />
                <button
                  type="button"
                  className="icon-button toolbar__end"
                  onClick={refresh}
                  aria-label="Refresh"
                  title="Refresh (F5)"
                  data-testid="refresh"
                >
                  <RefreshIcon />
                </button>
              </div>
              <FolderView
                key={`${here.bucketKey}\n${prefix}`}
                bucket={bucket.name}
                prefix={prefix}
                place={startPlace}
                cache={cache}
                reloadToken={reloadToken}
                initialSelection={here.select}
                autoFocus={focusOnArrival}
                sort={sort}
                onSortChange={setSort}
                showDetails={showDetails}
                onShowDetails={setShowDetails}
                onOpenFolder={(folder) => go(bucket, folder, null, true, folderRowId(folder))}
                onGoUp={goUp}
                onFocusChange={onFocusChange}
                onChanged={onChanged}
                clipboard={clipboard}
                onClipboardChange={setClipboard}
                onDragOut={dragOut.prepare}
              />
            </>
          ) : buckets.status === 'loading' ? (
            <div className="folder-view">
              <div className="toolbar toolbar--placeholder" aria-hidden="true" />
              <div className="folder-view__body">
                <div className="folder-view__list">
                  <ObjectTable
                    label="Loading"
                    entries={[]}
                    loading
                    selection={new Set()}
                    focusIndex={-1}
                    sort={sort}
                    onSort={noop}
                    onRowClick={noop}
                    onRowOpen={noop}
                    onKeyDown={noop}
                  />
                </div>
              </div>
            </div>
          ) : buckets.status === 'ready' ? (
            <div className="folder-view__centered">
              <EmptyState
                title="No buckets to browse"
                detail="Your organisation hasn’t shared any buckets with your account yet."
              />
            </div>
          ) : (
            <div className="folder-view__centered">
              <EmptyState title="Buckets couldn’t be loaded" detail="See the message in the sidebar." />
            </div>
          )}
          <DragOutTray dragOut={dragOut} />
          <TransfersPanel />
        </main>
      </div>
    </div>
  );
}
