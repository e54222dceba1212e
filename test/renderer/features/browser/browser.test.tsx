// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../../renderer/src/App';
import { breadcrumb, browse, grid, key, lastListed, row, rowNames, teamData } from '../../helpers/browse';
import { createFakeApi, fail, file, folder, manyFiles, ok, signedIn } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('listing a folder', () => {
  it('lists folders before files, with readable sizes and storage classes, archives marked', async () => {
    browse({
      'team-data/': {
        folders: [folder('photos/'), folder('reports/')],
        objects: [
          { ...file('big.iso', 3.5 * 1024 ** 3), storageClass: 'STANDARD_IA' },
          file('a.txt', 12),
          file('old.tar', 5, undefined, 'DEEP_ARCHIVE'),
        ],
      },
    });

    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt', 'big.iso', 'old.tar']));
    const cells = within(row('big.iso')).getAllByRole('gridcell').map((cell) => cell.textContent);
    expect(cells[1]).toMatch(/^3[.,]5 GB$/);
    expect(cells[3]).toBe('Standard-IA');
    expect(within(row('a.txt')).getAllByRole('gridcell')[1]?.textContent).toBe('12 bytes');
    expect(row('old.tar').dataset.archived).toBe('true');
    expect(within(row('old.tar')).getAllByRole('gridcell')[3]?.textContent).toBe('Glacier Deep Archive');
    expect(row('a.txt').dataset.archived).toBeUndefined();
  });

  it('shows placeholder rows until the first page, then the first rows while later pages stream in', async () => {
    const fake = browse({ 'team-data/': 'manual' });
    const table = await screen.findByTestId('object-table');
    await waitFor(() => expect(fake.api.openListing).toHaveBeenCalled());
    expect(table.getAttribute('aria-busy')).toBe('true');
    expect(rowNames()).toEqual([]);

    act(() => fake.listing('').page({ folders: [folder('a/')], objects: [file('001.csv'), file('002.csv')] }));

    await waitFor(() => expect(rowNames()).toEqual(['a', '001.csv', '002.csv']));
    expect(screen.getByTestId('object-table').getAttribute('aria-busy')).toBe('false');
    expect(screen.getByTestId('listing-progress').textContent).toBe('Loading… 3 items so far');

    act(() => fake.listing('').page({ folders: [folder('b/')], objects: [file('003.csv')] }));

    await waitFor(() => expect(rowNames()).toEqual(['a', 'b', '001.csv', '002.csv', '003.csv']));
    expect(screen.getByTestId('listing-progress').textContent).toBe('Loading… 5 items so far');

    act(() => fake.listing('').done());

    await waitFor(() => expect(screen.queryByTestId('listing-progress')).toBeNull());
    expect(screen.getByTestId('listing-summary').textContent).toBe('2 folders, 3 files');
    expect(screen.getByTestId('listing-age').textContent).toBe('Listed just now');
  });

  it('subscribes before opening the listing, with an id of its own choosing', async () => {
    const fake = browse({ 'team-data/': { objects: [file('a.txt')] } });
    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));

    const request = fake.api.openListing.mock.calls[0]?.[0];
    expect(request).toEqual({ bucket: 'team-data', prefix: '', listingId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    expect(fake.api.onListingEvent.mock.invocationCallOrder[0]).toBeLessThan(fake.api.openListing.mock.invocationCallOrder[0] ?? 0);
  });

  it('puts pages that arrive together on screen in a single update', async () => {
    const fake = createFakeApi(signedIn());
    fake.serve('team-data', '', 'manual');
    let commits = 0;
    render(
      <Profiler id="app" onRender={() => (commits += 1)}>
        <App api={fake.api} />
      </Profiler>,
    );
    await waitFor(() => expect(fake.api.openListing).toHaveBeenCalled());
    await waitFor(() => expect(fake.listingListenerCount).toBe(1));
    const listing = fake.listing('');
    const before = commits;

    act(() => {
      for (let pageNumber = 0; pageNumber < 50; pageNumber++) listing.page({ objects: manyFiles(20, `p${String(pageNumber).padStart(2, '0')}-`) });
    });
    await waitFor(() => expect(screen.getByTestId('listing-progress').textContent).toBe('Loading… 1,000 items so far'));

    expect(commits - before).toBeLessThanOrEqual(2);
  });

  it('says so when a folder is empty', async () => {
    browse({ 'team-data/': {} });
    expect(await screen.findByText('This folder is empty')).toBeTruthy();
    expect(screen.getByTestId('empty-state')).toBeTruthy();
  });

  it('leaves out the folder’s own marker object', async () => {
    browse({ 'team-data/': { folders: [folder('docs/')] }, 'team-data/docs/': { objects: [file('docs/'), file('docs/a.md')] } });
    await waitFor(() => expect(rowNames()).toEqual(['docs']));
    fireEvent.doubleClick(row('docs'));
    await waitFor(() => expect(rowNames()).toEqual(['a.md']));
  });
});

