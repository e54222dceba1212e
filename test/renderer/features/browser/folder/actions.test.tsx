// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DownloadStart, IpcResult } from '../../../../../common/ipc';
import { browse, grid, key, row, rowNames, selectedNames } from '../../../helpers/browse';
import { deferred, fail, file, folder, ok, summary, transferJob, uploadPlan, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

const MB = 1024 * 1024;
const dialog = () => within(screen.getByTestId('confirm-dialog'));

async function inFolder(): Promise<FakeApi> {
  const fake = browse({
    'team-data/': {
      folders: [folder('photos/'), folder('reports/')],
      objects: [file('a.txt', 100), file('b.txt', 200), file('cold.tar', 300, undefined, 'GLACIER')],
    },
  });
  await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt', 'b.txt', 'cold.tar']));
  return fake;
}

describe('download', () => {
  it('is offered only when something is selected', async () => {
    await inFolder();
    expect(screen.getByTestId('action-download')).toHaveProperty('disabled', true);
    fireEvent.click(row('a.txt'));
    expect(screen.getByTestId('action-download')).toHaveProperty('disabled', false);
  });

  it('downloads selected files straight away (main asks where) and shows the transfer', async () => {
    const fake = await inFolder();
    fake.api.download.mockResolvedValue(ok({ status: 'started', job: transferJob({ label: '2 files', direction: 'download' }) }));
    fireEvent.click(row('a.txt'));
    fireEvent.click(row('b.txt'), { ctrlKey: true });

    fireEvent.click(screen.getByTestId('action-download'));

    await waitFor(() => expect(fake.api.download).toHaveBeenCalledWith({ bucket: 'team-data', keys: ['a.txt', 'b.txt'], prefixes: [], basePrefix: '' }));
    expect(fake.api.summarize).not.toHaveBeenCalled();
    const item = await screen.findByTestId('transfer-item');
    expect(item.textContent).toMatch(/2 files/);
    expect(item.dataset.direction).toBe('download');
  });

  it('does nothing more when the user closes the folder picker', async () => {
    const fake = await inFolder();
    fake.api.download.mockResolvedValue(ok({ status: 'cancelled' }));
    fireEvent.click(row('a.txt'));
    fireEvent.click(screen.getByTestId('action-download'));
    await waitFor(() => expect(fake.api.download).toHaveBeenCalled());
    expect(screen.queryByTestId('transfers-panel')).toBeNull();
    expect(screen.queryByTestId('action-error')).toBeNull();
  });

  it('counts a folder first and confirms how many objects and bytes, then downloads', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValue(ok(summary({ objectCount: 1204, totalBytes: 3.5 * 1024 * MB })));
    fireEvent.click(row('photos'));

    fireEvent.click(screen.getByTestId('action-download'));

    expect(dialog().getByRole('heading').textContent).toBe('Download “photos”?');
    await waitFor(() => expect(dialog().getByTestId('confirm-summary').textContent).toMatch(/1,204 objects, 3[.,]5 GB in total/));
    expect(fake.api.summarize).toHaveBeenCalledWith({ bucket: 'team-data', keys: [], prefixes: ['photos/'] });
    expect(dialog().queryByTestId('confirm-archived')).toBeNull();
    // Once counted, Download has the focus (moved by an effect after the count renders): Enter starts it.
    await waitFor(() => expect(document.activeElement).toBe(dialog().getByTestId('confirm-accept')));

    fireEvent.click(dialog().getByTestId('confirm-accept'));

    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(fake.api.download).toHaveBeenCalledWith({ bucket: 'team-data', keys: [], prefixes: ['photos/'], basePrefix: '' });
    expect(await screen.findByTestId('transfer-item')).toBeTruthy();
  });

  it('warns that objects in archive storage will be skipped', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValue(
      ok(summary({ objectCount: 10, totalBytes: 10 * MB, archived: { count: 3, bytes: 2 * MB, storageClasses: ['GLACIER', 'DEEP_ARCHIVE'] } })),
    );
    fireEvent.click(row('reports'));
    fireEvent.click(row('cold.tar'), { ctrlKey: true });

    fireEvent.click(screen.getByTestId('action-download'));

    const warning = await screen.findByTestId('confirm-archived');
    expect(warning.textContent).toMatch(/3 objects \(2 MB\) will be skipped/);
    expect(warning.textContent).toMatch(/Glacier Flexible Retrieval, Glacier Deep Archive/);
    expect(warning.textContent).toMatch(/must be restored/);
    expect(dialog().getByTestId('confirm-accept')).toHaveProperty('disabled', false);
  });

  it('confirms an archived file alone, with nothing left to download', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValue(ok(summary({ objectCount: 1, totalBytes: 300, archived: { count: 1, bytes: 300, storageClasses: ['GLACIER'] } })));
    fireEvent.click(row('cold.tar'));
    fireEvent.click(screen.getByTestId('action-download'));

    expect((await screen.findByTestId('confirm-archived')).textContent).toMatch(/Nothing else is left to download/);
    expect(dialog().getByTestId('confirm-accept')).toHaveProperty('disabled', true);
  });

  it('closes with Cancel or Escape without downloading, and focus returns', async () => {
    const fake = await inFolder();
    fireEvent.click(row('photos'));
    const button = screen.getByTestId('action-download');
    button.focus();
    fireEvent.click(button);
    await screen.findByTestId('confirm-summary');
    fireEvent.click(dialog().getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(document.activeElement).toBe(button);

    fireEvent.click(button);
    await screen.findByTestId('confirm-summary');
    fireEvent.keyDown(screen.getByTestId('confirm-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(fake.api.download).not.toHaveBeenCalled();
  });

  it('keeps Tab inside the dialog', async () => {
    await inFolder();
    fireEvent.click(row('photos'));
    fireEvent.click(screen.getByTestId('action-download'));
    await screen.findByTestId('confirm-summary');
    const accept = dialog().getByTestId('confirm-accept');
    const cancel = dialog().getByTestId('confirm-cancel');

    accept.focus();
    fireEvent.keyDown(accept, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(accept);
  });

  it('explains a failure to count in the dialog, with Retry', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValueOnce(fail('access_denied', 'AccessDenied'));
    fireEvent.click(row('photos'));
    fireEvent.click(screen.getByTestId('action-download'));

    const notice = await screen.findByTestId('confirm-error');
    expect(notice.textContent).toMatch(/Couldn’t count what’s in “photos”/);
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('confirm-summary')).toBeTruthy();
  });

  it('explains a download that could not start, where it was asked for', async () => {
    const fake = await inFolder();
    fake.api.download.mockResolvedValue(fail('local_file_error', 'The folder “Downloads” is read-only.'));
    fireEvent.click(row('a.txt'));
    fireEvent.click(screen.getByTestId('action-download'));

    const notice = await screen.findByTestId('action-error');
    expect(notice.textContent).toMatch(/Couldn’t download “a\.txt”/);
    expect(notice.textContent).toMatch(/read-only/);
    expect(selectedNames()).toEqual(['a.txt']);
  });

  it('shows that it is waiting while main asks where to save', async () => {
    const fake = await inFolder();
    const answer = deferred<IpcResult<DownloadStart>>();
    fake.api.download.mockReturnValue(answer.promise);
    fireEvent.click(row('photos'));
    fireEvent.click(screen.getByTestId('action-download'));
    await screen.findByTestId('confirm-summary');

    fireEvent.click(dialog().getByTestId('confirm-accept'));

    expect(dialog().getByTestId('confirm-accept').textContent).toBe('Choosing a folder…');
    fireEvent.keyDown(screen.getByTestId('confirm-dialog'), { key: 'Escape' });
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    await act(async () => answer.resolve(ok({ status: 'cancelled' })));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });
});

