import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, ListingEvent } from '../../../../../common/ipc';
import { fileEntryAt, folderEntry, type ListingEntry } from '../entries';
import { frameBatcher } from './frame';
import type { ListingCache } from '../listingCache';
import type { ListingSource } from '../listingView';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';

export interface FolderListing {
  /**
   * 'listing': a listing is running (pages may still come); 'done': complete;
   * 'error': the last listing failed (entries received before stay).
   */
  phase: 'listing' | 'done' | 'error';
  /** The entries so far; the arrays only grow until `source.generation` changes. */
  source: ListingSource;
  /** Changes whenever the entries or the phase change. */
  version: number;
  /** Whether the entries shown are from an earlier listing (cache or before a refresh) and a new one has not answered yet. */
  stale: boolean;
  /** Whether the current listing has delivered anything yet (a page, or its end). */
  started: boolean;
  error: IpcError | null;
  /** When the entries shown were listed completely (epoch ms); null while listing. */
  listedAt: number | null;
  /** Lists the folder again (after an error). */
  retry: () => void;
}

interface Store extends ListingSource {
  folders: ListingEntry[];
  files: ListingEntry[];
  seenFolders: Set<string>;
}

interface State {
  phase: FolderListing['phase'];
  version: number;
  stale: boolean;
  started: boolean;
  error: IpcError | null;
  listedAt: number | null;
}

const emptyStore = (generation: number): Store => ({ generation, folders: [], files: [], seenFolders: new Set() });

/**
 * One folder's listing, streamed from main page by page (openListing): the
 * first rows show after the first page, later pages are appended, at most
 * one React update per frame. A complete listing goes into `cache`; on
 * arrival a cached listing is shown at once instead of listing again.
 * Changing `reloadToken` lists again, keeping the old rows until the new
 * listing answers. Leaving (unmount) cancels a listing still running.
 */
export function useFolderListing(bucket: string, prefix: string, cache: ListingCache, reloadToken: number): FolderListing {
  const api = useApi();
  const store = useRef<Store>(emptyStore(0));
  const [attempt, setAttempt] = useState(0);
  const arrival = useRef({ reloadToken, attempt: 0 });
  const [state, setState] = useState<State>(() => {
    const cached = cache.get(bucket, prefix);
    if (cached) {
      store.current = { generation: 1, folders: cached.folders, files: cached.files, seenFolders: new Set() };
      return { phase: 'done', version: 1, stale: false, started: true, error: null, listedAt: cached.listedAt };
    }
    return { phase: 'listing', version: 0, stale: false, started: false, error: null, listedAt: null };
  });

  useEffect(() => {
    // On arrival, a cached listing stands until the user refreshes.
    const onArrival = reloadToken === arrival.current.reloadToken && attempt === arrival.current.attempt;
    if (onArrival && cache.has(bucket, prefix) && store.current.generation > 0) return;

    const listingId = crypto.randomUUID();
    let closed = false;
    let received = false;
    const hasRows = store.current.folders.length + store.current.files.length > 0;
    setState((s) => ({ ...s, phase: 'listing', stale: hasRows, started: false, error: null, version: s.version + 1 }));

    const startGeneration = () => {
      if (received) return;
      received = true;
      store.current = emptyStore(store.current.generation + 1);
    };

    const batch = frameBatcher<ListingEvent>((events) => {
      if (closed) return;
      let phase: State['phase'] = 'listing';
      let error: IpcError | null = null;
      for (const event of events) {
        if (event.kind === 'page') {
          startGeneration();
          const target = store.current;
          for (const folder of event.folders) {
            if (target.seenFolders.has(folder.prefix)) continue;
            target.seenFolders.add(folder.prefix);
            target.folders.push(folderEntry(folder));
          }
          const { objects } = event;
          for (let index = 0; index < objects.names.length; index++) {
            // The folder's own marker object ("photos/" inside "photos/") is not an entry.
            if (objects.names[index] !== '') target.files.push(fileEntryAt(objects, index));
          }
        } else if (event.kind === 'done') {
          startGeneration();
          phase = 'done';
        } else {
          phase = 'error';
          error = event.error;
        }
      }
      const listedAt = phase === 'done' ? Date.now() : null;
      if (phase !== 'listing') closed = true;
      if (phase === 'done' && listedAt !== null) {
        cache.put(bucket, prefix, { folders: store.current.folders, files: store.current.files, listedAt });
      }
      setState((s) => ({
        phase,
        version: s.version + 1,
        stale: phase === 'error' ? s.stale && !received : !received,
        started: s.started || received || phase !== 'listing',
        error,
        listedAt: phase === 'done' ? listedAt : phase === 'error' ? s.listedAt : null,
      }));
    });

    const unsubscribe = api.onListingEvent((event) => {
      if (event.listingId === listingId && !closed) batch.push(event);
    });
    const failed = (error: IpcError) => {
      if (!closed) batch.push({ listingId, kind: 'error', error });
    };
    handleIpcResult(api.openListing({ bucket, prefix, listingId }), () => undefined, failed);

    return () => {
      unsubscribe();
      batch.cancel();
      if (!closed) {
        closed = true;
        api.cancelListing(listingId).catch(() => undefined);
      }
    };
  }, [api, bucket, prefix, cache, reloadToken, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return {
    phase: state.phase,
    source: store.current,
    version: state.version,
    stale: state.stale,
    started: state.started,
    error: state.error,
    listedAt: state.listedAt,
    retry,
  };
}
