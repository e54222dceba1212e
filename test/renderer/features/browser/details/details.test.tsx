// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreviewDescriptor } from '../../../../../common/ipc';
import { browse, grid, key, row, rowNames } from '../../../helpers/browse';
import { details, fail, file, folder, ok, type FakeApi } from '../../../helpers/fake-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const pane = () => within(screen.getByTestId('details-pane'));
const field = (name: string) => screen.getByTestId(`details-field-${name}`).textContent;

async function browseWith(objects = [file('notes.txt', 2048), file('photo.png'), file('data.csv')]): Promise<FakeApi> {
  const fake = browse({ 'team-data/': { folders: [folder('docs/')], objects } });
  await waitFor(() => expect(rowNames()).toHaveLength(objects.length + 1));
  return fake;
}

/** A stand-in for fetch() of s3desk-preview: addresses. */
function serveText(body: string) {
  const fetcher = vi.fn(async (_url: string) => ({ ok: true, status: 200, text: async () => body }));
  vi.stubGlobal('fetch', fetcher);
  return fetcher;
}

describe('the details pane', () => {
  it('invites a selection when nothing is selected', async () => {
    await browseWith();
    expect(pane().getByTestId('details-empty').textContent).toMatch(/Select a file/);
  });

  it('shows what headObject says about the selected object', async () => {
    const fake = await browseWith();
    fake.api.headObject.mockImplementation(async (ref) =>
      ok(
        details(ref, {
          size: 3 * 1024 * 1024,
          contentType: 'text/plain; charset=utf-8',
          eTag: '"9b2cf535f27731c974343645a3985328"',
          storageClass: 'STANDARD_IA',
          metadata: { owner: 'ann', project: 'q1' },
        }),
      ),
    );

    fireEvent.click(row('notes.txt'));

    await waitFor(() => expect(field('type')).toBe('text/plain; charset=utf-8'));
    expect(fake.api.headObject).toHaveBeenCalledWith({ bucket: 'team-data', key: 'notes.txt' });
    expect(field('size')).toMatch(/^3 MB/);
    expect(field('etag')).toBe('"9b2cf535f27731c974343645a3985328"');
    expect(field('class')).toBe('Standard-IA STANDARD_IA');
    expect(field('uri')).toBe('s3://team-data/notes.txt');
    expect(field('meta-owner')).toBe('ann');
    expect(field('meta-project')).toBe('q1');
    expect(pane().getByRole('heading', { name: 'notes.txt' })).toBeTruthy();
  });

  it('says whether an archived object can be read, and until when a restored copy lasts', async () => {
    const fake = await browseWith([file('old.tar', 10, undefined, 'DEEP_ARCHIVE'), file('back.tar', 10, undefined, 'GLACIER')]);
    fake.api.headObject.mockImplementation(async (ref) =>
      ok(
        ref.key === 'old.tar'
          ? details(ref, { storageClass: 'DEEP_ARCHIVE', archive: { restoreStatus: 'not-restored', restoredUntil: null } })
          : details(ref, { storageClass: 'GLACIER', archive: { restoreStatus: 'restored', restoredUntil: '2025-04-01T00:00:00.000Z' } }),
      ),
    );

    fireEvent.click(row('old.tar'));
    await waitFor(() => expect(field('restore')).toMatch(/Archived — restore it before downloading/));
    expect(field('class')).toBe('Glacier Deep Archive DEEP_ARCHIVE');

    fireEvent.click(row('back.tar'));
    await waitFor(() => expect(field('restore')).toMatch(/^Restored until /));
  });

  it('copies the S3 URI through main and says “Copied”', async () => {
    const fake = await browseWith();
    fireEvent.click(row('notes.txt'));

    fireEvent.click(await screen.findByTestId('copy-s3-uri'));

    await waitFor(() => expect(screen.getByTestId('copy-s3-uri').textContent).toBe('Copied'));
    expect(fake.api.copyS3Uri).toHaveBeenCalledWith({ bucket: 'team-data', key: 'notes.txt' });
  });

  it('says why copying failed', async () => {
    const fake = await browseWith();
    fake.api.copyS3Uri.mockResolvedValue(fail('internal_error', 'The clipboard is not available.'));
    fireEvent.click(row('notes.txt'));

    fireEvent.click(await screen.findByTestId('copy-s3-uri'));

    expect((await screen.findByTestId('copy-s3-uri-error')).textContent).toMatch(/The clipboard is not available/);
    expect(screen.getByTestId('copy-s3-uri').textContent).toBe('Copy S3 URI');
  });

  it('explains in the pane when the object is gone, and Retry asks again', async () => {
    const fake = await browseWith();
    fake.api.headObject.mockResolvedValueOnce(fail('no_such_key', 'NoSuchKey'));
    fireEvent.click(row('notes.txt'));

    const notice = await screen.findByTestId('details-error');
    expect(notice.textContent).toMatch(/Couldn’t show the details of notes\.txt/);
    expect(notice.textContent).toMatch(/It no longer exists/);

    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(field('type')).toBe('text/plain'));
    expect(screen.queryByTestId('details-error')).toBeNull();
  });

  it('offers to copy a folder’s S3 URI', async () => {
    const fake = await browseWith();
    fireEvent.click(row('docs'));
    expect(field('kind')).toBe('Folder');
    fireEvent.click(screen.getByTestId('copy-s3-uri'));
    await waitFor(() => expect(fake.api.copyS3Uri).toHaveBeenCalledWith({ bucket: 'team-data', key: 'docs/' }));
  });

  it('sums up a multiple selection', async () => {
    await browseWith([file('a.bin', 1024), file('b.bin', 2048)]);
    fireEvent.click(row('a.bin'));
    fireEvent.click(row('b.bin'), { ctrlKey: true });
    fireEvent.click(row('docs'), { ctrlKey: true });

    expect(pane().getByTestId('details-selection').textContent).toMatch(/3 items selected/);
    expect(field('files')).toBe('2 files, 3 KB');
    expect(field('folders')).toMatch(/^1 folder/);
  });

  it('opens on Enter on a file, taking focus; Escape goes back to the list', async () => {
    await browseWith();
    fireEvent.click(screen.getByTestId('action-details'));
    expect(screen.queryByTestId('details-pane')).toBeNull();

    grid().focus();
    key('ArrowDown');
    key('ArrowDown');
    key('Enter');

    expect(screen.getByTestId('details-pane')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('details-pane'));
    fireEvent.keyDown(screen.getByTestId('details-pane'), { key: 'Escape' });
    expect(document.activeElement).toBe(grid());
  });
});

