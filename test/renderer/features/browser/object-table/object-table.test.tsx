// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ObjectTable, type ObjectTableHandle } from '../../../../../renderer/src/features/browser/object-table/ObjectTable';
import { ROW_HEIGHT } from '../../../../../renderer/src/features/browser/object-table/useCompressedScroll';
import { fileEntry, type ListingEntry } from '../../../../../renderer/src/features/browser/entries';
import { DEFAULT_SORT } from '../../../../../renderer/src/features/browser/listingView';
import { MAX_SPACER_HEIGHT } from '../../../../../renderer/src/features/browser/object-table/virtualScroll';
import { browse, grid, key, row, rowNames, rows, scroller, scrollTo, selectedNames } from '../../../helpers/browse';
import { file, folder, manyFiles } from '../../../helpers/fake-api';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** jsdom lays nothing out: the table assumes a 640 px viewport, i.e. about 23 rows. */
const VIEWPORT = 640;

function pages<T>(items: T[], size: number): Array<{ objects: T[] }> {
  const result: Array<{ objects: T[] }> = [];
  for (let start = 0; start < items.length; start += size) result.push({ objects: items.slice(start, start + size) });
  return result;
}

/** Where a row is drawn, in px below the top of the visible area. */
function drawnAt(element: HTMLElement): number {
  const translate = (style: string | undefined) => Number(/translateY\((-?[\d.]+)px\)/.exec(style ?? '')?.[1] ?? 0);
  const layer = element.parentElement as HTMLElement;
  return translate(layer.style.transform) + translate(element.style.transform) - scroller().scrollTop;
}

describe('a large folder', () => {
  it('renders only a window of rows at 100,000 entries, and the right ones after scrolling', async () => {
    browse({ 'team-data/': { pages: pages(manyFiles(100_000), 1000) } });

    await waitFor(() => expect(screen.getByTestId('listing-summary').textContent).toBe('100,000 files'), { timeout: 10_000 });
    expect(grid().getAttribute('aria-rowcount')).toBe('100001');
    expect(rows().length).toBeGreaterThan(VIEWPORT / ROW_HEIGHT);
    expect(rows().length).toBeLessThan(60);
    expect(rowNames()[0]).toBe('file-000001.csv');
    const body = scroller().querySelector<HTMLElement>('.object-table__body');
    expect(body?.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);

    scrollTo(50_000 * ROW_HEIGHT);
    expect(rows().length).toBeLessThan(60);
    expect(rowNames()).toContain('file-050001.csv');
    expect(rowNames()).not.toContain('file-000001.csv');
    expect(drawnAt(row('file-050001.csv'))).toBe(0);

    scrollTo(100_000 * ROW_HEIGHT - VIEWPORT);
    const last = row('file-100000.csv');
    expect(last.getAttribute('aria-rowindex')).toBe('100001');
    expect(drawnAt(last)).toBe(VIEWPORT - ROW_HEIGHT);
  }, 20_000);

  it('follows the keyboard to the end and back: End, Home, PageDown keep the focused row in view', async () => {
    browse({ 'team-data/': { objects: manyFiles(1000) } });
    await waitFor(() => expect(rowNames()[0]).toBe('file-0001.csv'));

    key('End');
    expect(selectedNames()).toEqual(['file-1000.csv']);
    expect(grid().getAttribute('aria-activedescendant')).toBe(row('file-1000.csv').id);
    expect(drawnAt(row('file-1000.csv'))).toBe(VIEWPORT - ROW_HEIGHT);

    key('Home');
    expect(selectedNames()).toEqual(['file-0001.csv']);
    expect(scroller().scrollTop).toBe(0);

    key('PageDown');
    const page = Math.floor(VIEWPORT / ROW_HEIGHT) - 1;
    expect(selectedNames()).toEqual([`file-${String(1 + page).padStart(4, '0')}.csv`]);
    key('PageUp');
    expect(selectedNames()).toEqual(['file-0001.csv']);
  });

  it('keeps the focused row rendered (for aria-activedescendant) when scrolled far away', async () => {
    browse({ 'team-data/': { objects: manyFiles(1000) } });
    await waitFor(() => expect(rowNames()[0]).toBe('file-0001.csv'));
    key('ArrowDown');

    scrollTo(900 * ROW_HEIGHT);

    expect(rowNames()).toContain('file-0001.csv');
    expect(grid().getAttribute('aria-activedescendant')).toBe(row('file-0001.csv').id);
  });
});

