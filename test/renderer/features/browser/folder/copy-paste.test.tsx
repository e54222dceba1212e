// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { browse, grid, key, row, rowNames, teamData } from '../../../helpers/browse';
import { copyPlan, deferred, fail, file, folder, ok, transferJob, type FakeApi } from '../../../helpers/fake-api';
import type { CopyPlan, IpcResult } from '../../../../../common/ipc';
import { clickWhenEnabled } from '../../../helpers/click';

afterEach(cleanup);

const MB = 1024 * 1024;
const dialog = () => within(screen.getByTestId('paste-dialog'));
const archive = { name: 'archive', prefix: '', label: 'My files', source: 'account' as const };

async function inFolder(): Promise<FakeApi> {
  const fake = browse(
    {
      'team-data/': { folders: [folder('photos/'), folder('reports/')], objects: [file('a.txt', 100), file('b.txt', 200)] },
      'team-data/reports/': { objects: [file('reports/q1.pdf')] },
      'team-data/photos/': {},
      'archive/': { folders: [folder('old/')] },
    },
    [teamData, archive],
  );
  await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt', 'b.txt']));
  return fake;
}

async function open(name: string, rows: string[]) {
  fireEvent.doubleClick(row(name));
  await waitFor(() => expect(rowNames()).toEqual(rows));
}