describe('navigating', () => {
  it('opens a folder on double-click and goes back up through the breadcrumb, selecting the folder it left', async () => {
    const fake = browse({
      'team-data/': { folders: [folder('reports/')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['reports']));

    fireEvent.doubleClick(row('reports'));

    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(lastListed(fake)).toBe('team-data/reports/');
    expect(breadcrumb().getByText('reports').closest('[aria-current="page"]')).toBeTruthy();

    fireEvent.click(breadcrumb().getByRole('button', { name: 'team-data' }));

    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
  });

  it('moves with the arrow keys, opens with Enter and goes up with Backspace', async () => {
    const fake = browse({
      'team-data/': { folders: [folder('photos/'), folder('reports/')], objects: [file('a.txt')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt']));

    key('ArrowDown');
    expect(row('photos').getAttribute('aria-selected')).toBe('true');
    key('ArrowDown');
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
    expect(row('photos').getAttribute('aria-selected')).toBe('false');
    expect(grid().getAttribute('aria-activedescendant')).toBe(row('reports').id);

    key('Enter');
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(lastListed(fake)).toBe('team-data/reports/');

    key('Backspace');
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt']));
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(grid());
  });

  it('starts at the bucket’s start prefix and never goes above it', async () => {
    const fake = browse(
      {
        'team-data/users/ann/': { folders: [folder('users/ann/reports/')] },
        'team-data/users/ann/reports/': { objects: [file('users/ann/reports/q1.pdf')] },
      },
      [{ name: 'team-data', prefix: 'users/ann/', source: 'session' }],
    );
    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(lastListed(fake)).toBe('team-data/users/ann/');

    key('Backspace');
    expect(screen.getByTestId('go-up')).toHaveProperty('disabled', true);
    expect(fake.api.openListing).toHaveBeenCalledTimes(1);

    fireEvent.doubleClick(row('reports'));
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));

    // Above the start prefix, the path is shown but cannot be followed.
    expect(breadcrumb().queryByRole('button', { name: 'team-data' })).toBeNull();
    expect(breadcrumb().queryByRole('button', { name: 'users' })).toBeNull();
    expect(breadcrumb().getByText('users')).toBeTruthy();

    fireEvent.click(screen.getByTestId('go-up'));
    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(screen.getByTestId('go-up')).toHaveProperty('disabled', true);
  });

  it('switches bucket from the sidebar, opening it at its start prefix', async () => {
    const fake = browse(
      { 'team-data/': { objects: [file('a.txt')] }, 'archive/2024/': { objects: [file('2024/old.zip')] } },
      [teamData, { name: 'archive', prefix: '2024/', source: 'account' }],
    );
    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));

    fireEvent.click(within(screen.getByTestId('bucket-list')).getByText('archive'));

    await waitFor(() => expect(rowNames()).toEqual(['old.zip']));
    expect(lastListed(fake)).toBe('archive/2024/');
    expect(within(screen.getByTestId('bucket-list')).getByText('archive').closest('button')?.getAttribute('aria-current')).toBe('true');
  });

  it('goes back and forward with the buttons and with Alt+Left / Alt+Right, restoring the selection', async () => {
    browse({
      'team-data/': { folders: [folder('photos/'), folder('reports/')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf'), file('reports/q2.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports']));
    expect(screen.getByTestId('go-back')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('go-forward')).toHaveProperty('disabled', true);

    fireEvent.doubleClick(row('reports'));
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf', 'q2.pdf']));
    fireEvent.click(row('q2.pdf'));

    fireEvent.click(screen.getByTestId('go-back'));
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports']));
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('go-forward')).toHaveProperty('disabled', false);

    fireEvent.keyDown(grid(), { key: 'ArrowRight', altKey: true });
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf', 'q2.pdf']));
    expect(row('q2.pdf').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('go-forward')).toHaveProperty('disabled', true);

    fireEvent.keyDown(grid(), { key: 'ArrowLeft', altKey: true });
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports']));

    // Going somewhere new drops the forward history.
    fireEvent.doubleClick(row('photos'));
    await waitFor(() => expect(rowNames()).toEqual([]));
    expect(screen.getByTestId('go-forward')).toHaveProperty('disabled', true);
  });

  it('cancels the listing of a folder left before it finished, and ignores anything it still sends', async () => {
    const fake = browse({ 'team-data/': { folders: [folder('slow/')], objects: [file('a.txt')] }, 'team-data/slow/': 'manual' });
    await waitFor(() => expect(rowNames()).toEqual(['slow', 'a.txt']));

    fireEvent.doubleClick(row('slow'));
    await waitFor(() => expect(lastListed(fake)).toBe('team-data/slow/'));
    const slow = fake.listing('slow/');
    act(() => slow.page({ objects: [file('slow/first.txt')] }));
    await waitFor(() => expect(rowNames()).toEqual(['first.txt']));

    fireEvent.click(breadcrumb().getByRole('button', { name: 'team-data' }));

    await waitFor(() => expect(rowNames()).toEqual(['slow', 'a.txt']));
    expect(fake.api.cancelListing).toHaveBeenCalledWith(slow.listingId);
    act(() => slow.page({ objects: [file('slow/late.txt')] }));
    await new Promise((done) => setTimeout(done, 40));
    expect(rowNames()).toEqual(['slow', 'a.txt']);
  });

  it('does not cancel a listing that finished', async () => {
    const fake = browse({ 'team-data/': { folders: [folder('docs/')] }, 'team-data/docs/': {} });
    await waitFor(() => expect(rowNames()).toEqual(['docs']));
    fireEvent.doubleClick(row('docs'));
    await screen.findByText('This folder is empty');
    expect(fake.api.cancelListing).not.toHaveBeenCalled();
  });
});

describe('the listing cache', () => {
  it('shows a folder listed before at once on return, with its age, and Refresh lists it again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2025-03-12T14:00:00Z'));
    const fake = browse({
      'team-data/': { folders: [folder('reports/')], objects: [file('a.txt')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['reports', 'a.txt']));
    fireEvent.doubleClick(row('reports'));
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(fake.api.openListing).toHaveBeenCalledTimes(2);

    vi.setSystemTime(new Date('2025-03-12T14:03:00Z'));
    fireEvent.click(screen.getByTestId('go-back'));

    // Shown straight from the cache: no new listing, and its age says so.
    expect(rowNames()).toEqual(['reports', 'a.txt']);
    expect(screen.getByTestId('listing-age').textContent).toBe('Listed 3 min ago');
    expect(fake.api.openListing).toHaveBeenCalledTimes(2);

    // The age keeps up with the clock.
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('listing-age').textContent).toBe('Listed 4 min ago');

    fake.serve('team-data', '', 'manual');
    fireEvent.click(screen.getByTestId('refresh'));

    // The old rows stay until the new listing answers.
    await waitFor(() => expect(fake.api.openListing).toHaveBeenCalledTimes(3));
    expect(rowNames()).toEqual(['reports', 'a.txt']);
    expect(screen.getByTestId('listing-progress').textContent).toBe('Refreshing…');

    act(() => {
      fake.listing('').page({ folders: [folder('reports/')], objects: [file('a.txt'), file('b.txt')] });
      fake.listing('').done();
    });
    await waitFor(() => expect(rowNames()).toEqual(['reports', 'a.txt', 'b.txt']));
    expect(screen.getByTestId('listing-age').textContent).toBe('Listed just now');
  });

  it('keeps the selection through a refresh', async () => {
    browse({ 'team-data/': { objects: [file('a.txt'), file('b.txt')] } });
    await waitFor(() => expect(rowNames()).toEqual(['a.txt', 'b.txt']));
    fireEvent.click(row('b.txt'));

    fireEvent.click(screen.getByTestId('refresh'));

    await waitFor(() => expect(screen.getByTestId('listing-age').textContent).toBe('Listed just now'));
    expect(row('b.txt').getAttribute('aria-selected')).toBe('true');
  });
});

describe('listing errors', () => {
  it('shows access_denied in place, and Retry lists the folder again', async () => {
    const fake = browse({ 'team-data/': { error: { code: 'access_denied', message: 'Access Denied' } } });

    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toMatch(/You don’t have access to this folder/);
    expect(notice.textContent).toMatch(/team-data/);
    expect(screen.getByTestId('bucket-list')).toBeTruthy();

    fake.serve('team-data', '', { objects: [file('a.txt')] });
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));
    expect(screen.queryByTestId('listing-error')).toBeNull();
  });

  it.each([
    ['no_such_bucket', /This bucket doesn’t exist/],
    ['network_error', /Can’t connect to storage/],
    ['session_expired', /Your session has expired/],
  ] as const)('explains %s in place with a Retry button', async (code, message) => {
    browse({ 'team-data/': { error: { code, message: 'It failed.' } } });

    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toMatch(message);
    expect(within(notice).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('keeps the rows listed before a failure, says what happened, and offers Retry', async () => {
    const fake = browse({
      'team-data/': { pages: [{ objects: [file('001.csv')] }], error: { code: 'network_error', message: 'socket hang up' } },
    });

    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toMatch(/Can’t connect to storage/);
    expect(rowNames()).toEqual(['001.csv']);

    fake.serve('team-data', '', { objects: [file('001.csv'), file('002.csv')] });
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(rowNames()).toEqual(['001.csv', '002.csv']));
    expect(screen.queryByTestId('listing-error')).toBeNull();
  });

  it('reports a listing main refused to open', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.openListing.mockResolvedValueOnce(fail('no_such_bucket', 'NoSuchBucket'));
    renderApp(fake.api);
    expect((await screen.findByTestId('listing-error')).textContent).toMatch(/This bucket doesn’t exist/);
  });

  it('explains a failure to list buckets in the sidebar, with a way to retry', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.listBuckets.mockResolvedValueOnce(fail('network_error'));
    renderApp(fake.api);

    const sidebar = await screen.findByRole('navigation', { name: 'Buckets' });
    await within(sidebar).findByText('Can’t connect to storage');
    fireEvent.click(within(sidebar).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByTestId('bucket-list')).toBeTruthy();
    expect(fake.api.listBuckets).toHaveBeenCalledTimes(2);
  });

  it('stops listening to listings when closed', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.listBuckets.mockResolvedValue(ok([teamData]));
    const { unmount } = renderApp(fake.api);
    await waitFor(() => expect(fake.api.openListing).toHaveBeenCalled());
    unmount();
    expect(fake.listingListenerCount).toBe(0);
    expect(fake.transferListenerCount).toBe(0);
  });
});
