const NAMES: Record<string, string> = {
  STANDARD: 'Standard',
  REDUCED_REDUNDANCY: 'Reduced Redundancy',
  STANDARD_IA: 'Standard-IA',
  ONEZONE_IA: 'One Zone-IA',
  INTELLIGENT_TIERING: 'Intelligent-Tiering',
  GLACIER: 'Glacier Flexible Retrieval',
  GLACIER_IR: 'Glacier Instant Retrieval',
  DEEP_ARCHIVE: 'Glacier Deep Archive',
  OUTPOSTS: 'Outposts',
  EXPRESS_ONEZONE: 'Express One Zone',
  SNOW: 'Snow',
};

/** The name the S3 console shows for a storage class ("STANDARD_IA" → "Standard-IA"). */
export function formatStorageClass(storageClass: string): string {
  if (!storageClass) return '—';
  return NAMES[storageClass] ?? storageClass;
}

/**
 * Storage classes whose objects cannot be read until restored (Glacier
 * Flexible Retrieval, Deep Archive). Glacier Instant Retrieval reads at once.
 */
const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export function isArchiveClass(storageClass: string): boolean {
  return ARCHIVE_CLASSES.has(storageClass);
}
