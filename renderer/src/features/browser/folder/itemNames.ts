import { itemNameSchema } from '../../../../../common/ipc';

/**
 * Checks a new name for a file or folder the way main will (itemNameSchema),
 * plus "unchanged", which main would refuse only after listing what goes.
 * Returns what to tell the user, or null when the name can be used.
 */
export function validateNewName(current: string, typed: string): string | null {
  const parsed = itemNameSchema.safeParse(typed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'too_big') return 'A name can be at most 255 characters.';
    return issue?.message ?? 'This name can’t be used.';
  }
  if (parsed.data === current) return 'That is already its name. Type a different one.';
  return null;
}

/** Where a file name's extension starts ("report.pdf" → 6), so renaming selects only the part before it; the whole name when it has none (".env" included). */
export function nameStemLength(name: string): number {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? dot : name.length;
}

/** "My files/photos/" → "My files › photos": a destination as a breadcrumb reads. */
export function asBreadcrumb(location: string): string {
  return location
    .split('/')
    .filter((part) => part !== '')
    .join(' › ');
}