describe('compressed scrolling past the browser’s height limit', () => {
  /** 2,000,000 entries made on demand (the table reads only length and the rows it draws). */
  function twoMillion(count = 2_000_000): readonly ListingEntry[] {
    const made = new Map<number, ListingEntry>();
    return new Proxy([] as ListingEntry[], {
      get(target, property, receiver) {
        if (property === 'length') return count;
        if (typeof property === 'string' && /^\d+$/.test(property)) {
          const index = Number(property);
          if (index >= count) return undefined;
          let entry = made.get(index);
          if (!entry) {
            entry = fileEntry(file(`row-${String(index + 1).padStart(7, '0')}`));
            made.set(index, entry);
          }
          return entry;
        }
        return Reflect.get(target, property, receiver);
      },
    });
  }

  function table(entries: readonly ListingEntry[], handle = createRef<ObjectTableHandle>()) {
    const noop = () => undefined;
    return (
      <ObjectTable
        label="Contents of big"
        entries={entries}
        loading={false}
        selection={new Set()}
        focusIndex={-1}
        sort={DEFAULT_SORT}
        onSort={noop}
        onRowClick={noop}
        onRowOpen={noop}
        onKeyDown={noop}
        handleRef={handle}
      />
    );
  }

  function renderTable() {
    const handle = createRef<ObjectTableHandle>();
    render(table(twoMillion(), handle));
    return handle;
  }

  it('caps the scrolled height and still reaches the last of 2,000,000 rows, drawn at the bottom', () => {
    renderTable();
    const body = scroller().querySelector<HTMLElement>('.object-table__body');
    expect(scroller().dataset.compressed).toBe('true');
    expect(body?.style.height).toBe(`${MAX_SPACER_HEIGHT}px`);
    expect(rowNames()[0]).toBe('row-0000001');
    expect(rows().length).toBeLessThan(60);

    scrollTo(MAX_SPACER_HEIGHT - VIEWPORT);

    const last = row('row-2000000');
    expect(last.getAttribute('aria-rowindex')).toBe('2000001');
    expect(drawnAt(last)).toBe(VIEWPORT - ROW_HEIGHT);
    expect(rows().length).toBeLessThan(60);
  });

  it('shows the middle rows half way down, each one row height below the previous', () => {
    renderTable();

    scrollTo((MAX_SPACER_HEIGHT - VIEWPORT) / 2);

    const shown = rows().filter((element) => drawnAt(element) >= 0 && drawnAt(element) < VIEWPORT);
    const first = Number(shown[0]?.dataset.index);
    expect(first).toBeGreaterThan(999_970);
    expect(first).toBeLessThan(1_000_000);
    shown.forEach((element, offset) => {
      expect(Number(element.dataset.index)).toBe(first + offset);
      expect(drawnAt(element) - drawnAt(shown[0] as HTMLElement)).toBe(offset * ROW_HEIGHT);
    });
  });

  it('keeps the same rows in view while more pages stream in', () => {
    const { rerender } = render(table(twoMillion(1_500_000)));
    scrollTo(4_000_000);
    const firstShown = () => rows().find((element) => drawnAt(element) >= 0);
    const before = firstShown()?.dataset.index;
    expect(Number(before)).toBeGreaterThan(300_000);

    rerender(table(twoMillion(2_000_000)));

    expect(firstShown()?.dataset.index).toBe(before);
    // Scrolling on moves on from there, rather than jumping to where that scroll position now points.
    scrollTo(scroller().scrollTop + 10);
    const after = Number(firstShown()?.dataset.index);
    expect(after).toBeGreaterThanOrEqual(Number(before));
    expect(after).toBeLessThan(Number(before) + 10);
  });

  it('scrolls a far row fully into view when asked (keyboard navigation)', () => {
    const handle = renderTable();

    act(() => handle.current?.reveal(1_234_567));

    const target = row('row-1234568');
    expect(drawnAt(target)).toBeGreaterThanOrEqual(0);
    expect(drawnAt(target)).toBeLessThanOrEqual(VIEWPORT - ROW_HEIGHT);

    act(() => handle.current?.reveal(0));
    expect(drawnAt(row('row-0000001'))).toBe(0);
    expect(scroller().scrollTop).toBe(0);
  });
});