describe('delete', () => {
  it('confirms what will go (count, size, sample of names), then starts a delete job the transfers panel shows', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValue(
      ok(summary({ objectCount: 1204, totalBytes: 12 * MB, sample: ['reports/q1.pdf', 'reports/q2.pdf', 'a.txt'] })),
    );
    fake.api.startDelete.mockResolvedValue(
      ok(transferJob({ id: 'd1', direction: 'delete', label: '2 items (1,204 objects)', filesTotal: 1204, counting: true, bytesTotal: 0 })),
    );
    fireEvent.click(row('reports'));
    fireEvent.click(row('a.txt'), { ctrlKey: true });

    fireEvent.click(screen.getByTestId('action-delete'));

    expect(dialog().getByRole('heading').textContent).toBe('Delete 2 items?');
    await waitFor(() => expect(dialog().getByTestId('confirm-summary').textContent).toBe('1,204 objects, 12 MB in total.'));
    expect(within(dialog().getByTestId('confirm-sample')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'reports/q1.pdf',
      'reports/q2.pdf',
      'a.txt',
    ]);
    expect(screen.getByTestId('confirm-dialog').textContent).toMatch(/and 1,201 more objects/);
    // The safe choice has the focus.
    await waitFor(() => expect(document.activeElement).toBe(dialog().getByTestId('confirm-cancel')));

    fireEvent.click(dialog().getByTestId('confirm-accept'));

    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    // What the confirmation counted is the job's total until its own listing counts further.
    expect(fake.api.startDelete).toHaveBeenCalledWith({ bucket: 'team-data', keys: ['a.txt'], prefixes: ['reports/'], basePrefix: '', expectedCount: 1204 });
    const item = screen.getByTestId('transfer-item');
    expect(item.dataset.direction).toBe('delete');
    expect(item.getAttribute('aria-label')).toBe('Delete 2 items (1,204 objects)');
    expect(within(item).getByTestId('transfer-status').textContent).toBe('Deleting');
    expect(within(item).getByTestId('transfer-detail').textContent).toBe('0 of 1,204 objects deleted · still counting');
    expect(within(item).getByTestId('transfer-cancel')).toBeTruthy();
    expect(selectedNames()).toEqual([]);
  });

  it('lists the folder again once the delete job finishes, so the deleted rows disappear', async () => {
    const fake = await inFolder();
    const running = transferJob({ id: 'd1', direction: 'delete', label: '“a.txt”', filesTotal: 1, bytesTotal: 0 });
    fake.api.startDelete.mockResolvedValue(ok(running));
    fireEvent.click(row('a.txt'));
    fireEvent.keyDown(grid(), { key: 'Delete' });
    await screen.findByTestId('confirm-summary');
    fireEvent.click(dialog().getByTestId('confirm-accept'));
    await screen.findByTestId('transfer-item');
    const opened = fake.api.openListing.mock.calls.length;

    fake.serve('team-data', '', { folders: [folder('photos/'), folder('reports/')], objects: [file('b.txt', 200), file('cold.tar', 300, undefined, 'GLACIER')] });
    act(() => fake.emitTransfers([{ ...running, status: 'done', filesDone: 1, finishedAt: new Date().toISOString() }]));

    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'b.txt', 'cold.tar']));
    expect(fake.api.openListing.mock.calls.length).toBe(opened + 1);
    expect(within(screen.getByTestId('transfer-item')).getByTestId('transfer-detail').textContent).toBe('1 object deleted');
  });

  it('shows what could not be deleted in the panel, with Retry', async () => {
    const fake = await inFolder();
    act(() =>
      fake.emitTransfers([
        transferJob({
          id: 'd1',
          direction: 'delete',
          label: '2 files (2 objects)',
          status: 'failed',
          filesTotal: 2,
          filesDone: 1,
          filesFailed: 1,
          bytesTotal: 0,
          retryable: true,
          error: { code: 'access_denied', message: "You don't have permission to delete s3://team-data/b.txt." },
        }),
      ]),
    );
    const item = await screen.findByTestId('transfer-item');
    expect(within(item).getByTestId('transfer-status').textContent).toBe('Failed');
    expect(within(item).getByTestId('transfer-detail').textContent).toBe('1 of 2 objects deleted · 1 couldn’t be deleted');
    expect(within(item).getByTestId('transfer-error').textContent).toMatch(/You don’t have permission to do this here/);
    expect(within(item).getByTestId('transfer-retry')).toBeTruthy();
  });

  it('keeps the dialog, and says why, when the delete cannot start', async () => {
    const fake = await inFolder();
    fake.api.startDelete.mockResolvedValueOnce(fail('network_error', 'socket hang up'));
    fireEvent.click(row('a.txt'));
    fireEvent.click(screen.getByTestId('action-delete'));
    await screen.findByTestId('confirm-summary');

    fireEvent.click(dialog().getByTestId('confirm-accept'));

    expect((await screen.findByTestId('confirm-error')).textContent).toMatch(/Can’t connect to storage/);
    expect(dialog().getByTestId('confirm-accept').textContent).toBe('Try again');
    fireEvent.click(dialog().getByTestId('confirm-accept'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(fake.api.startDelete).toHaveBeenCalledTimes(2);
  });
});

