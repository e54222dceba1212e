// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROW_HEIGHT } from '../../../../../renderer/src/features/browser/object-table/useCompressedScroll';
import { browse, grid, key, row, rowNames, rows, scroller, scrollTo, selectedNames } from '../../../helpers/browse';
import { copyPlan, file, folder, manyFiles, ok, transferJob, uploadPlan, type FakeApi } from '../../../helpers/fake-api';
import { clickWhenEnabled } from '../../../helpers/click';

afterEach(cleanup);

const ITEMS_TYPE = 'application/x-s3desk-objects';
const dialog = () => within(screen.getByTestId('paste-dialog'));

async function inFolder(): Promise<FakeApi> {
  const fake = browse({
    'team-data/': { folders: [folder('photos/'), folder('reports/')], objects: [file('a.txt', 100), file('b.txt', 200)] },
    'team-data/reports/': { objects: [file('reports/q1.pdf')] },
  });
  await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt', 'b.txt']));
  return fake;
}

/** What the browser hands the page during a drag: the same object from dragstart to drop, as in a real drag. */
function dragData() {
  const data = new Map<string, string>();
  return {
    data,
    types: [] as string[],
    effectAllowed: 'all',
    dropEffect: 'none',
    files: [] as File[],
    setData(type: string, value: string) {
      data.set(type, value);
      this.types.push(type);
    },
    setDragImage: vi.fn(),
  };
}

describe('moving by drag', () => {
  it('drags the selection onto a folder row: the row lights up, the drop plans a move into it, and the same dialog confirms it', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'm1', mode: 'move', destinationPrefix: 'reports/', objectCount: 2, totalBytes: 300 })));
    fake.api.startCopy.mockResolvedValue(ok(transferJob({ direction: 'move', label: '2 files', bucket: 'team-data', prefix: 'reports/' })));
    fireEvent.click(row('a.txt'));
    fireEvent.click(row('b.txt'), { ctrlKey: true });
    const drag = dragData();

    fireEvent.dragStart(row('b.txt'), { dataTransfer: drag });
    // A marker only: which rows go is the page's own state, never in the drag.
    expect([...drag.data]).toEqual([[ITEMS_TYPE, 'rows']]);
    expect(drag.effectAllowed).toBe('move');
    // The picture is made for the drag, not a row node the list may reuse while scrolling.
    const [image] = drag.setDragImage.mock.calls[0]!;
    expect((image as HTMLElement).textContent).toBe('2 files');
    expect((image as HTMLElement).closest('[data-testid="object-row"]')).toBeNull();

    fireEvent.dragOver(row('reports'), { dataTransfer: drag });
    expect(row('reports').className).toMatch(/drop-target/);
    expect(drag.dropEffect).toBe('move');
    expect(screen.getByTestId('move-hint').textContent).toBe('Move to reports');
    // Not an upload: files from the system are what the upload hint is for.
    expect(screen.queryByTestId('drop-hint')).toBeNull();

    fireEvent.drop(row('reports'), { dataTransfer: drag });
    fireEvent.dragEnd(row('b.txt'), { dataTransfer: drag });

    expect(dialog().getByRole('heading').textContent).toBe('Move 2 files to team-data › reports?');
    await waitFor(() =>
      expect(fake.api.planCopy).toHaveBeenCalledWith({
        mode: 'move',
        bucket: 'team-data',
        keys: ['a.txt', 'b.txt'],
        prefixes: [],
        destinationBucket: 'team-data',
        destinationPrefix: 'reports/',
      }),
    );
    expect(screen.queryByTestId('move-hint')).toBeNull();
    expect(row('reports').className).not.toMatch(/drop-target/);
    expect(dialog().getByTestId('paste-replace').textContent).toBe('Move');
    await clickWhenEnabled(() => dialog().getByTestId('paste-replace'));
    await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalledWith({ planId: 'm1', clashes: 'replace' }));
    expect((await screen.findByTestId('transfer-item')).dataset.direction).toBe('move');
    expect(fake.api.planDroppedUpload).not.toHaveBeenCalled();
  });

  it('grabbing a row outside the selection drags that row alone, and selects it', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'm2', mode: 'move', destinationPrefix: 'photos/' })));
    fireEvent.click(row('a.txt'));
    const drag = dragData();

    fireEvent.dragStart(row('reports'), { dataTransfer: drag });
    expect(selectedNames()).toEqual(['reports']);
    fireEvent.dragOver(row('photos'), { dataTransfer: drag });
    fireEvent.drop(row('photos'), { dataTransfer: drag });

    await waitFor(() =>
      expect(fake.api.planCopy).toHaveBeenCalledWith(expect.objectContaining({ keys: [], prefixes: ['reports/'], destinationPrefix: 'photos/' })),
    );
  });

  it('keeps what was grabbed while the list scrolls under the drag, though the grabbed row’s node now shows another row', async () => {
    const fake = browse({ 'team-data/': { folders: [folder('inbox/')], objects: manyFiles(200) } });
    await waitFor(() => expect(rowNames()[0]).toBe('inbox'));
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'm3', mode: 'move', destinationPrefix: 'inbox/' })));
    scrollTo(201 * ROW_HEIGHT - 640);
    const grabbed = row('file-200.csv');
    const drag = dragData();
    fireEvent.dragStart(grabbed, { dataTransfer: drag });

    scrollTo(0);
    expect(grabbed.isConnected).toBe(true);
    expect(within(grabbed).getAllByRole('gridcell')[0]?.textContent).not.toBe('file-200.csv');
    fireEvent.dragOver(row('inbox'), { dataTransfer: drag });
    fireEvent.drop(row('inbox'), { dataTransfer: drag });
    fireEvent.dragEnd(grabbed, { dataTransfer: drag });

    await waitFor(() => expect(fake.api.planCopy).toHaveBeenCalledWith(expect.objectContaining({ keys: ['file-200.csv'], prefixes: [], destinationPrefix: 'inbox/' })));
  });

  it('refuses a folder dropped onto itself, saying why, and asks main nothing', async () => {
    const fake = await inFolder();
    const drag = dragData();
    fireEvent.dragStart(row('photos'), { dataTransfer: drag });

    fireEvent.dragOver(row('photos'), { dataTransfer: drag });
    expect(row('photos').className).not.toMatch(/drop-target/);
    expect(drag.dropEffect).toBe('none');
    expect(screen.getByTestId('move-hint').textContent).toBe('“photos” can’t be moved into itself');
    fireEvent.dragEnd(row('photos'), { dataTransfer: drag });

    expect(screen.getByTestId('action-notice').textContent).toMatch(/“photos” can’t be moved into itself.*Drop it onto a folder outside the one you dragged/);
    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    expect(fake.api.planCopy).not.toHaveBeenCalled();
  });

  it('takes no drop over a file row or the empty space: the hint says to pick a folder', async () => {
    const fake = await inFolder();
    const drag = dragData();
    fireEvent.dragStart(row('a.txt'), { dataTransfer: drag });
    fireEvent.dragOver(row('photos'), { dataTransfer: drag });
    for (const over of [row('b.txt'), scroller()]) {
      drag.dropEffect = 'none';
      fireEvent.dragOver(over, { dataTransfer: drag });
      expect(screen.getByTestId('move-hint').textContent).toBe('Drop onto a folder to move into it');
      expect(drag.dropEffect).toBe('none');
      expect(row('photos').className).not.toMatch(/drop-target/);
    }

    fireEvent.drop(row('b.txt'), { dataTransfer: drag });
    fireEvent.dragEnd(row('a.txt'), { dataTransfer: drag });
    expect(screen.queryByTestId('move-hint')).toBeNull();
    expect(screen.queryByTestId('paste-dialog')).toBeNull();
    expect(fake.api.planCopy).not.toHaveBeenCalled();
    expect(fake.api.planDroppedUpload).not.toHaveBeenCalled();
  });

  it('still uploads files dragged in from the system onto a folder row, while rows are draggable', async () => {
    const fake = await inFolder();
    fake.api.planDroppedUpload.mockImplementation(async (request) => ok({ plan: uploadPlan({ planId: 'u1', bucket: request.bucket, prefix: request.prefix }), notLocal: [] }));
    const files = [new File(['x'], 'x.png')];
    const osDrag = { files, types: ['Files'], dropEffect: 'none' };

    fireEvent.dragOver(row('photos'), { dataTransfer: osDrag });
    expect(screen.queryByTestId('move-hint')).toBeNull();
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: osDrag });

    await waitFor(() => expect(fake.api.planDroppedUpload).toHaveBeenCalledWith(expect.objectContaining({ prefix: 'photos/', files })));
    expect(fake.api.planCopy).not.toHaveBeenCalled();
  });

  it('tells screen readers the keyboard’s way to move rows', async () => {
    await inFolder();
    const described = document.getElementById(grid().getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('Drag rows onto a folder to move them there, or use Cut and Paste (Ctrl+X, Ctrl+V; ⌘X, ⌘V on a Mac).');
    expect(row('a.txt').getAttribute('draggable')).toBe('true');
  });
});

