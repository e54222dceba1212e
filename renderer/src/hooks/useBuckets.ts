import { useCallback, useEffect, useState } from 'react';
import type { BucketEntry, IpcError } from '../../../common/ipc-contract';
import { useApi } from '../lib/api';

export type BucketsView =
  | { status: 'loading'; buckets: BucketEntry[]; error: null }
  | { status: 'ready'; buckets: BucketEntry[]; error: null }
  | { status: 'error'; buckets: BucketEntry[]; error: IpcError };

/** The buckets (and start prefixes) this user may browse. */
export function useBuckets(): BucketsView & { retry: () => void } {
  const api = useApi();
  const [view, setView] = useState<BucketsView>({ status: 'loading', buckets: [], error: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setView((previous) => ({ status: 'loading', buckets: previous.buckets, error: null }));
    api.listBuckets().then(
      (result) => {
        if (cancelled) return;
        setView(
          result.ok
            ? { status: 'ready', buckets: result.value, error: null }
            : { status: 'error', buckets: [], error: result.error },
        );
      },
      (error: unknown) => {
        if (cancelled) return;
        setView({ status: 'error', buckets: [], error: unexpected(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...view, retry };
}

function unexpected(error: unknown): IpcError {
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}
