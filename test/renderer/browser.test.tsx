// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BucketEntry, IpcResult, ListObjectsRequest, ObjectPage } from '../../common/ipc-contract';
import { createFakeApi, deferred, fail, file, folder, ok, page, signedIn } from './fake-api';
import { renderApp } from './render-app';

afterEach(cleanup);

type Listing = Partial<ObjectPage> | IpcResult<ObjectPage>;

/**
 * A signed-in app whose storage answers from `tree`: one entry per
 * "bucket/prefix" (and "bucket/prefix#continuation" for later pages).
 */
function signedInWith(buckets: BucketEntry[], tree: Record<string, Listing>) {
  const fake = createFakeApi(signedIn());
  fake.api.listBuckets.mockResolvedValue(ok(buckets));
  fake.api.listObjects.mockImplementation(async (request: ListObjectsRequest) => {
    const where = `${request.bucket}/${request.prefix}${request.continuationToken ? `#${request.continuationToken}` : ''}`;
    const entry = tree[where] ?? {};
    return 'ok' in entry ? (entry as IpcResult<ObjectPage>) : ok(page(request, entry as Partial<ObjectPage>));
  });
  renderApp(fake.api);
  return fake;
}

const rowNames = () =>
  screen.queryAllByTestId('object-row').map((row) => within(row).getAllByRole('gridcell')[0]?.textContent);

const row = (name: string) => {
  const found = screen.getAllByTestId('object-row').find((r) => within(r).getAllByRole('gridcell')[0]?.textContent === name);
  if (!found) throw new Error(`no row named ${name}`);
  return found;
};

const breadcrumb = () => within(screen.getByTestId('breadcrumb'));
const lastListRequest = (api: ReturnType<typeof createFakeApi>['api']) => api.listObjects.mock.calls.at(-1)?.[0];

const teamData: BucketEntry = { name: 'team-data', prefix: '', source: 'session' };