describe('copy and paste', () => {
  it('copies with Ctrl+C, pastes with Ctrl+V in another folder, confirming count and size, then starts the copy', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'c1', mode: 'copy', destinationPrefix: 'reports/', objectCount: 12, totalBytes: 3.4 * MB })));
    fake.api.startCopy.mockResolvedValue(ok(transferJob({ direction: 'copy', label: '2 files', bucket: 'team-data', prefix: 'reports/' })));
    fireEvent.click(row('a.txt'));
    fireEvent.click(row('b.txt'), { ctrlKey: true });
    key('c', { ctrlKey: true });
    expect(screen.getByTestId('action-notice').textContent).toMatch(/Copied 2 files/);

    await open('reports', ['q1.pdf']);
    key('v', { metaKey: true });

    expect(dialog().getByRole('heading').textContent).toBe('Copy 2 files to team-data › reports?');
    await waitFor(() => expect(dialog().getByTestId('paste-summary').textContent).toBe('Copy 12 objects (3.4 MB) to team-data › reports.'));
    expect(fake.api.planCopy).toHaveBeenCalledWith({
      mode: 'copy',
      bucket: 'team-data',
      keys: ['a.txt', 'b.txt'],
      prefixes: [],
      destinationBucket: 'team-data',
      destinationPrefix: 'reports/',
    });
    await waitFor(() => expect(document.activeElement).toBe(dialog().getByTestId('paste-replace')));
    expect(dialog().getByTestId('paste-replace').textContent).toBe('Copy');

    fireEvent.click(dialog().getByTestId('paste-replace'));

    await waitFor(() => expect(screen.queryByTestId('paste-dialog')).toBeNull());
    expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'c1', clashes: 'replace' });
    expect((await screen.findByTestId('transfer-item')).dataset.direction).toBe('copy');
  });

  it('asks about names already there, listing them — Skip existing, Keep both, Replace', async () => {
    for (const choice of ['skip', 'keep-both', 'replace'] as const) {
      const fake = await inFolder();
      fake.api.planCopy.mockResolvedValue(
        ok(copyPlan({ planId: `c-${choice}`, destinationPrefix: 'reports/', clashes: ['reports/a.txt', 'reports/b.txt'], clashCount: 25, archivedCount: 3 })),
      );
      fireEvent.click(row('a.txt'));
      key('c', { ctrlKey: true });
      await open('reports', ['q1.pdf']);
      key('v', { ctrlKey: true });

      expect((await dialog().findByTestId('paste-clash-count')).textContent).toMatch(/25 items with the same names are already there/);
      expect(within(dialog().getByTestId('copy-clashes')).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a.txt', 'b.txt']);
      expect(screen.getByTestId('paste-dialog').textContent).toMatch(/and 23 more/);
      expect(dialog().getByTestId('paste-archived').textContent).toMatch(/3 objects are in archive storage/);
      await waitFor(() => expect(document.activeElement).toBe(dialog().getByTestId('paste-keep-both')));

      fireEvent.click(dialog().getByTestId(`paste-${choice}`));
      await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: `c-${choice}`, clashes: choice }));
      cleanup();
    }
  });

  it('pastes into a folder of another bucket the session lists, with Paste in the folder’s own menu', async () => {
    const fake = await inFolder();
    fireEvent.contextMenu(row('reports'));
    fireEvent.click(screen.getByTestId('menu-copy'));

    fireEvent.click(within(screen.getByTestId('bucket-list')).getByText('My files'));
    await waitFor(() => expect(rowNames()).toEqual(['old']));
    fireEvent.contextMenu(screen.getByTestId('drop-zone'), { clientX: 50, clientY: 400 });
    const menu = within(screen.getByTestId('context-menu'));
    expect(menu.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Paste', 'New folder']);
    fireEvent.click(menu.getByTestId('menu-paste'));

    expect(dialog().getByRole('heading').textContent).toBe('Copy “reports” to My files?');
    await waitFor(() =>
      expect(fake.api.planCopy).toHaveBeenCalledWith({ mode: 'copy', bucket: 'team-data', keys: [], prefixes: ['reports/'], destinationBucket: 'archive', destinationPrefix: '' }),
    );
  });

  it('offers Paste in the folder’s menu only once something was copied', async () => {
    await inFolder();
    grid().focus();
    key('F10', { shiftKey: true });
    expect(screen.getByTestId('menu-paste')).toHaveProperty('disabled', true);
  });

  it('pastes into an empty folder from the keyboard', async () => {
    const fake = await inFolder();
    fireEvent.click(row('a.txt'));
    key('c', { ctrlKey: true });
    fireEvent.doubleClick(row('photos'));
    await screen.findByText(/empty/i);
    const folderView = screen.getByRole('region', { name: 'Contents of photos' });
    folderView.focus();
    fireEvent.keyDown(folderView, { key: 'v', ctrlKey: true });
    await waitFor(() => expect(fake.api.planCopy).toHaveBeenCalledWith(expect.objectContaining({ keys: ['a.txt'], destinationPrefix: 'photos/' })));
  });

  it('cancelling discards the plan; closing while planning discards it once it arrives', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValueOnce(ok(copyPlan({ planId: 'c7', destinationPrefix: 'reports/' })));
    fireEvent.click(row('a.txt'));
    key('c', { ctrlKey: true });
    await open('reports', ['q1.pdf']);
    key('v', { ctrlKey: true });
    await dialog().findByTestId('paste-summary');
    fireEvent.click(dialog().getByTestId('paste-cancel'));
    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    expect(fake.api.discardCopy).toHaveBeenCalledWith('c7');
    expect(document.activeElement).toBe(grid());

    const planned = deferred<IpcResult<CopyPlan>>();
    fake.api.planCopy.mockReturnValueOnce(planned.promise);
    key('v', { ctrlKey: true });
    expect(dialog().getByTestId('paste-planning')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('paste-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    await act(async () => planned.resolve(ok(copyPlan({ planId: 'c8' }))));
    expect(fake.api.discardCopy).toHaveBeenCalledWith('c8');
    expect(fake.api.startCopy).not.toHaveBeenCalled();
  });

  it('shows why planning failed, with Try again', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValueOnce(fail('access_denied', 'Access denied.'));
    fireEvent.click(row('a.txt'));
    key('c', { ctrlKey: true });
    await open('reports', ['q1.pdf']);
    key('v', { ctrlKey: true });

    const error = await dialog().findByTestId('paste-error');
    expect(error.textContent).toMatch(/Couldn’t copy “a.txt” to team-data › reports/);
    expect(error.textContent).toMatch(/You don’t have permission/);
    fireEvent.click(dialog().getByTestId('paste-retry'));
    await dialog().findByTestId('paste-summary');
    expect(fake.api.planCopy).toHaveBeenCalledTimes(2);
  });

  it('shows why the copy could not start', async () => {
    const fake = await inFolder();
    fake.api.startCopy.mockResolvedValue(fail('no_such_transfer', 'This copy is no longer ready to start. Choose what to copy again.'));
    fireEvent.click(row('a.txt'));
    key('c', { ctrlKey: true });
    await open('reports', ['q1.pdf']);
    key('v', { ctrlKey: true });
    await clickWhenEnabled(() => dialog().getByTestId('paste-replace'));

    expect((await dialog().findByTestId('paste-error')).textContent).toMatch(/no longer ready to start/);
  });
});

