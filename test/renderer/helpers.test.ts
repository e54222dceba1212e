// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkBackendUrl, displayHost } from '../../renderer/src/lib/backendUrl';
import { breadcrumbSegments } from '../../renderer/src/lib/breadcrumbs';
import { formatBytes } from '../../renderer/src/lib/formatBytes';
import { asFolderPrefix, canGoUp, parentPrefix } from '../../renderer/src/lib/prefixes';

describe('formatBytes', () => {
  it('counts small sizes in bytes, singular for one', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 bytes');
    expect(formatBytes(1, 'en-US')).toBe('1 byte');
    expect(formatBytes(1023, 'en-US')).toBe('1,023 bytes');
  });

  it('uses binary units with one decimal below ten and whole numbers above', () => {
    expect(formatBytes(1024, 'en-US')).toBe('1 KB');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(24 * 1024 + 300, 'en-US')).toBe('24 KB');
    expect(formatBytes(3.25 * 1024 ** 3, 'en-US')).toBe('3.3 GB');
    expect(formatBytes(5 * 1024 ** 4, 'en-US')).toBe('5 TB');
  });

  it('moves to the next unit rather than showing 1024 of the smaller one', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en-US')).toBe('1 MB');
  });

  it('shows a dash for sizes that cannot be real', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

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

describe('checkBackendUrl', () => {
  it('accepts https URLs and drops a trailing slash', () => {
    expect(checkBackendUrl(' https://desk.example.com/ ')).toEqual({ ok: true, url: 'https://desk.example.com' });
    expect(checkBackendUrl('https://example.com/s3desk/')).toEqual({ ok: true, url: 'https://example.com/s3desk' });
  });

  it('turns a bare host into an https URL', () => {
    expect(checkBackendUrl('desk.example.com')).toEqual({ ok: true, url: 'https://desk.example.com' });
    expect(checkBackendUrl('desk.example.com:8443')).toEqual({ ok: true, url: 'https://desk.example.com:8443' });
  });

  it('allows plain http only for this computer', () => {
    expect(checkBackendUrl('http://localhost:8787')).toEqual({ ok: true, url: 'http://localhost:8787' });
    expect(checkBackendUrl('http://127.0.0.1:8787')).toEqual({ ok: true, url: 'http://127.0.0.1:8787' });
    expect(checkBackendUrl('http://[::1]:8787')).toEqual({ ok: true, url: 'http://[::1]:8787' });
    expect(checkBackendUrl('localhost:8787')).toEqual({ ok: true, url: 'http://localhost:8787' });
    const remote = checkBackendUrl('http://desk.example.com');
    expect(remote.ok).toBe(false);
    expect(!remote.ok && remote.message).toMatch(/https/);
  });

  it('rejects other schemes, spaces, credentials, queries and empty input with a reason', () => {
    for (const input of ['', 'ftp://desk.example.com', 'desk example.com', 'https://ann:pw@desk.example.com', 'https://desk.example.com/?a=1', 'not a url!']) {
      const result = checkBackendUrl(input);
      expect(result.ok, input).toBe(false);
      expect(!result.ok && result.message.length, input).toBeGreaterThan(0);
    }
  });

  it('shows a backend origin by its host', () => {
    expect(displayHost('https://desk.example.com')).toBe('desk.example.com');
    expect(displayHost('http://127.0.0.1:8787')).toBe('127.0.0.1:8787');
  });
});

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
