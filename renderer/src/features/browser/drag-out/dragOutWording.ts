import { countOf } from '../../../shared/format/formatBytes';

/** What the chip shows of the prepared items: "report.pdf", "a.csv and b.txt", "a.csv and 2 more". */
export function chipLabel(names: readonly string[]): string {
  const [first = '', second] = names;
  if (names.length <= 1) return first;
  if (names.length === 2) return `${first} and ${second}`;
  return `${first} and ${(names.length - 1).toLocaleString()} more`;
}

/** "Drag “report.pdf” to your desktop or a folder", "Drag 3 items to your desktop or a folder". */
export function readyTitle(names: readonly string[]): string {
  const what = names.length === 1 ? `“${names[0]}”` : countOf(names.length, 'item', 'items');
  return `Drag ${what} to your desktop or a folder`;
}

/** Archived files the download left out, or nothing: "2 archived files were left out: restore them to drag them too." */
export function skippedNote(skipped: number): string | null {
  if (skipped === 0) return null;
  return `${countOf(skipped, 'archived file was', 'archived files were')} left out: restore ${skipped === 1 ? 'it' : 'them'} to drag ${skipped === 1 ? 'it' : 'them'} too.`;
}
