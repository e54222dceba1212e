import { MAX_PART_BYTES } from '../transfers/part-size';

const MIB = 1024 * 1024;
/** S3's smallest part (all but the last). */
export const MIN_PART_BYTES = 5 * MIB;
/** The most one CopyObject (or one UploadPartCopy without a range) copies: above it, S3 wants parts. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 * MIB;

export interface CopyOptions {
  /** Objects larger than this are copied part by part (default and most: 5 GiB, CopyObject's limit). Tests lower it. */
  multipartThresholdBytes?: number;
  /**
   * Preferred part size of a multipart copy (default 128 MiB, at least 5 MiB); raised for objects that
   * would need more than 10,000 parts, as for uploads (part-size.ts). S3 copies parts itself, so
   * they can be far larger than an upload's without costing this computer memory.
   */
  partSizeBytes?: number;
  /** Parts of one multipart copy in flight at once (default 8). */
  partConcurrency?: number;
  /** Objects copied at once by one job (default 8): each is a few small requests while S3 copies. */
  objectConcurrency?: number;
  /** How long a plan waits for startCopy (default 10 minutes). */
  planTtlMs?: number;
  /** Wall-clock ms, for the job's times and speed. */
  now?: () => number;
}

export type CopySettings = Required<CopyOptions>;

/** The options with their defaults filled in and S3's bounds applied. */
export function copySettings(options: CopyOptions = {}): CopySettings {
  return {
    multipartThresholdBytes: clamp(options.multipartThresholdBytes ?? MAX_SINGLE_COPY_BYTES, 0, MAX_SINGLE_COPY_BYTES),
    partSizeBytes: clamp(options.partSizeBytes ?? 128 * MIB, MIN_PART_BYTES, MAX_PART_BYTES),
    partConcurrency: Math.max(1, options.partConcurrency ?? 8),
    objectConcurrency: Math.max(1, options.objectConcurrency ?? 8),
    planTtlMs: options.planTtlMs ?? 10 * 60_000,
    now: options.now ?? Date.now,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
