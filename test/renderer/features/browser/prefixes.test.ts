// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { asFolderPrefix, canGoUp, parentPrefix } from '../../../../renderer/src/features/browser/prefixes';

describe('folder prefixes', () => {
  it('goes up one level at a time, to the bucket root at the top', () => {
    expect(parentPrefix('a/b/')).toBe('a/');
    expect(parentPrefix('a/')).toBe('');
    expect(parentPrefix('')).toBe('');
  });

  it('does not go above the start prefix', () => {
    expect(canGoUp('users/ann/reports/', 'users/ann/')).toBe(true);
    expect(canGoUp('users/ann/', 'users/ann/')).toBe(false);
    expect(canGoUp('', '')).toBe(false);
  });

  it('treats a start prefix without a trailing slash as that folder', () => {
    expect(asFolderPrefix('users/ann')).toBe('users/ann/');
    expect(asFolderPrefix('')).toBe('');
  });
});
