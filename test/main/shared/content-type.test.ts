import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../../main/shared/content-type';

describe('contentTypeFor', () => {
  it.each([
    ['report.pdf', 'application/pdf'],
    ['PHOTO.JPG', 'image/jpeg'],
    ['notes.md', 'text/markdown; charset=utf-8'],
    ['data.csv', 'text/csv; charset=utf-8'],
    ['backup.tar.gz', 'application/gzip'],
    ['logo.svg', 'image/svg+xml'],
    ['movie.mp4', 'video/mp4'],
  ])('%s → %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });

  it.each(['Makefile', '.bashrc', 'weird.unknownext', 'trailing.'])('%s → application/octet-stream', (name) => {
    expect(contentTypeFor(name)).toBe('application/octet-stream');
  });
});
