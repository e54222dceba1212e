import { useEffect, useState } from 'react';
import type { BucketEntry, SessionState } from '../../../common/ipc-contract';
import { useBuckets } from '../hooks/useBuckets';
import { bucketKey } from '../lib/bucketKey';
import { asFolderPrefix, canGoUp, folderName, parentPrefix } from '../lib/prefixes';
import { AccountBar } from './AccountBar';
import { Breadcrumb } from './Breadcrumb';
import { BucketSidebar } from './BucketSidebar';
import { EmptyState } from './EmptyState';
import { FolderView } from './FolderView';
import { ArrowUpIcon, RefreshIcon } from './Icons';
import { ObjectTable } from './ObjectTable';

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

interface BrowserScreenProps {
  session: SignedIn;
  /** Signs out; resolves to a message when that failed. */
  onSignOut: () => Promise<string | null>;
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
export function BrowserScreen({ session, onSignOut }: BrowserScreenProps) {
  const buckets = useBuckets();
  const [location, setLocation] = useState<Location | null>(null);
  const [reloads, setReloads] = useState(0);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // The chosen bucket, or else the first one, at its start prefix.
  const chosen = location ? buckets.buckets.find((bucket) => bucketKey(bucket) === location.bucketKey) : undefined;
  const bucket = chosen ?? buckets.buckets[0] ?? null;
  const startPrefix = bucket ? asFolderPrefix(bucket.prefix) : '';
  const here = chosen && location ? location : null;
  const prefix = here ? here.prefix : startPrefix;

  useEffect(() => {
    const place = bucket ? (prefix ? folderName(prefix) : bucket.name) : null;
    document.title = place ? `${place} — S3 Desk` : 'S3 Desk';
  }, [bucket, prefix]);

  const go = (target: BucketEntry, to: string, select: string | null, focus: boolean) =>
    setLocation({ bucketKey: bucketKey(target), prefix: to, select, focus });

  const goUp = bucket && canGoUp(prefix, startPrefix) ? () => go(bucket, parentPrefix(prefix), prefix, true) : undefined;

  const goToAncestor = (ancestor: string) => {
    if (!bucket) return;
    // Select the folder on the way back down, as a file browser does.
    const next = prefix.indexOf('/', ancestor.length);
    go(bucket, ancestor, next === -1 ? null : prefix.slice(0, next + 1), true);
  };

  const signOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    const error = await onSignOut();
    // On success this screen is replaced; on failure it stays and says why.
    if (error) {
      setSignOutError(error);
      setSigningOut(false);
    }
  };

  return (
    <div className="browser">
      <AccountBar
        username={session.username}
        backendOrigin={session.backendOrigin}
        remembered={session.remembered}
        rememberError={session.rememberError}
        signingOut={signingOut}
        signOutError={signOutError}
        onSignOut={() => void signOut()}
      />
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