describe('new folder', () => {
  async function prompt() {
    const fake = await inFolder();
    fireEvent.click(screen.getByTestId('action-new-folder'));
    const input = screen.getByTestId('new-folder-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    const submitName = (name: string) => {
      fireEvent.change(input, { target: { value: name } });
      fireEvent.click(screen.getByTestId('new-folder-submit'));
    };
    return { fake, input, submitName };
  }

  it.each([
    ['   ', 'Enter a folder name.'],
    ['a/b', 'A folder name cannot contain "/".'],
    ['..', 'A folder cannot be called "." or "..".'],
    ['x'.repeat(256), 'A folder name can be at most 255 characters.'],
    ['photos', 'A folder named “photos” already exists here.'],
  ])('refuses %j before asking main: %s', async (name, message) => {
    const { fake, submitName } = await prompt();
    submitName(name);
    expect(screen.getByTestId('new-folder-error').textContent).toBe(message);
    expect(fake.api.createFolder).not.toHaveBeenCalled();
  });

  it('creates the folder, lists the folder again and selects the new one', async () => {
    const { fake, submitName } = await prompt();
    fake.serve('team-data', '', { folders: [folder('photos/'), folder('q3 plans/'), folder('reports/')], objects: [file('a.txt')] });

    submitName('  q3 plans ');

    await waitFor(() => expect(rowNames()).toEqual(['photos', 'q3 plans', 'reports', 'a.txt']));
    expect(fake.api.createFolder).toHaveBeenCalledWith({ bucket: 'team-data', prefix: '', name: 'q3 plans' });
    expect(selectedNames()).toEqual(['q3 plans']);
    expect(screen.queryByTestId('new-folder-form')).toBeNull();
  });

  it('keeps the typed name when main refuses, and says why', async () => {
    const { fake, input, submitName } = await prompt();
    fake.api.createFolder.mockResolvedValueOnce(fail('access_denied', 'AccessDenied'));

    submitName('drafts');

    expect((await screen.findByTestId('new-folder-error')).textContent).toMatch(/don’t have permission/);
    expect(input.value).toBe('drafts');
  });

  it('updates the message while typing after a first attempt, and Escape cancels', async () => {
    const { input, submitName } = await prompt();
    submitName('');
    fireEvent.change(input, { target: { value: 'ok name' } });
    expect(screen.queryByTestId('new-folder-error')).toBeNull();

    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByTestId('new-folder-form')).toBeNull();
  });
});

