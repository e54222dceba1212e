import { useMemo } from 'react';
import type { ObjectDetails } from '../../../../../common/ipc';
import { useApi } from '../../../shared/ipc/api';
import { useIpcQuery, type QueryView } from '../../../shared/ipc/useIpcQuery';

/** Arrowing through a list shouldn't ask main about every row it passes. */
export const DETAILS_DELAY_MS = 120;

/** headObject for the selected object, a moment after the selection settles. */
export function useObjectDetails(bucket: string, key: string | null): QueryView<ObjectDetails> {
  const api = useApi();
  const query = useMemo(() => (key === null ? null : () => api.headObject({ bucket, key })), [api, bucket, key]);
  return useIpcQuery(query, { delayMs: DETAILS_DELAY_MS });
}
