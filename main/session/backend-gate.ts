import type { OrganisationPolicy } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import type { BackendEndpoint } from './backend-url';
import { NO_POLICY, type PolicyReading } from './policy';

/**
 * Where the organisation's policy lets people sign in, and what it shows the
 * window: the address to pre-fill (policy > the user's last one > default),
 * whether it is locked, and why a broken policy was ignored.
 */
export class BackendGate {
  private readonly reading: PolicyReading;

  constructor(reading?: PolicyReading) {
    this.reading = reading ?? { policy: NO_POLICY, source: null, problem: null };
  }

  /** The address the sign-in form starts with. */
  prefill(lastUsed: string | null): string | null {
    return this.reading.policy.backendUrl ?? lastUsed;
  }

  /** Refuses a backend the policy does not allow, before any password or refresh secret is sent to it. */
  assertAllowed(endpoint: BackendEndpoint): void {
    const { backendUrl, lockBackendUrl } = this.reading.policy;
    if (!lockBackendUrl || backendUrl === null || endpoint.baseUrl === backendUrl) return;
    throw new ServiceError('invalid_backend_url', `Your organisation’s policy only allows signing in to ${backendUrl}.`);
  }

  view(): OrganisationPolicy {
    const { backendUrl, lockBackendUrl } = this.reading.policy;
    return { backendUrl, backendUrlLocked: lockBackendUrl && backendUrl !== null, problem: this.reading.problem };
  }
}