describe('upload', () => {
  it('uploads picked files at once when nothing would be replaced', async () => {
    const fake = await inFolder();
    fake.api.pickUpload.mockResolvedValue(ok(uploadPlan({ planId: 'plan-a', fileCount: 2 })));
    fake.api.startUpload.mockResolvedValue(ok(transferJob({ direction: 'upload', label: '2 files', status: 'queued' })));

    fireEvent.click(screen.getByTestId('action-upload-files'));

    await waitFor(() => expect(fake.api.startUpload).toHaveBeenCalledWith({ planId: 'plan-a', existing: 'replace' }));
    expect(fake.api.pickUpload).toHaveBeenCalledWith({ bucket: 'team-data', prefix: '', kind: 'files' });
    expect((await screen.findByTestId('transfer-item')).dataset.direction).toBe('upload');
  });

  it('picks a folder with Upload folder; a closed picker does nothing', async () => {
    const fake = await inFolder();
    fireEvent.click(screen.getByTestId('action-upload-folder'));
    await waitFor(() => expect(fake.api.pickUpload).toHaveBeenCalledWith({ bucket: 'team-data', prefix: '', kind: 'folder' }));
    expect(fake.api.startUpload).not.toHaveBeenCalled();
    expect(screen.queryByTestId('overwrite-dialog')).toBeNull();
  });

  async function planWithExisting(fake: FakeApi) {
    fake.api.pickUpload.mockResolvedValue(
      ok(uploadPlan({ planId: 'plan-x', fileCount: 3, existing: ['a.txt', 'b.txt'], existingCount: 2, totalBytes: 5 * MB })),
    );
    fireEvent.click(screen.getByTestId('action-upload-files'));
    return within(await screen.findByTestId('overwrite-dialog'));
  }

  it('asks before replacing, listing what exists — Replace', async () => {
    const fake = await inFolder();
    const prompt = await planWithExisting(fake);
    expect(prompt.getByRole('heading').textContent).toBe('2 items already exist in team-data');
    expect(within(prompt.getByTestId('overwrite-existing')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'a.txt',
      'b.txt',
    ]);

    fireEvent.click(prompt.getByTestId('overwrite-replace'));

    await waitFor(() => expect(screen.queryByTestId('overwrite-dialog')).toBeNull());
    expect(fake.api.startUpload).toHaveBeenCalledWith({ planId: 'plan-x', existing: 'replace' });
  });

  it('asks before replacing — Skip existing', async () => {
    const fake = await inFolder();
    const prompt = await planWithExisting(fake);
    fireEvent.click(prompt.getByTestId('overwrite-skip'));
    await waitFor(() => expect(fake.api.startUpload).toHaveBeenCalledWith({ planId: 'plan-x', existing: 'skip' }));
  });

  it('asks before replacing — Cancel discards the plan', async () => {
    const fake = await inFolder();
    const prompt = await planWithExisting(fake);
    fireEvent.click(prompt.getByTestId('overwrite-cancel'));
    expect(screen.queryByTestId('overwrite-dialog')).toBeNull();
    expect(fake.api.discardUpload).toHaveBeenCalledWith('plan-x');
    expect(fake.api.startUpload).not.toHaveBeenCalled();
  });

  it('says which files cannot be uploaded', async () => {
    const fake = await inFolder();
    fake.api.pickUpload.mockResolvedValue(
      ok(uploadPlan({ fileCount: 1, problems: [{ name: 'secret.key', message: 'Permission denied.' }] })),
    );
    fireEvent.click(screen.getByTestId('action-upload-files'));

    const prompt = within(await screen.findByTestId('overwrite-dialog'));
    expect(prompt.getByTestId('upload-problems').textContent).toBe('secret.key — Permission denied.');
    fireEvent.click(prompt.getByTestId('upload-start'));
    await waitFor(() => expect(fake.api.startUpload).toHaveBeenCalled());
  });

  it('keeps the prompt and says why when the upload cannot start', async () => {
    const fake = await inFolder();
    fake.api.startUpload.mockResolvedValueOnce(fail('access_denied', 'AccessDenied'));
    const prompt = await planWithExisting(fake);
    fireEvent.click(prompt.getByTestId('overwrite-replace'));
    expect((await screen.findByTestId('upload-error')).textContent).toMatch(/Couldn’t upload to team-data/);
    expect(screen.getByTestId('overwrite-dialog')).toBeTruthy();
  });
});

