import { useCallback, useEffect, useRef, useState } from 'react';
import type { FolderEntry, IpcError, ObjectEntry, ObjectPage } from '../../../common/ipc-contract';
import { useApi } from '../lib/api';

export interface ObjectListing {
  status: 'loading' | 'ready' | 'error';
  folders: FolderEntry[];
  objects: ObjectEntry[];
  /** Whether more entries follow the ones loaded so far. */
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the first page failed (status 'error'). */
  error: IpcError | null;
  /** Why the last "load more" failed; the entries loaded so far stay. */
  moreError: IpcError | null;
}

interface InternalState extends ObjectListing {
  /** Where the next page starts, as the main process gave it. */
  cursor: string | null;
}

const INITIAL: InternalState = {
  status: 'loading',
  folders: [],
  objects: [],
  hasMore: false,
  loadingMore: false,
  error: null,
  moreError: null,
  cursor: null,
};

function unexpected(error: unknown): IpcError {
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}

/** The folder marker object S3 may hold for the folder itself ("photos/" inside "photos/"). */
function withoutSelf(page: ObjectPage, prefix: string): ObjectEntry[] {
  return page.objects.filter((object) => object.key !== prefix);
}

/**
 * One folder's listing, page by page. Changing bucket or prefix starts over;
 * replies for a folder that is no longer shown are dropped.
 */
export function useObjectListing(bucket: string, prefix: string) {
  const api = useApi();
  const [state, setState] = useState<InternalState>(INITIAL);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const moreInFlight = useRef(false);

  useEffect(() => {
    const mine = ++generation.current;
    moreInFlight.current = false;
    setState(INITIAL);
    api.listObjects({ bucket, prefix }).then(
      (result) => {
        if (generation.current !== mine) return;
        if (result.ok) {
          setState({
            ...INITIAL,
            status: 'ready',
            folders: result.value.folders,
            objects: withoutSelf(result.value, prefix),
            cursor: result.value.nextContinuationToken,
            hasMore: result.value.nextContinuationToken !== null,
          });
        } else {
          setState({ ...INITIAL, status: 'error', error: result.error });
        }
      },
      (error: unknown) => {
        if (generation.current !== mine) return;
        setState({ ...INITIAL, status: 'error', error: unexpected(error) });
      },
    );
  }, [api, bucket, prefix, attempt]);

  const { status, cursor } = state;

  const loadMore = useCallback(() => {
    if (status !== 'ready' || cursor === null || moreInFlight.current) return;
    const mine = generation.current;
    moreInFlight.current = true;
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    const settle = (update: (s: InternalState) => InternalState) => {
      if (generation.current !== mine) return;
      moreInFlight.current = false;
      setState(update);
    };
    api.listObjects({ bucket, prefix, continuationToken: cursor }).then(
      (result) => {
        if (result.ok) {
          settle((s) => ({
            ...s,
            folders: [...s.folders, ...result.value.folders],
            objects: [...s.objects, ...withoutSelf(result.value, prefix)],
            cursor: result.value.nextContinuationToken,
            hasMore: result.value.nextContinuationToken !== null,
            loadingMore: false,
          }));
        } else {
          settle((s) => ({ ...s, loadingMore: false, moreError: result.error }));
        }
      },
      (error: unknown) => settle((s) => ({ ...s, loadingMore: false, moreError: unexpected(error) })),
    );
  }, [api, bucket, prefix, status, cursor]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const { cursor: _cursor, ...listing } = state;
  return { ...listing, loadMore, retry } satisfies ObjectListing & { loadMore: () => void; retry: () => void };
}
