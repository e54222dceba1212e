import { safeParse } from './bucket-handlers';
import { S3Error, s3Errors } from './errors';
import { ARCHIVE_STORAGE_CLASSES, sendEmpty, type S3Context } from './context';
import { existingObject } from './existing-object';
import { restoreExpiry, restoreStatus } from './restore-state';
import { readSmallBody } from './small-body';

const TIERS = ['Standard', 'Bulk', 'Expedited'] as const;
type Tier = (typeof TIERS)[number];

// No S3 limit is documented; this one keeps every expiry a valid date (about 2,700 years).
const MAX_DAYS = 1_000_000;

export interface RestoreRequest {
  days: number;
  tier: Tier;
}

/** A RestoreRequest document: Days (required for the archive classes) and GlacierJobParameters/Tier (Standard if absent). */
export function parseRestoreRequest(text: string): RestoreRequest {
  const request = safeParse(text)?.RestoreRequest as Record<string, unknown> | undefined;
  if (!request || typeof request !== 'object') throw s3Errors.malformedXml();
  if (request.Type !== undefined || request.SelectParameters !== undefined || request.OutputLocation !== undefined) {
    throw s3Errors.notImplemented('RestoreObject of type SELECT, or with an OutputLocation', 'Only the restore of an archived object is.');
  }
  const days = typeof request.Days === 'string' && /^\d+$/.test(request.Days.trim()) ? Number(request.Days) : Number.NaN;
  if (!(days >= 1 && days <= MAX_DAYS)) throw s3Errors.malformedXml();
  const jobParameters = request.GlacierJobParameters as Record<string, unknown> | undefined;
  const tier = jobParameters?.Tier ?? request.Tier ?? 'Standard';
  if (!TIERS.includes(tier as Tier)) throw s3Errors.malformedXml();
  return { days, tier: tier as Tier };
}

/**
 * RestoreObject: makes a temporary, readable copy of an archived object.
 * The first request answers 202 and the copy is ready after the emulator's
 * restore delay (the same for every tier; S3 takes minutes to hours); a
 * repeat while it runs answers 409; a repeat once it is ready answers 200 and
 * sets a new expiry, counted from now.
 */
export async function restoreObject(ctx: S3Context): Promise<void> {
  const object = existingObject(ctx);
  const request = parseRestoreRequest(await readSmallBody(ctx));
  if (!ARCHIVE_STORAGE_CLASSES.has(object.storageClass)) {
    throw new S3Error(403, 'InvalidObjectState', "Restore is not allowed for the object's current storage class", { StorageClass: object.storageClass });
  }
  if (request.tier === 'Expedited' && object.storageClass === 'DEEP_ARCHIVE') {
    throw s3Errors.invalidArgument('Expedited retrievals are not available for the DEEP_ARCHIVE storage class.');
  }
  const status = restoreStatus(object, ctx.now);
  if (status.state === 'ongoing') throw new S3Error(409, 'RestoreAlreadyInProgress', 'Object restore is already in progress');
  if (status.state === 'restored') {
    ctx.objects.setRestore(object.bucket, object.key, { completesAt: object.restore!.completesAt, expiresAt: restoreExpiry(ctx.now, request.days) });
    return sendEmpty(ctx.res, 200);
  }
  const completesAt = ctx.now + ctx.restoreDelaySeconds * 1000;
  ctx.objects.setRestore(object.bucket, object.key, { completesAt, expiresAt: restoreExpiry(completesAt, request.days) });
  sendEmpty(ctx.res, 202);
}
