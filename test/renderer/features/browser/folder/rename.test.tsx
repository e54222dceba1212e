// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { browse, grid, key, row, rowNames } from '../../../helpers/browse';
import { copyPlan, fail, file, folder, ok, transferJob, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

const dialog = () => within(screen.getByTestId('rename-dialog'));
const input = () => dialog().getByLabelText('New name') as HTMLInputElement;

async function inFolder(): Promise<FakeApi> {
  const fake = browse({
    'team-data/docs/': { folders: [folder('docs/photos/')], objects: [file('docs/report.final.pdf', 100), file('docs/notes.md', 200)] },
    'team-data/': { folders: [folder('docs/')] },
  });
  await waitFor(() => expect(rowNames()).toEqual(['docs']));
  fireEvent.doubleClick(row('docs'));
  await waitFor(() => expect(rowNames()).toEqual(['photos', 'notes.md', 'report.final.pdf']));
  return fake;
}

function typeName(name: string) {
  fireEvent.change(input(), { target: { value: name } });
  fireEvent.keyDown(input(), { key: 'Enter' });
}

describe('rename', () => {
  it('opens with F2 on the selected file, the name selected without its extension', async () => {
    await inFolder();
    fireEvent.click(row('report.final.pdf'));
    key('F2');

    expect(dialog().getByRole('heading').textContent).toBe('Rename file “report.final.pdf”');
    expect(screen.getByTestId('rename-dialog').getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(input());
    expect(input().value).toBe('report.final.pdf');
    expect([input().selectionStart, input().selectionEnd]).toEqual([0, 'report.final'.length]);
  });

  it('renames with Enter: plans the move, starts it, shows the job, and relists when it finishes', async () => {
    const fake = await inFolder();
    const job = transferJob({ id: 'r1', direction: 'move', label: 'notes.md → ideas.md', bucket: 'team-data', prefix: 'docs/', source: { bucket: 'team-data', prefix: 'docs/' } });
    fake.api.planRename.mockResolvedValue(ok(copyPlan({ planId: 'p1', mode: 'move', sourcePrefix: 'docs/', destinationPrefix: 'docs/' })));
    fake.api.startCopy.mockResolvedValue(ok(job));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('  ideas.md ');

    await waitFor(() => expect(screen.queryByTestId('rename-dialog')).toBeNull());
    expect(fake.api.planRename).toHaveBeenCalledWith({ bucket: 'team-data', from: 'docs/notes.md', newName: 'ideas.md' });
    expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'p1', clashes: 'replace' });
    expect((await screen.findByTestId('transfer-item')).dataset.direction).toBe('move');
    // The dialog gives focus back in its effect's cleanup, which React may run a moment later (outside act()).
    await waitFor(() => expect(document.activeElement).toBe(grid()));

    fake.serve('team-data', 'docs/', { folders: [folder('docs/photos/')], objects: [file('docs/ideas.md', 200), file('docs/report.final.pdf', 100)] });
    act(() => fake.emitTransfers([{ ...job, status: 'done', filesDone: 1, finishedAt: new Date().toISOString() }]));
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'ideas.md', 'report.final.pdf']));
  });

  it('renames a folder from the context menu, its whole name selected', async () => {
    const fake = await inFolder();
    fireEvent.contextMenu(row('photos'));
    fireEvent.click(screen.getByTestId('menu-rename'));

    expect(dialog().getByRole('heading').textContent).toBe('Rename folder “photos”');
    expect([input().selectionStart, input().selectionEnd]).toEqual([0, 'photos'.length]);
    typeName('pictures');
    await waitFor(() => expect(fake.api.planRename).toHaveBeenCalledWith({ bucket: 'team-data', from: 'docs/photos/', newName: 'pictures' }));
  });

  it('offers Rename only for one item', async () => {
    const fake = await inFolder();
    fireEvent.click(row('notes.md'));
    fireEvent.click(row('photos'), { ctrlKey: true });
    fireEvent.contextMenu(row('photos'));
    expect(screen.getByTestId('menu-rename')).toHaveProperty('disabled', true);
    fireEvent.keyDown(screen.getByTestId('context-menu'), { key: 'Escape' });

    key('F2');
    expect(screen.queryByTestId('rename-dialog')).toBeNull();
    expect(screen.getByTestId('action-notice').textContent).toMatch(/Select one file or folder to rename/);
    expect(fake.api.planRename).not.toHaveBeenCalled();
  });

  it.each([
    ['', 'Enter a name.'],
    ['   ', 'Enter a name.'],
    ['a/b.md', 'A name cannot contain "/".'],
    ['.', 'A name cannot be "." or "..".'],
    ['..', 'A name cannot be "." or "..".'],
    ['notes.md', 'That is already its name. Type a different one.'],
  ])('refuses %j before asking main', async (name, message) => {
    const fake = await inFolder();
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName(name);

    expect(dialog().getByTestId('rename-message').textContent).toBe(message);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input());
    expect(fake.api.planRename).not.toHaveBeenCalled();
  });

  it('cancels with Escape, asking nothing of main, and focus returns to the list', async () => {
    const fake = await inFolder();
    fireEvent.click(row('notes.md'));
    key('F2');
    fireEvent.keyDown(input(), { key: 'Escape' });

    expect(screen.queryByTestId('rename-dialog')).toBeNull();
    expect(document.activeElement).toBe(grid());
    expect(fake.api.planRename).not.toHaveBeenCalled();
  });

  it('asks when the name is taken — Replace', async () => {
    const fake = await inFolder();
    fake.api.planRename.mockResolvedValue(ok(copyPlan({ planId: 'p2', mode: 'move', clashes: ['docs/report.final.pdf'], clashCount: 1, destinationPrefix: 'docs/' })));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('report.final.pdf');

    expect((await dialog().findByTestId('rename-clash')).textContent).toMatch(/A file named “report.final.pdf” already exists here/);
    expect(dialog().queryByText('Skip existing')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(dialog().getByTestId('rename-keep-both')));
    fireEvent.click(dialog().getByTestId('rename-replace'));

    await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'p2', clashes: 'replace' }));
    await waitFor(() => expect(screen.queryByTestId('rename-dialog')).toBeNull());
  });

  it('asks when the name is taken — Keep both', async () => {
    const fake = await inFolder();
    fake.api.planRename.mockResolvedValue(ok(copyPlan({ planId: 'p3', mode: 'move', clashes: ['docs/report.final.pdf'], clashCount: 1 })));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('report.final.pdf');
    fireEvent.click(await dialog().findByTestId('rename-keep-both'));
    await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'p3', clashes: 'keep-both' }));
  });

  it('discards the plan when the clash question is cancelled', async () => {
    const fake = await inFolder();
    fake.api.planRename.mockResolvedValue(ok(copyPlan({ planId: 'p4', mode: 'move', clashes: ['docs/x.md'], clashCount: 1 })));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('x.md');
    await dialog().findByTestId('rename-clash');
    fireEvent.keyDown(screen.getByTestId('rename-dialog'), { key: 'Escape' });

    expect(screen.queryByTestId('rename-dialog')).toBeNull();
    expect(fake.api.discardCopy).toHaveBeenCalledWith('p4');
    expect(fake.api.startCopy).not.toHaveBeenCalled();
  });

  it('shows why main refused, keeping the typed name', async () => {
    const fake = await inFolder();
    fake.api.planRename.mockResolvedValue(fail('access_denied', 'Access denied.'));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('ideas.md');

    const error = await dialog().findByTestId('rename-error');
    expect(error.textContent).toMatch(/Couldn’t rename “notes.md”/);
    expect(error.textContent).toMatch(/You don’t have permission/);
    expect(input().value).toBe('ideas.md');
    await waitFor(() => expect(document.activeElement).toBe(input()));
  });

  it('shows why the rename could not start, and plans again on a second try', async () => {
    const fake = await inFolder();
    fake.api.startCopy.mockResolvedValueOnce(fail('no_such_transfer', 'This copy is no longer ready to start. Choose what to copy again.'));
    fireEvent.click(row('notes.md'));
    key('F2');
    typeName('ideas.md');

    expect((await dialog().findByTestId('rename-error')).textContent).toMatch(/no longer ready to start/);
    fireEvent.click(dialog().getByTestId('rename-accept'));
    await waitFor(() => expect(screen.queryByTestId('rename-dialog')).toBeNull());
    expect(fake.api.planRename).toHaveBeenCalledTimes(2);
  });
});
