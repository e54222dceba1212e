import { z } from 'zod';
import { bucketLabelSchema } from './bucket-label';

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 time');

/**
 * The backend's Session reply (backend/openapi.yaml). Unknown extra fields
 * are dropped rather than refused, so a backend that adds fields still works.
 */
export const backendSessionSchema = z.object({
  identityId: z.string().min(1).max(256),
  token: z.string().min(1).max(16_384),
  tokenExpiresAt: isoTime,
  refreshToken: z.string().min(1).max(512),
  refreshExpiresAt: isoTime,
  region: z.string().min(1).max(64),
  buckets: z.array(z.object({ name: z.string().min(1).max(255), prefix: z.string().max(1024), label: bucketLabelSchema })).max(1000),
  username: z.string().min(1).max(128),
});

/**
 * Holds secrets (token, refreshToken): lives only in the main process, never
 * crosses IPC. `serverTimeMs` is the backend's clock (its Date header) when
 * it answered, for measuring lifetimes without trusting the local clock.
 */
export type BackendSession = z.infer<typeof backendSessionSchema> & { serverTimeMs?: number };

/** One of the session's buckets: where this user may browse, and the name to show for it when the backend gave one. */
export interface SessionBucket {
  name: string;
  prefix: string;
  label?: string | undefined;
}

export const backendErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