describe('drag and drop', () => {
  const dropped = (...names: string[]) => names.map((name) => new File(['x'], name));
  const dataTransfer = (files: File[]) => ({ files, types: ['Files'], dropEffect: 'none' });

  it('highlights the list while files are dragged over it', async () => {
    await inFolder();
    const zone = screen.getByTestId('drop-zone');
    fireEvent.dragEnter(zone, { dataTransfer: dataTransfer(dropped('a.png')) });
    expect(zone.dataset.dragOver).toBe('true');
    expect(screen.getByTestId('drop-hint').textContent).toMatch(/Drop to upload to team-data/);
    fireEvent.dragLeave(zone, { relatedTarget: document.body });
    expect(zone.dataset.dragOver).toBeUndefined();
  });

  it('hands the dropped File objects to preload to plan (never a path), and asks about existing objects', async () => {
    const fake = await inFolder();
    fake.api.planDroppedUpload.mockImplementation(async (request) =>
      ok({
        plan: uploadPlan({ planId: 'drop-1', bucket: request.bucket, prefix: request.prefix, fileCount: 2, existing: ['a.txt'], existingCount: 1 }),
        notLocal: [],
      }),
    );
    const files = dropped('a.txt', 'new.txt');

    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: dataTransfer(files) });

    await waitFor(() => expect(fake.api.planDroppedUpload).toHaveBeenCalledWith({ bucket: 'team-data', prefix: '', files }));
    const [request] = fake.api.planDroppedUpload.mock.calls[0]!;
    expect(request.files[0]).toBe(files[0]);
    expect(Object.keys(request).sort()).toEqual(['bucket', 'files', 'prefix']);
    const prompt = within(await screen.findByTestId('overwrite-dialog'));
    expect(prompt.getByRole('heading').textContent).toBe('“a.txt” already exists in team-data');
    fireEvent.click(prompt.getByTestId('overwrite-skip'));
    await waitFor(() => expect(fake.api.startUpload).toHaveBeenCalledWith({ planId: 'drop-1', existing: 'skip' }));
  });

  it('drops onto a folder row to upload into that folder', async () => {
    const fake = await inFolder();
    const zone = screen.getByTestId('drop-zone');
    fireEvent.dragOver(row('photos'), { dataTransfer: dataTransfer(dropped('x.png')) });
    expect(row('photos').className).toMatch(/drop-target/);

    fireEvent.drop(zone, { dataTransfer: dataTransfer(dropped('x.png')) });

    await waitFor(() => expect(fake.api.planDroppedUpload).toHaveBeenCalledWith(expect.objectContaining({ prefix: 'photos/' })));
  });

  it('lists what dropped is not a local file among what can’t be uploaded, before anything starts', async () => {
    const fake = await inFolder();
    fake.api.planDroppedUpload.mockImplementation(async (request) =>
      ok({ plan: uploadPlan({ planId: 'drop-2', bucket: request.bucket, prefix: request.prefix, fileCount: 1 }), notLocal: ['from-web.png'] }),
    );

    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: dataTransfer(dropped('from-web.png', 'local.txt')) });

    const problems = await screen.findByTestId('upload-problems');
    expect(problems.textContent).toMatch(/from-web\.png — Skipped: it isn’t a file on this computer/);
    expect(fake.api.startUpload).not.toHaveBeenCalled();
  });

  it('says so, and starts nothing, when nothing dropped is a local file', async () => {
    const fake = await inFolder();
    fake.api.planDroppedUpload.mockResolvedValue(ok({ plan: null, notLocal: ['a', 'b'] }));
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: dataTransfer(dropped('a', 'b')) });
    expect((await screen.findByTestId('action-notice')).textContent).toMatch(/2 items aren’t files on this computer/);
    expect(fake.api.startUpload).not.toHaveBeenCalled();
  });

  it('says why when preload refuses what was dropped', async () => {
    const fake = await inFolder();
    fake.api.planDroppedUpload.mockResolvedValue(fail('invalid_input', 'Only files dropped on the window can be uploaded this way. Nothing was uploaded.'));
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: dataTransfer(dropped('a')) });
    expect((await screen.findByTestId('action-error')).textContent).toMatch(/Couldn’t upload what you dropped.*Only files dropped on the window/);
    expect(fake.api.startUpload).not.toHaveBeenCalled();
  });
});