describe('sorting', () => {
  const folderTree = {
    'team-data/': {
      folders: [folder('zeta/'), folder('alpha/')],
      objects: [
        file('b.log', 300, '2025-03-01T00:00:00.000Z'),
        file('a.log', 5, '2025-06-01T00:00:00.000Z'),
        file('c.log', 9000, '2024-01-01T00:00:00.000Z', 'GLACIER'),
      ],
    },
  };
  const sortOf = (column: string) => screen.getByTestId(`sort-${column}`).closest('[role="columnheader"]')?.getAttribute('aria-sort');

  it('sorts by name ascending at first, folders first', async () => {
    browse(folderTree);
    await waitFor(() => expect(rowNames()).toEqual(['alpha', 'zeta', 'a.log', 'b.log', 'c.log']));
    expect(sortOf('name')).toBe('ascending');
    expect(sortOf('size')).toBe('none');
  });

  it('sorts by a column when its header is clicked, and reverses on a second click; folders stay first', async () => {
    browse(folderTree);
    await waitFor(() => expect(rowNames()).toHaveLength(5));

    fireEvent.click(screen.getByTestId('sort-size'));
    expect(rowNames()).toEqual(['alpha', 'zeta', 'a.log', 'b.log', 'c.log']);
    expect(sortOf('size')).toBe('ascending');
    expect(sortOf('name')).toBe('none');

    fireEvent.click(screen.getByTestId('sort-size'));
    expect(rowNames()).toEqual(['alpha', 'zeta', 'c.log', 'b.log', 'a.log']);
    expect(sortOf('size')).toBe('descending');

    fireEvent.click(screen.getByTestId('sort-modified'));
    expect(rowNames()).toEqual(['alpha', 'zeta', 'c.log', 'b.log', 'a.log']);
    fireEvent.click(screen.getByTestId('sort-class'));
    expect(rowNames()).toEqual(['alpha', 'zeta', 'c.log', 'a.log', 'b.log']);

    fireEvent.click(screen.getByTestId('sort-name'));
    fireEvent.click(screen.getByTestId('sort-name'));
    expect(rowNames()).toEqual(['zeta', 'alpha', 'c.log', 'b.log', 'a.log']);
  });
});