describe('browser', () => {
  it('lists folders before files with readable sizes and storage classes', async () => {
    signedInWith([teamData], {
      'team-data/': {
        folders: [folder('photos/'), folder('reports/')],
        objects: [{ ...file('big.iso', 3.5 * 1024 ** 3), storageClass: 'STANDARD_IA' }, file('a.txt', 12)],
      },
    });

    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'big.iso', 'a.txt']));
    const cells = within(row('big.iso')).getAllByRole('gridcell').map((cell) => cell.textContent);
    expect(cells[1]).toMatch(/^3[.,]5 GB$/);
    expect(cells[3]).toBe('Standard-IA');
    expect(within(row('a.txt')).getAllByRole('gridcell')[1]?.textContent).toBe('12 bytes');
  });

  it('shows skeleton rows while the folder loads', async () => {
    const fake = createFakeApi(signedIn());
    const listing = deferred<IpcResult<ObjectPage>>();
    fake.api.listObjects.mockReturnValue(listing.promise);
    renderApp(fake.api);

    const table = await screen.findByTestId('object-table');
    await waitFor(() => expect(fake.api.listObjects).toHaveBeenCalled());
    expect(table.getAttribute('aria-busy')).toBe('true');
    expect(rowNames()).toEqual([]);

    await act(async () => listing.resolve(ok(page({ bucket: 'team-data', prefix: '' }, { objects: [file('a.txt')] }))));
    expect(screen.getByTestId('object-table').getAttribute('aria-busy')).toBe('false');
    expect(rowNames()).toEqual(['a.txt']);
  });

  it('says so when a folder is empty', async () => {
    signedInWith([teamData], { 'team-data/': {} });
    expect(await screen.findByText('This folder is empty')).toBeTruthy();
  });

  it('opens a folder on double-click and goes back up through the breadcrumb', async () => {
    const { api } = signedInWith([teamData], {
      'team-data/': { folders: [folder('reports/')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['reports']));

    fireEvent.doubleClick(row('reports'));

    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: 'reports/' });
    expect(breadcrumb().getByText('reports').closest('[aria-current="page"]')).toBeTruthy();

    fireEvent.click(breadcrumb().getByRole('button', { name: 'team-data' }));

    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: '' });
    // The folder just left is selected, as in a file browser.
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
  });

  it('moves with the arrow keys, opens with Enter and goes up with Backspace', async () => {
    const { api } = signedInWith([teamData], {
      'team-data/': { folders: [folder('photos/'), folder('reports/')], objects: [file('a.txt')] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt']));
    const table = screen.getByTestId('object-table');

    fireEvent.keyDown(table, { key: 'ArrowDown' });
    expect(row('photos').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(table, { key: 'ArrowDown' });
    expect(row('reports').getAttribute('aria-selected')).toBe('true');
    expect(table.getAttribute('aria-activedescendant')).toBe(row('reports').id);

    fireEvent.keyDown(table, { key: 'Enter' });
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: 'reports/' });

    fireEvent.keyDown(screen.getByTestId('object-table'), { key: 'Backspace' });
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: '' });
  });

  it('starts at the bucket’s start prefix and never goes above it', async () => {
    const { api } = signedInWith([{ name: 'team-data', prefix: 'users/ann/', source: 'session' }], {
      'team-data/users/ann/': { folders: [folder('users/ann/reports/')] },
      'team-data/users/ann/reports/': { objects: [file('users/ann/reports/q1.pdf')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: 'users/ann/' });

    fireEvent.keyDown(screen.getByTestId('object-table'), { key: 'Backspace' });
    expect(screen.getByTestId('go-up')).toHaveProperty('disabled', true);
    expect(api.listObjects).toHaveBeenCalledTimes(1);

    fireEvent.doubleClick(row('reports'));
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));

    // Above the start prefix, the path is shown but cannot be followed.
    expect(breadcrumb().queryByRole('button', { name: 'team-data' })).toBeNull();
    expect(breadcrumb().queryByRole('button', { name: 'users' })).toBeNull();
    expect(breadcrumb().getByText('users')).toBeTruthy();

    fireEvent.click(breadcrumb().getByRole('button', { name: 'ann' }));
    await waitFor(() => expect(rowNames()).toEqual(['reports']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: 'users/ann/' });
  });

  it('switches bucket from the sidebar, opening it at its start prefix', async () => {
    const { api } = signedInWith(
      [teamData, { name: 'archive', prefix: '2024/', source: 'account' }],
      { 'team-data/': { objects: [file('a.txt')] }, 'archive/2024/': { objects: [file('2024/old.zip')] } },
    );
    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));

    fireEvent.click(within(screen.getByTestId('bucket-list')).getByText('archive'));

    await waitFor(() => expect(rowNames()).toEqual(['old.zip']));
    expect(lastListRequest(api)).toEqual({ bucket: 'archive', prefix: '2024/' });
    expect(within(screen.getByTestId('bucket-list')).getByText('archive').closest('button')?.getAttribute('aria-current')).toBe('true');
  });

  it('loads more entries when there are more, appending them', async () => {
    const { api } = signedInWith([teamData], {
      'team-data/': { objects: [file('001.csv'), file('002.csv')], nextContinuationToken: 'page-2' },
      'team-data/#page-2': { objects: [file('003.csv')], nextContinuationToken: 'page-3' },
      'team-data/#page-3': { objects: [file('004.csv')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['001.csv', '002.csv']));

    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(rowNames()).toEqual(['001.csv', '002.csv', '003.csv']));
    expect(lastListRequest(api)).toEqual({ bucket: 'team-data', prefix: '', continuationToken: 'page-2' });

    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(rowNames()).toEqual(['001.csv', '002.csv', '003.csv', '004.csv']));
    expect(screen.queryByTestId('load-more')).toBeNull();
  });

  it('keeps what was loaded when loading more fails, and lets the user try again', async () => {
    const { api } = signedInWith([teamData], {
      'team-data/': { objects: [file('001.csv')], nextContinuationToken: 'page-2' },
      'team-data/#page-2': fail('network_error'),
    });
    await waitFor(() => expect(rowNames()).toEqual(['001.csv']));

    fireEvent.click(screen.getByTestId('load-more'));

    expect(await screen.findByText('Can’t connect to storage')).toBeTruthy();
    expect(rowNames()).toEqual(['001.csv']);
    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(api.listObjects).toHaveBeenCalledTimes(3));
  });

  it('shows access_denied in place, and Retry lists the folder again', async () => {
    const { api } = signedInWith([teamData], { 'team-data/': fail('access_denied', 'Access Denied') });

    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toMatch(/You don’t have access to this folder/);
    expect(notice.textContent).toMatch(/team-data/);
    expect(screen.getByTestId('bucket-list')).toBeTruthy();

    api.listObjects.mockResolvedValueOnce(ok(page({ bucket: 'team-data', prefix: '' }, { objects: [file('a.txt')] })));
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));
    expect(screen.queryByTestId('listing-error')).toBeNull();
  });

  it.each([
    ['no_such_bucket', /This bucket doesn’t exist/],
    ['network_error', /Can’t connect to storage/],
    ['session_expired', /Your session has expired/],
  ] as const)('explains %s in place with a Retry button', async (code, message) => {
    signedInWith([teamData], { 'team-data/': fail(code) });

    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toMatch(message);
    expect(within(notice).getByRole('button', { name: 'Retry' })).toBeTruthy();
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

  it('drops a reply for a folder the user has already left', async () => {
    const fake = createFakeApi(signedIn());
    const slow = deferred<IpcResult<ObjectPage>>();
    fake.api.listObjects.mockImplementation(async (request) =>
      request.prefix === 'slow/' ? slow.promise : ok(page(request, { folders: [folder('slow/')], objects: [file('a.txt')] })),
    );
    renderApp(fake.api);
    await waitFor(() => expect(rowNames()).toEqual(['slow', 'a.txt']));

    fireEvent.doubleClick(row('slow'));
    await waitFor(() => expect(fake.api.listObjects).toHaveBeenCalledTimes(2));
    fireEvent.click(breadcrumb().getByRole('button', { name: 'team-data' }));
    await waitFor(() => expect(rowNames()).toEqual(['slow', 'a.txt']));

    await act(async () => slow.resolve(ok(page({ bucket: 'team-data', prefix: 'slow/' }, { objects: [file('slow/late.txt')] }))));
    expect(rowNames()).toEqual(['slow', 'a.txt']);
  });
});
