// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { breadcrumbSegments } from '../../../../renderer/src/features/browser/breadcrumbs';

describe('breadcrumbSegments', () => {
  it('starts with the bucket and adds one segment per folder level', () => {
    expect(breadcrumbSegments('team-data', '', 'reports/2025/')).toEqual([
      { label: 'team-data', prefix: '', navigable: true, current: false },
      { label: 'reports', prefix: 'reports/', navigable: true, current: false },
      { label: '2025', prefix: 'reports/2025/', navigable: false, current: true },
    ]);
  });

  it('shows levels above the start prefix without letting the user go there', () => {
    const segments = breadcrumbSegments('team-data', 'users/ann/', 'users/ann/reports/');
    expect(segments.map((s) => [s.label, s.navigable])).toEqual([
      ['team-data', false],
      ['users', false],
      ['ann', true],
      ['reports', false],
    ]);
    expect(segments.at(-1)?.current).toBe(true);
  });

  it('is just the current bucket at the bucket root', () => {
    expect(breadcrumbSegments('team-data', '', '')).toEqual([
      { label: 'team-data', prefix: '', navigable: false, current: true },
    ]);
  });

  it('keeps empty segments of keys with doubled slashes', () => {
    expect(breadcrumbSegments('b', '', 'a//').map((s) => s.prefix)).toEqual(['', 'a/', 'a//']);
  });
});