describe('previews', () => {
  async function previewOf(name: string, descriptor: PreviewDescriptor) {
    const fake = await browseWith([file(name, 1000)]);
    fake.api.openPreview.mockResolvedValue(ok(descriptor));
    fireEvent.click(row(name));
    return fake;
  }

  it('shows an image from its preview address', async () => {
    const fake = await previewOf('photo.png', { kind: 'image', url: 's3desk-preview://p/abc123', contentType: 'image/png', size: 1000 });

    const image = (await screen.findByTestId('preview-image')) as HTMLImageElement;
    expect(image.getAttribute('src')).toBe('s3desk-preview://p/abc123');
    expect(image.alt).toBe('photo.png');
    expect(fake.api.openPreview).toHaveBeenCalledWith({ bucket: 'team-data', key: 'photo.png' });
  });

  it('fetches text and shows it as it is', async () => {
    const fetcher = serveText('hello\nworld');
    await previewOf('notes.txt', {
      kind: 'text',
      url: 's3desk-preview://p/t1',
      contentType: 'text/plain',
      size: 11,
      format: 'plain',
      truncated: false,
      previewBytes: 11,
    });

    const text = await screen.findByTestId('preview-text');
    expect(text.querySelector('pre')?.textContent).toBe('hello\nworld');
    expect(fetcher).toHaveBeenCalledWith('s3desk-preview://p/t1', expect.anything());
    expect(screen.queryByTestId('preview-truncated')).toBeNull();
  });

  it('pretty-prints complete JSON', async () => {
    serveText('{"name":"ann","tags":["a","b"]}');
    await previewOf('data.json', {
      kind: 'text',
      url: 's3desk-preview://p/j1',
      contentType: 'application/json',
      size: 31,
      format: 'json',
      truncated: false,
      previewBytes: 31,
    });

    const text = await screen.findByTestId('preview-text');
    expect(text.querySelector('pre')?.textContent).toBe('{\n  "name": "ann",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
  });

  it('shows the start of a truncated file as it is, and says how much of it', async () => {
    serveText('{"rows": [1, 2, 3,');
    await previewOf('big.json', {
      kind: 'text',
      url: 's3desk-preview://p/j2',
      contentType: 'application/json',
      size: 3.1 * 1024 * 1024,
      format: 'json',
      truncated: true,
      previewBytes: 256 * 1024,
    });

    expect((await screen.findByTestId('preview-truncated')).textContent).toBe('Showing the first 256 KB of 3.1 MB');
    expect(screen.getByTestId('preview-text').querySelector('pre')?.textContent).toBe('{"rows": [1, 2, 3,');
  });

  it('shows CSV as a small table', async () => {
    serveText('name,size\nreport.pdf,10\n"a, b.txt",20\n');
    await previewOf('data.csv', {
      kind: 'text',
      url: 's3desk-preview://p/c1',
      contentType: 'text/csv',
      size: 40,
      format: 'csv',
      truncated: false,
      previewBytes: 40,
    });

    const table = await screen.findByTestId('preview-csv');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['name', 'size']);
    expect(within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['report.pdf', '10'],
      ['a, b.txt', '20'],
    ]);
  });

  it('says why there is no preview', async () => {
    await previewOf('archive.zip', { kind: 'unavailable', reason: 'There is no preview for ZIP archives.' });
    expect((await screen.findByTestId('preview-unavailable')).textContent).toBe('There is no preview for ZIP archives.');
  });

  it('explains a preview that could not be opened, with Retry', async () => {
    const fake = await browseWith([file('notes.txt')]);
    fake.api.openPreview.mockResolvedValueOnce(fail('access_denied', 'AccessDenied'));
    fireEvent.click(row('notes.txt'));

    const notice = await screen.findByTestId('preview-error');
    expect(notice.textContent).toMatch(/Couldn’t show a preview/);
    expect(notice.textContent).toMatch(/don’t have permission/);
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('preview-unavailable')).toBeTruthy();
  });

  it('asks about the selection only once it settles, not for every row passed on the way', async () => {
    const fake = await browseWith(['a', 'b', 'c', 'd', 'e'].map((name) => file(`${name}.txt`)));
    grid().focus();
    for (let step = 0; step < 6; step++) key('ArrowDown');

    await waitFor(() => expect(field('type')).toBe('text/plain'));
    expect(fake.api.headObject).toHaveBeenCalledTimes(1);
    expect(fake.api.headObject).toHaveBeenCalledWith({ bucket: 'team-data', key: 'e.txt' });
    expect(fake.api.openPreview).toHaveBeenCalledTimes(1);
  });
});
