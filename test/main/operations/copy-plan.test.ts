import { describe, expect, it } from 'vitest';
import { isInOneFolder } from '../../../common/ipc';
import { copyRequestOf, refuseOverlap, renameRequestOf, type CopyRequest } from '../../../main/operations/copy-plan';
import { summarizePlan } from '../../../main/operations/copy-plans';

const base: CopyRequest = {
  mode: 'move',
  sourceBucket: 'bucket-a',
  keys: ['home/a.txt'],
  prefixes: ['home/photos/'],
  destinationBucket: 'bucket-a',
  sourcePrefix: 'home/',
  destinationPrefix: 'archive/',
};
const refusal = (request: CopyRequest) => {
  try {
    refuseOverlap(request);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('copy requests', () => {
  it('a selection is copied from the folder its items are in', () => {
    const request = copyRequestOf({
      mode: 'copy',
      bucket: 'bucket-a',
      keys: ['home/a.txt'],
      prefixes: ['home/photos/'],
      destinationBucket: 'bucket-b',
      destinationPrefix: '',
    });
    expect(request).toEqual({ ...base, mode: 'copy', destinationBucket: 'bucket-b', destinationPrefix: '' });
    expect(isInOneFolder({ keys: ['home/a.txt'], prefixes: ['home/photos/'] })).toBe(true);
    expect(isInOneFolder({ keys: ['home/a.txt'], prefixes: ['other/photos/'] })).toBe(false);
  });

  it('a rename is a move into the same folder, of one file or one folder', () => {
    expect(renameRequestOf({ bucket: 'bucket-a', from: 'home/a.txt', newName: 'b.txt' })).toEqual({
      mode: 'move',
      sourceBucket: 'bucket-a',
      keys: ['home/a.txt'],
      prefixes: [],
      destinationBucket: 'bucket-a',
      sourcePrefix: 'home/',
      destinationPrefix: 'home/',
      rename: { item: 'home/a.txt', newName: 'b.txt' },
    });
    expect(renameRequestOf({ bucket: 'bucket-a', from: 'home/photos/', newName: 'pics' })).toMatchObject({ keys: [], prefixes: ['home/photos/'], destinationPrefix: 'home/' });
  });
});

describe('refuseOverlap', () => {
  it('refuses a folder into itself or below itself, in the same bucket only', () => {
    expect(refusal({ ...base, destinationPrefix: 'home/photos/' })).toBe('A folder cannot be moved into itself.');
    expect(refusal({ ...base, mode: 'copy', destinationPrefix: 'home/photos/2026/' })).toBe('A folder cannot be copied into itself.');
    expect(refusal({ ...base, destinationPrefix: 'home/photos/', destinationBucket: 'bucket-b' })).toBeNull();
    // A sibling whose name starts the same is not inside it.
    expect(refusal({ ...base, destinationPrefix: 'home/photos-old/' })).toBeNull();
  });

  it('refuses a move to where things already are, but allows a copy there (duplicates, or keep both)', () => {
    expect(refusal({ ...base, prefixes: [], destinationPrefix: 'home/' })).toBe('These items are already in this folder.');
    expect(refusal({ ...base, prefixes: [], mode: 'copy', destinationPrefix: 'home/' })).toBeNull();
    expect(refusal({ ...base, prefixes: [], destinationPrefix: 'home/', destinationBucket: 'bucket-b' })).toBeNull();
  });

  it('refuses a rename to the name it has', () => {
    expect(refusal(renameRequestOf({ bucket: 'b-1', from: 'home/a.txt', newName: 'a.txt' }))).toBe('It is already called “a.txt”.');
    expect(refusal(renameRequestOf({ bucket: 'b-1', from: 'home/photos/', newName: 'photos' }))).toBe('It is already called “photos”.');
    expect(refusal(renameRequestOf({ bucket: 'b-1', from: 'home/photos/', newName: 'Photos' }))).toBeNull();
  });
});

describe('summarizePlan', () => {
  it('counts objects and bytes without folder markers, and shows the first 20 clashes with their count', () => {
    const objects = [
      { sourceKey: 'home/photos/', size: 0, plannedKey: 'archive/photos/', clash: true, marker: true, archived: false },
      ...Array.from({ length: 25 }, (_, i) => ({
        sourceKey: `home/photos/${i}.jpg`,
        size: 10,
        plannedKey: `archive/photos/${i}.jpg`,
        clash: i % 2 === 0,
        marker: false,
        archived: i === 3,
      })),
    ];
    const plan = summarizePlan('p1', { request: base, items: { count: 1, name: 'photos', kind: 'folder' }, objects, existing: new Set(), listed: [] });
    expect(plan).toMatchObject({ planId: 'p1', mode: 'move', objectCount: 25, totalBytes: 250, clashCount: 13, archivedCount: 1 });
    expect(plan.clashes).toHaveLength(13);
    expect(plan.clashes[0]).toBe('archive/photos/0.jpg');
  });
});
