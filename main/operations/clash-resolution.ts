import type { ClashChoice } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { numberedKey } from './copy-keys';
import type { PlannedCopy, PlannedObject } from './copy-plan';

/** What becomes of one planned object once the user answered: it goes to its planned key, is skipped, or goes beside it numbered. */
export type ClashOutcome = 'as-planned' | 'skip' | 'numbered';

/**
 * The user's answer applied to one object. An empty-folder marker that is
 * there already is skipped whatever the answer (both are the same empty
 * folder). An object copied onto itself (a copy into its own folder) is
 * skipped unless kept beside itself: S3 refuses such a copy, and replacing an
 * object with itself changes nothing.
 */
export function clashOutcome(object: PlannedObject, choice: ClashChoice, ontoItself: boolean): ClashOutcome {
  if (object.marker) return object.clash || ontoItself ? 'skip' : 'as-planned';
  if (ontoItself) return choice === 'keep-both' ? 'numbered' : 'skip';
  if (!object.clash) return 'as-planned';
  if (choice === 'replace') return 'as-planned';
  return choice === 'skip' ? 'skip' : 'numbered';
}

/** Tries "name (1)", "name (2)", … up to this many. */
const MAX_NUMBER = 10_000;

/**
 * The destination key of every planned object (null: skipped), in plan order.
 * A kept copy takes the first "name (n).ext" that nothing has: not an object
 * the destination holds, nor the key another object of this copy goes to (a
 * folder holding both "a.txt" and "a (1).txt" must not put two objects on one
 * key). Inside the folders the plan listed in full that is known; elsewhere
 * (a selected file's own folder) `exists` asks S3.
 */
export async function assignDestinations(planned: PlannedCopy, choice: ClashChoice, exists: (key: string) => Promise<boolean>): Promise<Array<string | null>> {
  const { request, objects, existing, listed } = planned;
  const sameBucket = request.sourceBucket === request.destinationBucket;
  const outcomes = objects.map((object) => clashOutcome(object, choice, sameBucket && object.sourceKey === object.plannedKey));
  // Every planned key is spoken for: by the object going there, or by what is there already.
  const reserved = new Set(objects.map((object) => object.plannedKey));
  const known = (key: string) => listed.some((prefix) => key.startsWith(prefix));
  const taken = async (key: string) => reserved.has(key) || existing.has(key) || (!known(key) && (await exists(key)));

  const destinations: Array<string | null> = [];
  for (const [index, object] of objects.entries()) {
    const outcome = outcomes[index]!;
    if (outcome === 'skip') destinations.push(null);
    else if (outcome === 'as-planned') destinations.push(object.plannedKey);
    else {
      const key = await firstFreeNumbered(object.plannedKey, taken);
      reserved.add(key);
      destinations.push(key);
    }
  }
  return destinations;
}

async function firstFreeNumbered(key: string, taken: (key: string) => Promise<boolean>): Promise<string> {
  for (const candidate of numberedCandidates(key)) if (!(await taken(candidate))) return candidate;
  throw noNameLeft(key);
}

/** "name (1).ext", "name (2).ext", … beside `key`, as long as they fit in a key. */
export function* numberedCandidates(key: string): Generator<string> {
  for (let copy = 1; copy <= MAX_NUMBER; copy++) {
    const candidate = numberedKey(key, copy);
    if (candidate === null) return;
    yield candidate;
  }
}

export function noNameLeft(key: string): ServiceError {
  return new ServiceError('invalid_input', `There is no free name left beside “${key.slice(key.lastIndexOf('/') + 1)}” to keep both.`);
}
