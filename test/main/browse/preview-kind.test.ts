import { describe, expect, it } from 'vitest';
import { previewKind } from '../../../main/browse/preview-kind';

describe('previewKind', () => {
  it('images by their content type, served with that type', () => {
    expect(previewKind('a/photo', 'image/jpeg')).toEqual({ kind: 'image', contentType: 'image/jpeg' });
    expect(previewKind('logo.svg', 'image/svg+xml')).toEqual({ kind: 'image', contentType: 'image/svg+xml' });
  });

  it('JSON, CSV and text by content type, with the format the pane renders', () => {
    expect(previewKind('data', 'application/json; charset=utf-8')).toEqual({ kind: 'text', format: 'json' });
    expect(previewKind('x', 'application/vnd.api+json')).toEqual({ kind: 'text', format: 'json' });
    expect(previewKind('q1.csv', 'text/csv')).toEqual({ kind: 'text', format: 'csv' });
    expect(previewKind('notes.md', 'text/markdown')).toEqual({ kind: 'text', format: 'plain' });
    expect(previewKind('page.html', 'text/html')).toEqual({ kind: 'text', format: 'plain' });
  });

  it('an unhelpful content type defers to the extension', () => {
    expect(previewKind('dir/pic.PNG', 'application/octet-stream')).toEqual({ kind: 'image', contentType: 'image/png' });
    expect(previewKind('data.json', 'binary/octet-stream')).toEqual({ kind: 'text', format: 'json' });
    expect(previewKind('table.csv', null)).toEqual({ kind: 'text', format: 'csv' });
    expect(previewKind('server.log', '')).toEqual({ kind: 'text', format: 'plain' });
  });

  it('a content type that says what it is wins over the name; unknown binaries have no preview', () => {
    expect(previewKind('looks-like.png', 'application/pdf')).toEqual({ kind: 'none' });
    expect(previewKind('backup.tar', 'application/x-tar')).toEqual({ kind: 'none' });
    expect(previewKind('blob.bin', 'application/octet-stream')).toEqual({ kind: 'none' });
  });
});
