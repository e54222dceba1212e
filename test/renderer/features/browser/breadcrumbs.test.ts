// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { breadcrumbSegments } from '../../../../renderer/src/features/browser/breadcrumbs';
import type { StartPlace } from '../../../../renderer/src/features/browser/placeNames';

const ID = 'us-east-1:f7ae2b40-1111-2222-3333-444455556666';
const place = (bucket: string, startPrefix: string, more: Partial<StartPlace> = {}): StartPlace => ({
  bucket,
  startPrefix,
  label: null,
  home: false,
  ...more,
});

describe('breadcrumbSegments', () => {
  it('starts with the bucket and adds one segment per folder level', () => {
    expect(breadcrumbSegments(place('team-data', ''), 'reports/2025/')).toEqual([
      { label: 'team-data', prefix: '', navigable: true, current: false, icon: 'bucket' },
      { label: 'reports', prefix: 'reports/', navigable: true, current: false, icon: 'folder' },
      { label: '2025', prefix: 'reports/2025/', navigable: false, current: true, icon: 'folder' },
    ]);
  });

  it('shows levels above the start prefix without letting the user go there', () => {
    const segments = breadcrumbSegments(place('team-data', 'users/ann/'), 'users/ann/reports/');
    expect(segments.map((s) => [s.label, s.navigable])).toEqual([
      ['team-data', false],
      ['users', false],
      ['ann', true],
      ['reports', false],
    ]);
    expect(segments.at(-1)?.current).toBe(true);
  });

  it('is just the current bucket at the bucket root', () => {
    expect(breadcrumbSegments(place('team-data', ''), '')).toEqual([
      { label: 'team-data', prefix: '', navigable: false, current: true, icon: 'bucket' },
    ]);
  });

  it('keeps empty segments of keys with doubled slashes', () => {
    expect(breadcrumbSegments(place('b', ''), 'a//').map((s) => s.prefix)).toEqual(['', 'a/', 'a//']);
  });

  it('calls the identity’s home "Home" under the bucket name, never its IdentityId', () => {
    const home = place('desk-private', `users/${ID}/`, { home: true });
    const segments = breadcrumbSegments(home, `users/${ID}/photos/`);
    expect(segments.map((s) => [s.label, s.prefix, s.navigable, s.icon])).toEqual([
      ['desk-private', '', false, 'bucket'],
      ['users', 'users/', false, 'folder'],
      ['Home', `users/${ID}/`, true, 'home'],
      ['photos', `users/${ID}/photos/`, false, 'folder'],
    ]);
    expect(segments.some((s) => s.label.includes(ID))).toBe(false);
  });

  it('starts with the entry’s label at its start prefix, leaving out what the label stands for', () => {
    const labelled = place('desk-private', `${ID}/`, { label: 'My files', home: true });
    expect(breadcrumbSegments(labelled, `${ID}/`)).toEqual([{ label: 'My files', prefix: `${ID}/`, navigable: false, current: true, icon: 'home' }]);
    expect(breadcrumbSegments(labelled, `${ID}/photos/2024/`).map((s) => [s.label, s.navigable])).toEqual([
      ['My files', true],
      ['photos', true],
      ['2024', false],
    ]);
    const shared = place('desk-shared', 'library/', { label: 'Team library' });
    expect(breadcrumbSegments(shared, 'library/odd names/').map((s) => [s.label, s.prefix, s.icon])).toEqual([
      ['Team library', 'library/', 'bucket'],
      ['odd names', 'library/odd names/', 'folder'],
    ]);
  });

  it('labels a whole-bucket entry at the bucket root', () => {
    expect(breadcrumbSegments(place('archive', '', { label: 'Archive' }), 'a/').map((s) => [s.label, s.prefix])).toEqual([
      ['Archive', ''],
      ['a', 'a/'],
    ]);
  });
});