describe('cut rows', () => {
  it('are dimmed and described as cut until pasted; copying something else brings them back', async () => {
    const fake = await inFolder();
    fake.api.planCopy.mockResolvedValue(ok(copyPlan({ planId: 'c1', mode: 'move', destinationPrefix: 'reports/' })));
    fake.api.startCopy.mockResolvedValue(ok(transferJob({ direction: 'move', bucket: 'team-data', prefix: 'reports/' })));
    fireEvent.click(row('a.txt'));
    fireEvent.click(row('photos'), { ctrlKey: true });
    key('x', { ctrlKey: true });

    const cut = () => rows().filter((element) => element.dataset.cut === 'true').map((element) => within(element).getAllByRole('gridcell')[0]?.textContent);
    expect(cut()).toEqual(['photos', 'a.txt']);
    expect(row('a.txt').className).toMatch(/object-table__row--cut/);
    expect(document.getElementById(row('a.txt').getAttribute('aria-describedby')!)?.textContent).toBe('Cut: paste to move it');
    expect(row('b.txt').getAttribute('aria-describedby')).toBeNull();

    fireEvent.click(row('b.txt'));
    key('c', { ctrlKey: true });
    expect(cut()).toEqual([]);

    key('x', { ctrlKey: true });
    expect(cut()).toEqual(['b.txt']);
    fireEvent.doubleClick(row('reports'));
    await waitFor(() => expect(rowNames()).toEqual(['q1.pdf']));
    expect(cut()).toEqual([]);
    key('v', { ctrlKey: true });
    await clickWhenEnabled(() => dialog().getByTestId('paste-replace'));
    await waitFor(() => expect(fake.api.startCopy).toHaveBeenCalled());
    fireEvent.click(within(screen.getByTestId('breadcrumb')).getByText('team-data'));
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'reports', 'a.txt', 'b.txt']));
    // Pasted: nothing is put aside any more.
    expect(cut()).toEqual([]);
  });
});
