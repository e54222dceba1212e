import { useEffect, useRef, useState } from 'react';
import type { BucketEntry, SessionState } from '../../../common/ipc-contract';
import type { AccountActions } from '../hooks/useAccountActions';
import { useBuckets } from '../hooks/useBuckets';
import { usePopover } from '../hooks/usePopover';
import { bucketKey } from '../lib/bucketKey';
import { asFolderPrefix, canGoUp, folderName, parentPrefix } from '../lib/prefixes';
import { AccountBar } from './AccountBar';
import { AccountErrorNotice } from './AccountErrorNotice';
import { Breadcrumb } from './Breadcrumb';
import { BucketSidebar } from './BucketSidebar';
import { EmptyState } from './EmptyState';
import { FolderView } from './FolderView';
import { ArrowUpIcon, RefreshIcon } from './Icons';
import { ObjectTable } from './ObjectTable';

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

interface Location {
  bucketKey: string;
  prefix: string;
  /** The folder to select on arrival (the one just left, when going up). */
  select: string | null;
  /** Whether the listing should take keyboard focus on arrival. */
  focus: boolean;
}

/** The signed-in window: account bar, bucket sidebar, and the folder being browsed. */
export function BrowserScreen({ session, hidden, actions, onAddAccount, onReconnect }: BrowserScreenProps) {
  const buckets = useBuckets();
  const menu = usePopover();
  const [location, setLocation] = useState<Location | null>(null);
  const [reloads, setReloads] = useState(0);
  const { failure, dismissFailure } = actions;

  // An error read in the menu has been seen: closing the menu puts it away.
  const menuWasOpen = useRef(false);
  useEffect(() => {
    if (menuWasOpen.current && !menu.open) dismissFailure();
    menuWasOpen.current = menu.open;
  }, [menu.open, dismissFailure]);

  // The chosen bucket, or else the first one, at its start prefix.
  const chosen = location ? buckets.buckets.find((bucket) => bucketKey(bucket) === location.bucketKey) : undefined;
  const bucket = chosen ?? buckets.buckets[0] ?? null;
  const startPrefix = bucket ? asFolderPrefix(bucket.prefix) : '';
  const here = chosen && location ? location : null;
  const prefix = here ? here.prefix : startPrefix;

  // Back from adding an account: focus returns to the menu it was started from.
  const wasHidden = useRef(hidden);
  useEffect(() => {
    if (wasHidden.current && !hidden) menu.triggerRef.current?.focus();
    wasHidden.current = hidden;
  }, [hidden, menu.triggerRef]);

  useEffect(() => {
    if (hidden) return;
    const place = bucket ? (prefix ? folderName(prefix) : bucket.name) : null;
    document.title = place ? `${place} — S3 Desk` : 'S3 Desk';
  }, [bucket, prefix, hidden]);

  const go = (target: BucketEntry, to: string, select: string | null, focus: boolean) =>
    setLocation({ bucketKey: bucketKey(target), prefix: to, select, focus });

  const goUp = bucket && canGoUp(prefix, startPrefix) ? () => go(bucket, parentPrefix(prefix), prefix, true) : undefined;

  const goToAncestor = (ancestor: string) => {
    if (!bucket) return;
    // Select the folder on the way back down, as a file browser does.
    const next = prefix.indexOf('/', ancestor.length);
    go(bucket, ancestor, next === -1 ? null : prefix.slice(0, next + 1), true);
  };

  return (
    <div className="browser" hidden={hidden}>
      <AccountBar session={session} menu={menu} actions={actions} onAddAccount={onAddAccount} onReconnect={onReconnect} />
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
      <div className="browser__body">
        <BucketSidebar
          view={buckets}
          selectedKey={bucket ? bucketKey(bucket) : null}
          onSelect={(target) => go(target, asFolderPrefix(target.prefix), null, false)}
          onRetry={buckets.retry}
        />
        <main className="browser__main">
          {bucket ? (
            <>
              <div className="toolbar">
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
                <Breadcrumb bucket={bucket.name} startPrefix={startPrefix} prefix={prefix} onNavigate={goToAncestor} />
                <button
                  type="button"
                  className="icon-button toolbar__end"
                  onClick={() => setReloads((n) => n + 1)}
                  aria-label="Refresh"
                  title="Refresh"
                  data-testid="refresh"
                >
                  <RefreshIcon />
                </button>
              </div>
              <FolderView
                key={`${bucketKey(bucket)}\n${prefix}\n${reloads}`}
                bucket={bucket.name}
                prefix={prefix}
                initialSelection={here?.select ?? null}
                autoFocus={here?.focus ?? false}
                onOpenFolder={(folder) => go(bucket, folder, null, true)}
                onGoUp={goUp}
              />
            </>
          ) : buckets.status === 'loading' ? (
            <div className="folder-view">
              <div className="toolbar toolbar--placeholder" aria-hidden="true" />
              <div className="folder-view__scroll">
                <ObjectTable label="Loading" entries={[]} loading selectedId={null} onSelect={() => {}} onOpen={() => {}} />
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
        </main>
      </div>
    </div>
  );
}
