import type { ListingEntry } from '../entries';
import type { SelectionRequest } from '../folder/SelectionDialog';
import type { RestoreRequest } from './RestoreDialog';
import { UNKNOWN_CLASSES, archiveClassesOf } from './restoreTiers';

/** A restore of a folder's selection: the archive classes of its files are known from the listing, those inside its folders are not. */
export function restoreRequestOf(request: SelectionRequest, entries: readonly ListingEntry[]): RestoreRequest {
  const classes = request.prefixes.length > 0 ? UNKNOWN_CLASSES : archiveClassesOf(entries.flatMap((entry) => (entry.kind === 'file' ? [entry.object.storageClass] : [])));
  return { ...request, classes };
}