describe('the context menu', () => {
  it('opens on a right-click on a row, selecting it, and runs the chosen action', async () => {
    const fake = await inFolder();
    fireEvent.contextMenu(row('b.txt'), { clientX: 100, clientY: 100 });

    expect(selectedNames()).toEqual(['b.txt']);
    const menu = within(screen.getByTestId('context-menu'));
    expect(menu.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Open', 'Show details', 'Download…', 'Drag out…', 'Copy S3 URI', 'Share link…', 'Rename…', 'Copy', 'Cut', 'Delete…']);
    expect(document.activeElement).toBe(menu.getByText('Open'));

    fireEvent.click(menu.getByTestId('menu-copy-uri'));

    await waitFor(() => expect(fake.api.copyS3Uri).toHaveBeenCalledWith({ bucket: 'team-data', key: 'b.txt' }));
    expect(screen.queryByTestId('context-menu')).toBeNull();
    expect((await screen.findByTestId('action-notice')).textContent).toMatch(/Copied.*s3:\/\/team-data\/b\.txt/);
  });

  it('acts on the whole selection when the row clicked is part of it, and closes with Escape', async () => {
    await inFolder();
    fireEvent.click(row('a.txt'));
    fireEvent.click(row('b.txt'), { ctrlKey: true });
    grid().focus();
    fireEvent.contextMenu(row('b.txt'));
    expect(selectedNames()).toEqual(['a.txt', 'b.txt']);

    fireEvent.keyDown(screen.getByTestId('context-menu'), { key: 'Escape' });
    expect(screen.queryByTestId('context-menu')).toBeNull();
    expect(document.activeElement).toBe(grid());

    fireEvent.contextMenu(row('a.txt'));
    fireEvent.click(screen.getByTestId('menu-delete'));
    expect(screen.getByTestId('confirm-dialog').textContent).toMatch(/Delete 2 files\?/);
  });

  it('opens from the keyboard (Shift+F10) on the focused row', async () => {
    await inFolder();
    key('ArrowDown');
    key('F10', { shiftKey: true });
    expect(within(screen.getByTestId('context-menu')).getByText('Open')).toBeTruthy();
  });
});
