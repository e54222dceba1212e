import { useCallback } from 'react';
import type { BucketEntry, IpcError } from '../../../../common/ipc';
import { useApi } from '../../shared/ipc/api';
import { useIpcQuery } from '../../shared/ipc/useIpcQuery';

export type BucketsView =
  | { status: 'loading'; buckets: BucketEntry[]; error: null }
  | { status: 'ready'; buckets: BucketEntry[]; error: null }
  | { status: 'error'; buckets: BucketEntry[]; error: IpcError };

/** The buckets (and start prefixes) this user may browse. */
export function useBuckets(): BucketsView & { retry: () => void } {
  const api = useApi();
  const query = useIpcQuery(useCallback(() => api.listBuckets(), [api]));
  const { retry } = query;
  if (query.status === 'ready') return { status: 'ready', buckets: query.value, error: null, retry };
  if (query.status === 'error') return { status: 'error', buckets: [], error: query.error, retry };
  return { status: 'loading', buckets: [], error: null, retry };
}
