// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DragOutReady, DragOutStart, IpcResult } from '../../../../../common/ipc';
import { chipLabel, readyTitle, skippedNote } from '../../../../../renderer/src/features/browser/drag-out/dragOutWording';
import { breadcrumb, browse, row, rowNames } from '../../../helpers/browse';
import { deferred, fail, file, folder, ok, signedOut, transferJob, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

async function inFolder(): Promise<FakeApi> {
  const fake = browse({
    'team-data/': { folders: [folder('photos/')], objects: [file('a.csv', 100), file('b.txt', 200)] },
    'team-data/photos/': { objects: [file('photos/cat.jpg', 300)] },
  });
  await waitFor(() => expect(rowNames()).toEqual(['photos', 'a.csv', 'b.txt']));
  return fake;
}

/** Selects the rows by name (Ctrl+click after the first) and chooses Drag out… in the action bar. */
function dragOut(...names: string[]) {
  names.forEach((name, index) => fireEvent.click(row(name), { ctrlKey: index > 0 }));
  fireEvent.click(screen.getByTestId('action-drag-out'));
}

/** Main's answers held back, for the test to give: prepare's job first, then the ready files. */
function heldAnswers(fake: FakeApi) {
  const started = deferred<IpcResult<DragOutStart>>();
  const ready = deferred<IpcResult<DragOutReady>>();
  fake.api.prepareDragOut.mockReturnValue(started.promise);
  fake.api.awaitDragOut.mockReturnValue(ready.promise);
  return { started, ready };
}

const tray = () => screen.getByTestId('drag-out-tray');

describe('Drag out: the tray', () => {
  it('prepares the selection, showing its download’s progress, then offers a chip to drag — whose dragstart hands over to main', async () => {
    const fake = await inFolder();
    const { started, ready } = heldAnswers(fake);
    dragOut('a.csv', 'b.txt', 'photos');

    expect(fake.api.prepareDragOut).toHaveBeenCalledWith({ bucket: 'team-data', basePrefix: '', keys: ['a.csv', 'b.txt'], prefixes: ['photos/'] });
    expect(tray().dataset.phase).toBe('preparing');
    expect(tray().textContent).toMatch(/Preparing 3 items…/);
    expect(document.activeElement).toBe(tray());

    const job = transferJob({ id: 'job-drag', label: '3 items', bytesTotal: 600, bytesDone: 0, filesTotal: 3 });
    started.resolve(ok({ dragId: 'drag-7', job }));
    await waitFor(() => expect(fake.api.awaitDragOut).toHaveBeenCalledWith({ dragId: 'drag-7' }));
    fake.emitTransfers([{ ...job, bytesDone: 300, filesDone: 1 }]);
    await waitFor(() => expect(within(tray()).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50'));
    expect(tray().textContent).toMatch(/300 bytes of 600 bytes · 1 of 3 files/);

    ready.resolve(ok({ status: 'ready', names: ['a.csv', 'b.txt', 'photos'], skipped: 0 }));
    const chip = await screen.findByTestId('drag-out-chip');
    expect(tray().textContent).toMatch(/Drag 3 items to your desktop or a folder/);
    expect(chip.textContent).toMatch(/a\.csv and 2 more/);
    expect(chip.getAttribute('draggable')).toBe('true');
    // The keyboard's way to the files: "Show in folder", which takes the focus the Cancel button had.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('drag-out-reveal')));

    const dragStart = new Event('dragstart', { bubbles: true, cancelable: true });
    chip.dispatchEvent(dragStart);
    // The page's own drag gives way to main's native one.
    expect(dragStart.defaultPrevented).toBe(true);
    expect(fake.api.startDragOut).toHaveBeenCalledWith({ dragId: 'drag-7' });

    fireEvent.click(screen.getByTestId('drag-out-reveal'));
    expect(fake.api.revealDragOut).toHaveBeenCalledWith({ dragId: 'drag-7' });
  });

  it('is offered in the context menu too, and stays ready while browsing elsewhere', async () => {
    const fake = await inFolder();
    fake.api.awaitDragOut.mockResolvedValue(ok({ status: 'ready', names: ['b.txt'], skipped: 0 }));
    fireEvent.contextMenu(row('b.txt'), { clientX: 100, clientY: 100 });
    fireEvent.click(within(screen.getByTestId('context-menu')).getByTestId('menu-drag-out'));
    expect(fake.api.prepareDragOut).toHaveBeenCalledWith({ bucket: 'team-data', basePrefix: '', keys: ['b.txt'], prefixes: [] });
    await screen.findByTestId('drag-out-chip');
    expect(tray().textContent).toMatch(/Drag “b\.txt” to your desktop or a folder/);

    fireEvent.doubleClick(row('photos'));
    await waitFor(() => expect(breadcrumb().getByText('photos')).toBeTruthy());
    await waitFor(() => expect(rowNames()).toEqual(['cat.jpg']));
    expect(screen.getByTestId('drag-out-chip').textContent).toMatch(/b\.txt/);
  });

  it('cancels the download when closed while preparing, and closes with Escape', async () => {
    const fake = await inFolder();
    const { started } = heldAnswers(fake);
    fake.api.cancelTransfer.mockResolvedValue(ok(transferJob({ id: 'job-drag', status: 'cancelled' })));
    dragOut('a.csv');
    started.resolve(ok({ dragId: 'drag-1', job: transferJob({ id: 'job-drag' }) }));
    await waitFor(() => expect(fake.api.awaitDragOut).toHaveBeenCalled());
    fireEvent.click(screen.getByTestId('drag-out-cancel'));
    expect(fake.api.cancelTransfer).toHaveBeenCalledWith('job-drag');
    expect(screen.queryByTestId('drag-out-tray')).toBeNull();

    fake.api.prepareDragOut.mockResolvedValue(ok({ dragId: 'drag-2', job: transferJob({ id: 'job-drag-2' }) }));
    fake.api.awaitDragOut.mockResolvedValue(ok({ status: 'ready', names: ['b.txt'], skipped: 0 }));
    dragOut('b.txt');
    await screen.findByTestId('drag-out-chip');
    fireEvent.keyDown(tray(), { key: 'Escape' });
    expect(screen.queryByTestId('drag-out-tray')).toBeNull();
  });

  it('cancels a download main started after the tray was closed', async () => {
    const fake = await inFolder();
    const { started } = heldAnswers(fake);
    dragOut('a.csv');
    fireEvent.click(screen.getByTestId('drag-out-cancel'));
    started.resolve(ok({ dragId: 'drag-1', job: transferJob({ id: 'job-late' }) }));
    await waitFor(() => expect(fake.api.cancelTransfer).toHaveBeenCalledWith('job-late'));
    expect(fake.api.awaitDragOut).not.toHaveBeenCalled();
    expect(screen.queryByTestId('drag-out-tray')).toBeNull();
  });

  it('goes with the session: signing out while it prepares cancels the download', async () => {
    const fake = await inFolder();
    const { started } = heldAnswers(fake);
    dragOut('a.csv');
    started.resolve(ok({ dragId: 'drag-1', job: transferJob({ id: 'job-drag' }) }));
    await waitFor(() => expect(fake.api.awaitDragOut).toHaveBeenCalled());
    act(() => fake.emit(signedOut()));
    await waitFor(() => expect(screen.queryByTestId('drag-out-tray')).toBeNull());
    expect(fake.api.cancelTransfer).toHaveBeenCalledWith('job-drag');
  });

  it('says so when the download was cancelled in the transfers panel, and offers to close', async () => {
    const fake = await inFolder();
    fake.api.awaitDragOut.mockResolvedValue(ok({ status: 'cancelled' }));
    dragOut('a.csv', 'b.txt');
    await waitFor(() => expect(tray().dataset.phase).toBe('cancelled'));
    expect(tray().textContent).toMatch(/Drag out cancelled.*The download of 2 files was cancelled, so there is nothing to drag\./);
    fireEvent.click(screen.getByTestId('drag-out-close'));
    expect(screen.queryByTestId('drag-out-tray')).toBeNull();
  });

  it('says why nothing can be dragged: a failed download, everything archived, files gone since', async () => {
    const fake = await inFolder();
    fake.api.awaitDragOut.mockResolvedValue(fail('access_denied', 'Access denied.'));
    dragOut('a.csv');
    await waitFor(() => expect(tray().dataset.phase).toBe('failed'));
    expect(within(tray()).getByRole('alert').textContent).toMatch(/Couldn’t prepare “a\.csv” for dragging.*You don’t have permission/);

    fake.api.awaitDragOut.mockResolvedValue(fail('archived_object', 'Everything selected is archived and must be restored before it can be downloaded.'));
    dragOut('b.txt');
    await waitFor(() => expect(tray().textContent).toMatch(/Couldn’t prepare “b\.txt” for dragging.*Everything selected is archived/));

    fake.api.awaitDragOut.mockResolvedValue(ok({ status: 'ready', names: ['a.csv'], skipped: 0 }));
    fake.api.startDragOut.mockResolvedValue(fail('local_file_error', 'The downloaded copies are no longer on this computer. Choose Drag out… again.'));
    dragOut('a.csv');
    fireEvent.dragStart(await screen.findByTestId('drag-out-chip'));
    await waitFor(() => expect(tray().textContent).toMatch(/Couldn’t drag out “a\.csv”.*no longer on this computer/));
  });

  it('says how many archived files were left out', async () => {
    const fake = await inFolder();
    fake.api.awaitDragOut.mockResolvedValue(ok({ status: 'ready', names: ['photos'], skipped: 2 }));
    dragOut('photos');
    await screen.findByTestId('drag-out-chip');
    expect(tray().textContent).toMatch(/2 archived files were left out: restore them to drag them too\./);
  });

  it('is not offered without a selection', async () => {
    const fake = await inFolder();
    expect(screen.getByTestId('action-drag-out')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('action-drag-out'));
    expect(fake.api.prepareDragOut).not.toHaveBeenCalled();
  });
});

describe('Drag out: wording', () => {
  it('names one, two, or the first and how many more', () => {
    expect(chipLabel(['report.pdf'])).toBe('report.pdf');
    expect(chipLabel(['a.csv', 'b.txt'])).toBe('a.csv and b.txt');
    expect(chipLabel(['a.csv', 'b.txt', 'photos', 'z.md'])).toBe('a.csv and 3 more');
    expect(readyTitle(['report.pdf'])).toBe('Drag “report.pdf” to your desktop or a folder');
    expect(readyTitle(['a.csv', 'b.txt'])).toBe('Drag 2 items to your desktop or a folder');
    expect(skippedNote(0)).toBeNull();
    expect(skippedNote(1)).toBe('1 archived file was left out: restore it to drag it too.');
  });
});
