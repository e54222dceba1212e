import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reserveFolder, separateFilesFromFolders } from '../../../main/transfers/download-plan';

describe('separateFilesFromFolders', () => {
  const options = { platform: 'posix' as const, caseInsensitive: false };

  it('keeps the folder "a" and renames the file "a" when S3 holds key "a" and keys under "a/"', () => {
    const entries = [{ segments: ['a'] }, { segments: ['a', 'b.txt'] }, { segments: ['c.txt'] }];
    separateFilesFromFolders(entries, [], options);
    expect(entries.map((entry) => entry.segments.join('/'))).toEqual(['a (1)', 'a/b.txt', 'c.txt']);
  });

  it('also for deeper clashes, for empty-folder markers, and past names already taken', () => {
    const entries = [{ segments: ['x', 'y'] }, { segments: ['x', 'y', 'z'] }, { segments: ['x', 'y (1)'] }, { segments: ['m'] }];
    separateFilesFromFolders(entries, [['m']], options);
    expect(entries.map((entry) => entry.segments.join('/'))).toEqual(['x/y (2)', 'x/y/z', 'x/y (1)', 'm (1)']);
  });

  it('compares letter case only where the disk does', () => {
    const sensitive = [{ segments: ['A'] }, { segments: ['a', 'b'] }];
    separateFilesFromFolders(sensitive, [], options);
    expect(sensitive[0]!.segments).toEqual(['A']);
    const insensitive = [{ segments: ['A'] }, { segments: ['a', 'b'] }];
    separateFilesFromFolders(insensitive, [], { ...options, caseInsensitive: true });
    expect(insensitive[0]!.segments).toEqual(['A (1)']);
  });
});

describe('reserving a folder for a download', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-place-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reserves a fresh folder name, "photos (1)" when "photos" exists', async () => {
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos (1)'), 'a file');
    expect(await reserveFolder(dir, 'photos', 'posix')).toBe('photos (2)');
    expect(await reserveFolder(dir, 'new', 'posix')).toBe('new');
  });
});