describe('filtering', () => {
  it('shows only names containing the text, ignoring case, with “N of M”', async () => {
    browse({ 'team-data/': { folders: [folder('Reports/')], objects: [file('annual-report.pdf'), file('notes.md'), file('todo.txt')] } });
    await waitFor(() => expect(rowNames()).toHaveLength(4));

    fireEvent.change(screen.getByTestId('filter-input'), { target: { value: 'REPORT' } });

    expect(rowNames()).toEqual(['Reports', 'annual-report.pdf']);
    expect(screen.getByTestId('filter-count').textContent).toBe('2 of 4');

    fireEvent.change(screen.getByTestId('filter-input'), { target: { value: 'nothing like it' } });
    expect(screen.getByTestId('filter-empty').textContent).toMatch(/Nothing here matches “nothing like it”/);

    fireEvent.keyDown(screen.getByTestId('filter-input'), { key: 'Escape' });
    expect(rowNames()).toHaveLength(4);
    expect(screen.queryByTestId('filter-count')).toBeNull();
  });

  it('filters the entries listed so far, and counts up as more arrive', async () => {
    const fake = browse({ 'team-data/': 'manual' });
    await waitFor(() => expect(fake.api.openListing).toHaveBeenCalled());
    act(() => fake.listing('').page({ objects: [file('a.csv'), file('b.txt')] }));
    await waitFor(() => expect(rowNames()).toHaveLength(2));

    fireEvent.change(screen.getByTestId('filter-input'), { target: { value: '.csv' } });
    expect(screen.getByTestId('filter-count').textContent).toBe('1 of 2');

    act(() => fake.listing('').page({ objects: [file('c.csv'), file('d.txt')] }));
    await waitFor(() => expect(screen.getByTestId('filter-count').textContent).toBe('2 of 4'));
    expect(rowNames()).toEqual(['a.csv', 'c.csv']);
  });

  it('keeps the filter and the selection when a refresh fails', async () => {
    const fake = browse({ 'team-data/': { objects: [file('a.csv'), file('b.csv'), file('c.txt')] } });
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    fireEvent.change(screen.getByTestId('filter-input'), { target: { value: 'csv' } });
    fireEvent.click(row('b.csv'));

    fake.serve('team-data', '', { error: { code: 'network_error', message: 'offline' } });
    fireEvent.click(screen.getByTestId('refresh'));

    expect((await screen.findByTestId('listing-error')).textContent).toMatch(/Can’t connect to storage/);
    expect((screen.getByTestId('filter-input') as HTMLInputElement).value).toBe('csv');
    expect(rowNames()).toEqual(['a.csv', 'b.csv']);
    expect(selectedNames()).toEqual(['b.csv']);
  });

  it('Ctrl+F goes to the filter; Arrow Down goes back to the list', async () => {
    browse({ 'team-data/': { objects: [file('a.txt')] } });
    await waitFor(() => expect(rowNames()).toHaveLength(1));
    grid().focus();

    key('f', { ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('filter-input'));

    fireEvent.keyDown(screen.getByTestId('filter-input'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(grid());
  });
});

describe('selecting', () => {
  const five = { 'team-data/': { objects: ['a', 'b', 'c', 'd', 'e'].map((name) => file(`${name}.txt`)) } };

  it('selects one row on click, adds with Ctrl/Cmd-click, a range with Shift-click, all with Ctrl+A', async () => {
    browse(five);
    await waitFor(() => expect(rowNames()).toHaveLength(5));

    fireEvent.click(row('b.txt'));
    expect(selectedNames()).toEqual(['b.txt']);

    fireEvent.click(row('d.txt'), { ctrlKey: true });
    expect(selectedNames()).toEqual(['b.txt', 'd.txt']);

    // Shift-click selects from the last row clicked (d) to here.
    fireEvent.click(row('a.txt'), { shiftKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);

    fireEvent.click(row('b.txt'), { metaKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'c.txt', 'd.txt']);

    fireEvent.click(row('e.txt'));
    expect(selectedNames()).toEqual(['e.txt']);

    key('a', { ctrlKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    expect(screen.getByTestId('selection-summary').textContent).toBe('5 items selected');
    expect(grid().getAttribute('aria-multiselectable')).toBe('true');

    key('Escape');
    expect(selectedNames()).toEqual([]);
  });

  it('extends the selection with Shift+arrows, and moves without selecting with Ctrl+arrows, Space to add', async () => {
    browse(five);
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    key('ArrowDown');
    key('ArrowDown', { shiftKey: true });
    key('ArrowDown', { shiftKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt']);

    key('ArrowDown', { ctrlKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(grid().getAttribute('aria-activedescendant')).toBe(row('d.txt').id);
    key('ArrowDown', { ctrlKey: true });
    key(' ', { ctrlKey: true });
    expect(selectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt', 'e.txt']);
  });

  it('clears the selection on a click below the last row', async () => {
    browse(five);
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    fireEvent.click(row('c.txt'));
    fireEvent.click(scroller().querySelector('.object-table__body') as HTMLElement);
    expect(selectedNames()).toEqual([]);
  });
});

describe('type-to-find', () => {
  const names = ['alpha', 'beta', 'bravo', 'charlie', 'delta'];

  it('jumps to the next name starting with what is typed; the typing resets after a second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    browse({ 'team-data/': { objects: names.map((name) => file(name)) } });
    await waitFor(() => expect(rowNames()).toEqual(names));

    key('b');
    expect(selectedNames()).toEqual(['beta']);
    key('r');
    expect(selectedNames()).toEqual(['bravo']);

    vi.advanceTimersByTime(1500);
    key('d');
    expect(selectedNames()).toEqual(['delta']);

    vi.advanceTimersByTime(1500);
    key('b');
    expect(selectedNames()).toEqual(['beta']);
    vi.advanceTimersByTime(200);
    key('b');
    expect(selectedNames()).toEqual(['bravo']);

    vi.advanceTimersByTime(1500);
    key('z');
    expect(selectedNames()).toEqual(['bravo']);
  });
});

describe('going up from the keyboard', () => {
  it('goes up with Alt+Up as with Backspace', async () => {
    browse({ 'team-data/': { folders: [folder('docs/')] }, 'team-data/docs/': { objects: [file('docs/a.md')] } });
    await waitFor(() => expect(rowNames()).toEqual(['docs']));
    fireEvent.doubleClick(row('docs'));
    await waitFor(() => expect(rowNames()).toEqual(['a.md']));

    key('ArrowUp', { altKey: true });

    await waitFor(() => expect(rowNames()).toEqual(['docs']));
    expect(within(row('docs')).getAllByRole('gridcell')).toHaveLength(4);
  });
});
