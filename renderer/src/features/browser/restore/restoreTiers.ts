import { MAX_RESTORE_DAYS, type RestoreTier } from '../../../../../common/ipc';

/** How long a restored copy stays readable unless the user picks otherwise. */
export const DEFAULT_RESTORE_DAYS = 7;

export interface TierChoice {
  tier: RestoreTier;
  label: string;
  /** How long Glacier Flexible Retrieval takes at this tier. */
  flexible: string;
  /** How long Deep Archive takes at this tier; null: it has no such tier. */
  deepArchive: string | null;
}

/** S3's retrieval tiers, fastest (and dearest) last, with the times AWS documents for each archive class. */
export const TIER_CHOICES: readonly TierChoice[] = [
  { tier: 'Standard', label: 'Standard', flexible: 'ready in 3–5 hours', deepArchive: 'ready within 12 hours' },
  { tier: 'Bulk', label: 'Bulk (lowest cost)', flexible: 'ready in 5–12 hours', deepArchive: 'ready within 48 hours' },
  { tier: 'Expedited', label: 'Expedited (highest cost)', flexible: 'ready in 1–5 minutes', deepArchive: null },
];

/** Which archive classes a restore is about: known for selected files, not for the contents of folders. */
export interface ArchiveClasses {
  flexible: boolean;
  deepArchive: boolean;
}

export const UNKNOWN_CLASSES: ArchiveClasses = { flexible: true, deepArchive: true };

export function archiveClassesOf(storageClasses: readonly string[]): ArchiveClasses {
  return { flexible: storageClasses.includes('GLACIER'), deepArchive: storageClasses.includes('DEEP_ARCHIVE') };
}

/** A tier is offered unless every object is in Deep Archive and it has no such tier. */
export function isTierOffered(choice: TierChoice, classes: ArchiveClasses): boolean {
  return choice.deepArchive !== null || classes.flexible;
}

/** When objects of these classes are readable at this tier, in words. */
export function describeTierTiming(choice: TierChoice, classes: ArchiveClasses): string {
  const deep = choice.deepArchive ?? 'not available';
  if (classes.flexible && classes.deepArchive) return `Glacier Flexible Retrieval: ${choice.flexible}. Deep Archive: ${deep}.`;
  if (classes.deepArchive) return choice.deepArchive ? capitalize(`${choice.deepArchive}.`) : 'Not available for Glacier Deep Archive.';
  return capitalize(`${choice.flexible}.`);
}

/** The problem with what was typed for the number of days, or null when it is 1 to 30 whole days. */
export function restoreDaysProblem(text: string): string | null {
  const trimmed = text.trim();
  const days = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RESTORE_DAYS)) return `Enter a whole number of days from 1 to ${MAX_RESTORE_DAYS}.`;
  return null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
