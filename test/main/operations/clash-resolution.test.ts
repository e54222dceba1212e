import { describe, expect, it, vi } from 'vitest';
import type { ClashChoice } from '../../../common/ipc';
import { assignDestinations, clashOutcome } from '../../../main/operations/clash-resolution';
import type { CopyRequest, PlannedCopy, PlannedObject } from '../../../main/operations/copy-plan';

const object = (plannedKey: string, extra: Partial<PlannedObject> = {}): PlannedObject => ({
  sourceKey: `src/${plannedKey}`,
  size: 1,
  plannedKey,
  clash: false,
  marker: plannedKey.endsWith('/'),
  archived: false,
  ...extra,
});

const request: CopyRequest = {
  mode: 'copy',
  sourceBucket: 'one',
  keys: [],
  prefixes: ['src/photos/'],
  destinationBucket: 'two',
  sourcePrefix: 'src/',
  destinationPrefix: 'dst/',
};

function planned(objects: PlannedObject[], existing: string[], listed: string[] = ['dst/photos/'], overrides: Partial<CopyRequest> = {}): PlannedCopy {
  return { request: { ...request, ...overrides }, items: { count: 1, name: 'photos', kind: 'folder' }, objects, existing: new Set(existing), listed };
}

describe('clashOutcome', () => {
  const clashing = object('dst/a.txt', { clash: true });
  const free = object('dst/b.txt');
  const marker = object('dst/empty/', { clash: true });

  it.each<[ClashChoice, string, string, string]>([
    ['replace', 'as-planned', 'as-planned', 'skip'],
    ['skip', 'skip', 'as-planned', 'skip'],
    ['keep-both', 'numbered', 'as-planned', 'skip'],
  ])('%s: a clash is %s, a free key %s, an existing folder marker %s', (choice, onClash, onFree, onMarker) => {
    expect(clashOutcome(clashing, choice, false)).toBe(onClash);
    expect(clashOutcome(free, choice, false)).toBe(onFree);
    expect(clashOutcome(marker, choice, false)).toBe(onMarker);
    expect(clashOutcome({ ...marker, clash: false }, choice, false)).toBe('as-planned');
  });

  it('an object copied onto itself is skipped, unless a numbered duplicate is asked for', () => {
    expect(clashOutcome(clashing, 'replace', true)).toBe('skip');
    expect(clashOutcome(clashing, 'skip', true)).toBe('skip');
    expect(clashOutcome(clashing, 'keep-both', true)).toBe('numbered');
    expect(clashOutcome(marker, 'keep-both', true)).toBe('skip');
  });
});

describe('assignDestinations', () => {
  it('keep both: the first "name (n)" that neither exists nor is the key another object of the copy goes to', async () => {
    const objects = [
      object('dst/photos/a.txt', { clash: true }),
      object('dst/photos/a (1).txt'),
      object('dst/photos/b.txt', { clash: true }),
      object('dst/photos/c.txt'),
    ];
    const exists = vi.fn(async () => false);
    const keys = await assignDestinations(planned(objects, ['dst/photos/a.txt', 'dst/photos/b.txt', 'dst/photos/b (1).txt']), 'keep-both', exists);
    expect(keys).toEqual(['dst/photos/a (2).txt', 'dst/photos/a (1).txt', 'dst/photos/b (2).txt', 'dst/photos/c.txt']);
    // Everything was known from the listing of the destination folder.
    expect(exists).not.toHaveBeenCalled();
  });

  it('two kept copies never take the same number', async () => {
    const objects = [object('dst/photos/x.txt', { clash: true }), object('dst/photos/x.txt', { clash: true, sourceKey: 'src/other/x.txt' })];
    const keys = await assignDestinations(planned(objects, ['dst/photos/x.txt']), 'keep-both', async () => false);
    expect(keys).toEqual(['dst/photos/x (1).txt', 'dst/photos/x (2).txt']);
  });

  it('asks S3 about a candidate only outside the folders the plan listed (a selected file’s own folder)', async () => {
    const objects = [object('dst/report.pdf', { clash: true })];
    const exists = vi.fn(async (key: string) => key === 'dst/report (1).pdf');
    const keys = await assignDestinations(planned(objects, ['dst/report.pdf'], []), 'keep-both', exists);
    expect(keys).toEqual(['dst/report (2).pdf']);
    expect(exists.mock.calls.map(([key]) => key)).toEqual(['dst/report (1).pdf', 'dst/report (2).pdf']);
  });

  it('replace and skip need no names: clashes go as planned or not at all; markers that exist are skipped', async () => {
    const objects = [object('dst/photos/'), object('dst/photos/a.txt', { clash: true }), object('dst/photos/b.txt')];
    const existing = ['dst/photos/', 'dst/photos/a.txt'];
    objects[0]!.clash = true;
    expect(await assignDestinations(planned(objects, existing), 'replace', async () => false)).toEqual([null, 'dst/photos/a.txt', 'dst/photos/b.txt']);
    expect(await assignDestinations(planned(objects, existing), 'skip', async () => false)).toEqual([null, null, 'dst/photos/b.txt']);
  });

  it('an object onto itself (a copy into its own folder, same bucket) is skipped with replace', async () => {
    const self = { ...object('src/a.txt', { clash: true }), sourceKey: 'src/a.txt' };
    const sameBucket = planned([self], ['src/a.txt'], ['src/'], { destinationBucket: 'one', destinationPrefix: 'src/' });
    expect(await assignDestinations(sameBucket, 'replace', async () => false)).toEqual([null]);
    expect(await assignDestinations(sameBucket, 'keep-both', async () => false)).toEqual(['src/a (1).txt']);
  });
});
