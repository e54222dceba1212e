/**
 * Geometry of a virtualized list of fixed-height rows, including lists too
 * tall for the browser.
 *
 * Chromium clamps layout sizes to about 33.5 million px (2^25 − 1 LayoutUnits
 * of 1/64 px), so a spacer of 2,000,000 rows × 28 px = 56,000,000 px cannot
 * exist: the scrollbar would end long before the last row. Past
 * MAX_SPACER_HEIGHT the list is *compressed*: the spacer is capped and the
 * scroll position maps proportionally onto the full ("virtual") height, so
 * the top of the scrollbar is the first row and the bottom is the last.
 * Inside the viewport rows are still laid out 1:1 at their natural height.
 *
 * Coordinates:
 * - scrollTop: the scrolled element's real position, 0 … spacerHeight − viewport.
 * - virtual offset: where the viewport's top edge is among the rows, 0 … contentHeight − viewport.
 */

/** Kept well under Chromium's limit (and Firefox's ~17.9M), leaving room for a header. */
export const MAX_SPACER_HEIGHT = 16_000_000;

/**
 * Rows are drawn in a layer whose own origin moves in steps of this size, so
 * row offsets inside it stay small numbers and change rarely.
 */
export const LAYER_BLOCK = 1 << 20;

export interface ScrollSpace {
  rowCount: number;
  rowHeight: number;
  viewportHeight: number;
  /** rowCount × rowHeight: the height the rows would need uncapped. */
  contentHeight: number;
  /** The height the scrolled spacer really gets (contentHeight, or the cap). */
  spacerHeight: number;
  /** Whether scroll positions are scaled onto the rows (contentHeight above the cap). */
  compressed: boolean;
}

export function scrollSpace(
  rowCount: number,
  rowHeight: number,
  viewportHeight: number,
  maxSpacerHeight: number = MAX_SPACER_HEIGHT,
): ScrollSpace {
  const count = Math.max(0, Math.floor(rowCount));
  const viewport = Math.max(0, viewportHeight);
  const contentHeight = count * rowHeight;
  const compressed = contentHeight > maxSpacerHeight;
  return {
    rowCount: count,
    rowHeight,
    viewportHeight: viewport,
    contentHeight,
    spacerHeight: compressed ? maxSpacerHeight : contentHeight,
    compressed,
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The largest scrollTop the spacer allows. */
export function maxScrollTop(space: ScrollSpace): number {
  return Math.max(0, space.spacerHeight - space.viewportHeight);
}

/** The largest virtual offset: the last row's bottom at the viewport's bottom. */
export function maxVirtualOffset(space: ScrollSpace): number {
  return Math.max(0, space.contentHeight - space.viewportHeight);
}

/** Where among the rows the viewport's top is, for a real scrollTop. */
export function virtualOffsetAt(space: ScrollSpace, scrollTop: number): number {
  const top = clamp(scrollTop, 0, maxScrollTop(space));
  if (!space.compressed) return top;
  const physical = maxScrollTop(space);
  return physical <= 0 ? 0 : (top / physical) * maxVirtualOffset(space);
}

/** The real scrollTop that shows the rows from `virtualOffset` (inverse of virtualOffsetAt). */
export function scrollTopFor(space: ScrollSpace, virtualOffset: number): number {
  const offset = clamp(virtualOffset, 0, maxVirtualOffset(space));
  if (!space.compressed) return offset;
  const virtual = maxVirtualOffset(space);
  return virtual <= 0 ? 0 : (offset / virtual) * maxScrollTop(space);
}

/** The rows that intersect the viewport at `virtualOffset` (inclusive); null when there are none. */
export function visibleRows(space: ScrollSpace, virtualOffset: number): { first: number; last: number } | null {
  if (space.rowCount === 0) return null;
  const offset = clamp(virtualOffset, 0, maxVirtualOffset(space));
  const first = Math.min(space.rowCount - 1, Math.floor(offset / space.rowHeight));
  const last = Math.min(space.rowCount - 1, Math.max(first, Math.ceil((offset + space.viewportHeight) / space.rowHeight) - 1));
  return { first, last };
}

/**
 * Where the rows layer goes inside the spacer so that row i appears
 * i × rowHeight − virtualOffset below the viewport's top: the layer's top
 * (in spacer coordinates) and the base subtracted from each row's natural
 * offset (rowTop). Uncompressed, both are 0 and rows sit at their natural offsets.
 */
export function layerPlacement(space: ScrollSpace, scrollTop: number, virtualOffset: number): { layerTop: number; base: number } {
  if (!space.compressed) return { layerTop: 0, base: 0 };
  const base = Math.floor(virtualOffset / LAYER_BLOCK) * LAYER_BLOCK;
  const top = clamp(scrollTop, 0, maxScrollTop(space));
  return { layerTop: Math.round(top - virtualOffset + base), base };
}

/** A row's offset inside the rows layer. */
export function rowTop(space: ScrollSpace, index: number, base: number): number {
  return index * space.rowHeight - base;
}

/**
 * The virtual offset that brings row `index` fully into view while moving as
 * little as possible (unchanged when it is already visible).
 */
export function offsetToReveal(space: ScrollSpace, virtualOffset: number, index: number): number {
  const top = index * space.rowHeight;
  const bottom = top + space.rowHeight;
  let next = virtualOffset;
  if (top < virtualOffset) next = top;
  else if (bottom > virtualOffset + space.viewportHeight) next = bottom - space.viewportHeight;
  return clamp(next, 0, maxVirtualOffset(space));
}

/** How many rows PageUp/PageDown move: a viewport's worth, less one row of context. */
export function rowsPerPage(space: ScrollSpace): number {
  return Math.max(1, Math.floor(space.viewportHeight / space.rowHeight) - 1);
}
