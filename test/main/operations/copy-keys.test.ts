import { describe, expect, it } from 'vitest';
import { parentFolder } from '../../../common/ipc';
import { AWKWARD_KEYS } from '../../../devstack/seed';
import { parseCopySource } from '../../../devstack/aws/s3/copy-source';
import { copySource, destinationKey, fitsInKey, numberedKey } from '../../../main/operations/copy-keys';

describe('copySource', () => {
  it('encodes every awkward key so that S3 reads back exactly that key (the emulator parses it as S3 does)', () => {
    for (const key of [...AWKWARD_KEYS, 'a%2Fb', 'plus+and space', 'amp&eq=?x#y', 'tab\there', '👨‍👩‍👧/😀.txt', 'ends/']) {
      const header = copySource('desk-private', key);
      expect(parseCopySource(header), key).toEqual({ bucket: 'desk-private', key });
      // Nothing in it that a URL would read as a query, a fragment, an escape or a space.
      expect(header.slice('desk-private/'.length), key).not.toMatch(/[?#\s+]|%(?![0-9A-F]{2})/);
    }
  });

  it('keeps the slashes between segments, as S3’s own examples do', () => {
    expect(copySource('b', 'odd names/a+b=c.txt')).toBe('b/odd%20names/a%2Bb%3Dc.txt');
    expect(copySource('b', 'odd names/../../etc/passwd')).toBe('b/odd%20names/../../etc/passwd');
  });

  it('refuses a key that is not valid UTF-8 (a lone surrogate) with a sentence', () => {
    expect(() => copySource('b', 'bad\ud800.txt')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('destinationKey', () => {
  it('keeps each item’s name (and what is below a folder) under the destination folder', () => {
    const mapping = { sourcePrefix: 'home/', destinationPrefix: 'archive/2026/' };
    expect(destinationKey('home/report.pdf', mapping)).toBe('archive/2026/report.pdf');
    expect(destinationKey('home/photos/day 1/a.jpg', mapping)).toBe('archive/2026/photos/day 1/a.jpg');
    expect(destinationKey('home/photos/', mapping)).toBe('archive/2026/photos/');
    expect(destinationKey('report.pdf', { sourcePrefix: '', destinationPrefix: '' })).toBe('report.pdf');
  });

  it('renames the one item: a file’s key, or the first segment of everything below a folder', () => {
    const file = { sourcePrefix: 'home/', destinationPrefix: 'home/', rename: { item: 'home/notes.md', newName: 'notes 2026.md' } };
    expect(destinationKey('home/notes.md', file)).toBe('home/notes 2026.md');
    const folder = { sourcePrefix: 'home/', destinationPrefix: 'home/', rename: { item: 'home/trip/', newName: 'Trip' } };
    expect(destinationKey('home/trip/', folder)).toBe('home/Trip/');
    expect(destinationKey('home/trip/day 2/b.jpg', folder)).toBe('home/Trip/day 2/b.jpg');
    expect(() => destinationKey('home/other/x', folder)).toThrow();
    expect(() => destinationKey('elsewhere/x', folder)).toThrow();
  });
});

describe('numberedKey', () => {
  it('puts " (n)" before the extension, in the same folder', () => {
    expect(numberedKey('a/b/report.pdf', 1)).toBe('a/b/report (1).pdf');
    expect(numberedKey('report.pdf', 12)).toBe('report (12).pdf');
    expect(numberedKey('a/archive.tar.gz', 2)).toBe('a/archive.tar (2).gz');
    expect(numberedKey('a/README', 1)).toBe('a/README (1)');
    expect(numberedKey('a/.env', 1)).toBe('a/.env (1)');
    expect(numberedKey('odd names/trailing dot.', 1)).toBe('odd names/trailing dot. (1)');
    expect(numberedKey('odd names/naïve café 🎉.txt', 1)).toBe('odd names/naïve café 🎉 (1).txt');
  });

  it('has no 255-byte limit per name (S3 is not a file system), only the key’s 1,024 bytes: the name is shortened to fit, never inside a character', () => {
    const long = `f/${'x'.repeat(500)}.txt`;
    expect(numberedKey(long, 1)).toBe(`f/${'x'.repeat(500)} (1).txt`);
    const atLimit = `f/${'😀'.repeat(254)}.txt`;
    expect(fitsInKey(atLimit)).toBe(true);
    const numbered = numberedKey(atLimit, 3)!;
    expect(fitsInKey(numbered)).toBe(true);
    expect(numbered).toMatch(/^f\/(😀)+ \(3\)\.txt$/u);
    expect(numberedKey(`${'d'.repeat(1020)}/x.txt`, 1)).toBeNull();
  });
});

describe('parentFolder', () => {
  it('is the folder a key or a folder prefix is in', () => {
    expect(parentFolder('a/b/c.txt')).toBe('a/b/');
    expect(parentFolder('a/b/')).toBe('a/');
    expect(parentFolder('c.txt')).toBe('');
    expect(parentFolder('a/')).toBe('');
  });
});
