import { describe, expect, it } from 'vitest';
import {
  layerPlacement,
  MAX_SPACER_HEIGHT,
  maxScrollTop,
  maxVirtualOffset,
  offsetToReveal,
  rowsPerPage,
  rowTop,
  scrollSpace,
  scrollTopFor,
  virtualOffsetAt,
  visibleRows,
} from '../../../../../renderer/src/features/browser/object-table/virtualScroll';

const ROW = 28;
const VIEWPORT = 560; // 20 rows

/** Where row `index` appears, in px below the viewport's top, for a real scrollTop. */
function onScreen(space: ReturnType<typeof scrollSpace>, scrollTop: number, index: number): number {
  const virtual = virtualOffsetAt(space, scrollTop);
  const { layerTop, base } = layerPlacement(space, scrollTop, virtual);
  return layerTop + rowTop(space, index, base) - scrollTop;
}

describe('scroll geometry below the browser’s height limit', () => {
  const space = scrollSpace(100_000, ROW, VIEWPORT);

  it('uses the real height and maps scroll positions one to one', () => {
    expect(space.compressed).toBe(false);
    expect(space.spacerHeight).toBe(2_800_000);
    expect(virtualOffsetAt(space, 12_345)).toBe(12_345);
    expect(scrollTopFor(space, 12_345)).toBe(12_345);
    expect(layerPlacement(space, 12_345, 12_345)).toEqual({ layerTop: 0, base: 0 });
  });

  it('shows the rows under the viewport and nothing past the end', () => {
    expect(visibleRows(space, 0)).toEqual({ first: 0, last: 19 });
    expect(visibleRows(space, 14)).toEqual({ first: 0, last: 20 });
    expect(visibleRows(space, maxScrollTop(space))).toEqual({ first: 99_980, last: 99_999 });
    expect(visibleRows(scrollSpace(0, ROW, VIEWPORT), 0)).toBeNull();
    expect(visibleRows(scrollSpace(3, ROW, VIEWPORT), 0)).toEqual({ first: 0, last: 2 });
  });
});

describe('compressed scroll at 2,000,000 rows (56,000,000 px, past Chromium’s ~33.5M px limit)', () => {
  const space = scrollSpace(2_000_000, ROW, VIEWPORT);

  it('caps the spacer below the limit', () => {
    expect(space.contentHeight).toBe(56_000_000);
    expect(space.compressed).toBe(true);
    expect(space.spacerHeight).toBe(MAX_SPACER_HEIGHT);
    expect(space.spacerHeight).toBeLessThan(33_554_428);
  });

  it('maps the top of the scrollbar to the first row and the bottom to the last', () => {
    expect(virtualOffsetAt(space, 0)).toBe(0);
    expect(visibleRows(space, virtualOffsetAt(space, 0))).toEqual({ first: 0, last: 19 });

    const bottom = maxScrollTop(space);
    expect(virtualOffsetAt(space, bottom)).toBe(maxVirtualOffset(space));
    expect(visibleRows(space, virtualOffsetAt(space, bottom))).toEqual({ first: 1_999_980, last: 1_999_999 });
    // The last row's bottom edge is the viewport's bottom edge.
    expect(onScreen(space, bottom, 1_999_999) + ROW).toBeCloseTo(VIEWPORT, 0);
  });

  it('maps positions proportionally in between, so half way down is the middle row', () => {
    const half = maxScrollTop(space) / 2;
    const rows = visibleRows(space, virtualOffsetAt(space, half));
    expect(rows?.first).toBeGreaterThan(999_980);
    expect(rows?.first).toBeLessThanOrEqual(1_000_000);
  });

  it('never lets a scroll position past the end show more than the last row', () => {
    expect(virtualOffsetAt(space, MAX_SPACER_HEIGHT * 2)).toBe(maxVirtualOffset(space));
    expect(virtualOffsetAt(space, -100)).toBe(0);
  });

  it('inverts: scrollTopFor(virtualOffsetAt(x)) is x', () => {
    for (const top of [0, 1, 777_777, 8_000_000, maxScrollTop(space)]) {
      expect(scrollTopFor(space, virtualOffsetAt(space, top))).toBeCloseTo(top, 6);
    }
  });

  it('draws consecutive rows one row height apart, at their place in the viewport, anywhere in the list', () => {
    for (const top of [0, 3_333_333.5, 9_999_999, maxScrollTop(space)]) {
      const virtual = virtualOffsetAt(space, top);
      const rows = visibleRows(space, virtual);
      if (!rows) throw new Error('no rows');
      const first = onScreen(space, top, rows.first);
      // The first visible row starts at or just above the viewport's top edge…
      expect(first).toBeLessThanOrEqual(0.5);
      expect(first).toBeGreaterThan(-ROW - 0.5);
      // …and each following row sits exactly one row lower.
      expect(onScreen(space, top, rows.first + 1) - first).toBe(ROW);
      expect(onScreen(space, top, rows.last) - first).toBe((rows.last - rows.first) * ROW);
    }
  });

  it('keeps layout numbers small: the rows layer and row offsets stay far below the limit', () => {
    const top = maxScrollTop(space);
    const virtual = virtualOffsetAt(space, top);
    const { layerTop, base } = layerPlacement(space, top, virtual);
    expect(Math.abs(layerTop)).toBeLessThan(MAX_SPACER_HEIGHT);
    expect(rowTop(space, 1_999_999, base)).toBeLessThan(2 * (1 << 20));
    expect(rowTop(space, 1_999_999, base)).toBeGreaterThanOrEqual(0);
  });

  it('scrolls to reveal a row: down puts it at the bottom, up at the top, visible stays put', () => {
    const at = virtualOffsetAt(space, 5_000_000);
    const first = Math.ceil(at / ROW);
    expect(offsetToReveal(space, at, first + 3)).toBe(at);
    expect(offsetToReveal(space, at, first + 100)).toBe((first + 101) * ROW - VIEWPORT);
    expect(offsetToReveal(space, at, first - 50)).toBe((first - 50) * ROW);
    expect(offsetToReveal(space, at, 1_999_999)).toBe(maxVirtualOffset(space));
    expect(offsetToReveal(space, at, 0)).toBe(0);
  });

  it('pages by a viewport less one row', () => {
    expect(rowsPerPage(space)).toBe(19);
    expect(rowsPerPage(scrollSpace(10, ROW, 10))).toBe(1);
  });
});
