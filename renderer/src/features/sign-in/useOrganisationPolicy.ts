import { useCallback } from 'react';
import type { OrganisationPolicy } from '../../../../common/ipc';
import { useApi } from '../../shared/ipc/api';
import { useIpcQuery } from '../../shared/ipc/useIpcQuery';

/**
 * The organisation's policy for the sign-in screen, asked once; null until
 * main answers. When it cannot be asked, nothing is locked here: main still
 * refuses any other address when the policy locks it.
 */
export function useOrganisationPolicy(): OrganisationPolicy | null {
  const api = useApi();
  const policy = useIpcQuery(useCallback(() => api.getOrganisationPolicy(), [api]));
  return policy.status === 'ready' ? policy.value : null;
}
