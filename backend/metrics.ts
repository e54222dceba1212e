import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { OpenIdTokenIssuer } from './cognito';

/**
 * Process metrics (CPU, memory, event loop, GC) describe the process, not one
 * app, and collecting them installs observers that are never removed: one
 * registry for the whole process, made on first use.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Cognito answers in tens of milliseconds; a slow one takes seconds and the SDK gives up at 10 s per attempt. */
const COGNITO_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * What one backend counts, in its own registry (tests run many backends in
 * one process). Outcomes are "success" or the contract's error code, so the
 * label values are a small, fixed set whatever clients send.
 */
export class BackendMetrics {
  private readonly registry = new Registry();
  readonly logins = new Counter({
    name: 's3desk_backend_logins_total',
    help: 'Login requests by outcome: success or the error code answered.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly refreshes = new Counter({
    name: 's3desk_backend_refreshes_total',
    help: 'Refresh requests by outcome: success or the error code answered.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 's3desk_backend_rate_limited_total',
    help: 'Login attempts refused by a rate limit, by limit: address, user_address or username.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly cognitoSeconds = new Histogram({
    name: 's3desk_backend_cognito_seconds',
    help: 'Time spent in Cognito calls (including the SDK retries), by operation.',
    labelNames: ['operation'] as const,
    buckets: COGNITO_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  /** The Prometheus text exposition of this backend's metrics and the process's. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, text: `${own}\n${process}` };
  }

  /** Times every call of `issuer`, failed ones included. */
  timedIssuer(issuer: OpenIdTokenIssuer): OpenIdTokenIssuer {
    const histogram = this.cognitoSeconds;
    return {
      async issue(request) {
        const stop = histogram.startTimer({ operation: 'GetOpenIdTokenForDeveloperIdentity' });
        try {
          return await issuer.issue(request);
        } finally {
          stop();
        }
      },
      ...(issuer.close ? { close: () => issuer.close?.() } : {}),
    };
  }
}