describe('cut and paste', () => {
  it('moves with Ctrl+X then Ctrl+V, empties the clipboard, and relists both folders when the move finishes', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'm1', mode: 'move', destinationPrefix: 'reports/', objectCount: 1, totalBytes: 100 })));
    const job = transferJob({ id: 'm1', direction: 'move', label: 'a.txt', bucket: 'team-data', prefix: 'reports/', source: { bucket: 'team-data', prefix: '' } });
    fake.api.startCopy.mockResolvedValue(ok(job));
    fireEvent.click(row('a.txt'));
    key('x', { ctrlKey: true });
    expect(screen.getByTestId('action-notice').textContent).toMatch(/Cut “a.txt”/);
    await open('reports', ['q1.pdf']);
    key('v', { ctrlKey: true });

    expect(dialog().getByRole('heading').textContent).toBe('Move “a.txt” to team-data › reports?');
    await clickWhenEnabled(() => dialog().getByTestId('paste-replace'));
    await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'm1', clashes: 'replace' }));
    expect(fake.api.planCopy).toHaveBeenCalledWith(expect.objectContaining({ mode: 'move', keys: ['a.txt'] }));

    fake.serve('team-data', 'reports/', { objects: [file('reports/a.txt', 100), file('reports/q1.pdf')] });
    fake.serve('team-data', '', { folders: [folder('photos/'), folder('reports/')], objects: [file('b.txt', 200)] });
    act(() => fake.emitTransfers([{ ...job, status: 'done', filesDone: 1, finishedAt: new Date().toISOString() }]));
    await waitFor(() => expect(rowNames()).toEqual(['a.txt', 'q1.pdf']));

    // The source folder's listing was forgotten: going back lists it again.
    fireEvent.click(screen.getByTestId('go-up'));
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'b.txt']));

    // A moved selection can't be pasted again.
    key('v', { ctrlKey: true });
    expect(screen.getByTestId('action-notice').textContent).toMatch(/Nothing to paste/);
  });

  it('refuses to paste a cut into the folder it came from', async () => {
    const fake = await inFolder();
    fireEvent.click(row('a.txt'));
    fireEvent.contextMenu(row('a.txt'));
    fireEvent.click(screen.getByTestId('menu-cut'));
    key('v', { ctrlKey: true });

    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    expect(screen.getByTestId('action-notice').textContent).toMatch(/“a.txt” is already in this folder/);
    expect(fake.api.planCopy).not.toHaveBeenCalled();
  });

  it('refuses to paste a folder into itself', async () => {
    const fake = await inFolder();
    fireEvent.click(row('reports'));
    key('x', { ctrlKey: true });
    await open('reports', ['q1.pdf']);
    key('v', { ctrlKey: true });

    expect(screen.getByTestId('action-notice').textContent).toMatch(/A folder can’t be moved into itself/);
    expect(fake.api.planCopy).not.toHaveBeenCalled();
  });
});
