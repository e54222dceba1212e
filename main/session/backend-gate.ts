import type { OrganisationPolicy } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { isLoopbackHost, type BackendEndpoint } from './backend-url';
import { NO_POLICY, type PolicyReading } from './policy';

export interface BackendGateOptions {
  /**
   * Whether a backend on this computer (localhost, 127.0.0.0/8, ::1) may be
   * signed in to: development builds only. A packaged build still allows the
   * policy's own backendUrl when an administrator put it on this computer.
   */
  allowLoopback?: boolean;
}

/**
 * Where the organisation's policy lets people sign in, and what it shows the
 * window: the address to pre-fill (policy > the user's last one > default),
 * whether it is locked, and why a broken policy was ignored.
 */
export class BackendGate {
  private readonly reading: PolicyReading;
  private readonly allowLoopback: boolean;

  constructor(reading?: PolicyReading, options: BackendGateOptions = {}) {
    this.reading = reading ?? { policy: NO_POLICY, source: null, problem: null };
    this.allowLoopback = options.allowLoopback ?? true;
  }

  /** The address the sign-in form starts with. */
  prefill(lastUsed: string | null): string | null {
    return this.reading.policy.backendUrl ?? lastUsed;
  }

  /**
   * Refuses a backend the policy does not allow, and one on this computer
   * outside development, before any request (password, refresh secret, or a
   * probe of a local port) is sent to it.
   */
  assertAllowed(endpoint: BackendEndpoint): void {
    const { backendUrl, lockBackendUrl } = this.reading.policy;
    if (isLoopbackHost(new URL(endpoint.origin).hostname) && !this.allowLoopback && !this.isPolicyOrigin(endpoint)) {
      throw new ServiceError(
        'invalid_backend_url',
        'S3 Desk signs in only to your organisation’s server, not to an address on this computer (such as localhost). Enter your organisation’s https:// address.',
      );
    }
    if (!lockBackendUrl || backendUrl === null || endpoint.baseUrl === backendUrl) return;
    throw new ServiceError('invalid_backend_url', `Your organisation’s policy only allows signing in to ${backendUrl}.`);
  }

  view(): OrganisationPolicy {
    const { backendUrl, lockBackendUrl } = this.reading.policy;
    return { backendUrl, backendUrlLocked: lockBackendUrl && backendUrl !== null, problem: this.reading.problem };
  }

  /** The policy's backend (parsed when the policy was read, so its origin is canonical). */
  private isPolicyOrigin(endpoint: BackendEndpoint): boolean {
    const { backendUrl } = this.reading.policy;
    return backendUrl !== null && new URL(backendUrl).origin === endpoint.origin;
  }
}
