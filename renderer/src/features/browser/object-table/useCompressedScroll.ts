import { useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useReducer, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import {
  layerPlacement,
  maxVirtualOffset,
  offsetToReveal,
  rowsPerPage,
  scrollSpace,
  scrollTopFor,
  virtualOffsetAt,
  type ScrollSpace,
} from './virtualScroll';

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 32;
/** Rows drawn beyond each edge of the viewport: enough for a wheel step, few enough to keep frames cheap. */
export const OVERSCAN = 3;
/** Until the list is laid out (or where nothing is, as in tests), assume a typical window. */
const FALLBACK_VIEWPORT = 640;

function bodyViewport(element: HTMLElement): number {
  const height = element.clientHeight;
  return height > 0 ? Math.max(ROW_HEIGHT, height - HEADER_HEIGHT) : FALLBACK_VIEWPORT;
}

/**
 * Virtual scrolling for `count` rows of ROW_HEIGHT in `scrollRef`, at any
 * length: past what the browser can scroll, the scroll range is compressed
 * (see virtualScroll) and the virtualizer works in virtual offsets, which this
 * translates to and from the real scroll position. `focusIndex`'s row is
 * always among the items, so aria-activedescendant points at something.
 */
export function useCompressedScroll(count: number, focusIndex: number, scrollRef: RefObject<HTMLDivElement | null>) {
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const space = useMemo(() => scrollSpace(count, ROW_HEIGHT, viewport), [count, viewport]);
  const spaceRef = useRef<ScrollSpace>(space);
  const [, forceRender] = useReducer((n: number) => n + 1, 0);

  /** The real scrollTop and the virtual offset it stands for; `pending` is our own last write. */
  const position = useRef({ scrollTop: 0, virtual: 0, pending: null as { scrollTop: number; virtual: number } | null });
  const notifyOffset = useRef<((offset: number, isScrolling: boolean) => void) | null>(null);

  const readPosition = useCallback((element: HTMLElement): number => {
    const top = element.scrollTop;
    const state = position.current;
    let virtual: number;
    // Our own write reads back as it was meant (compressed offsets do not survive rounding exactly).
    if (state.pending && Math.abs(top - state.pending.scrollTop) < 1) virtual = state.pending.virtual;
    else {
      state.pending = null;
      virtual = virtualOffsetAt(spaceRef.current, top);
    }
    state.scrollTop = top;
    state.virtual = virtual;
    return virtual;
  }, []);

  const writeVirtual = useCallback(
    (element: HTMLElement, virtual: number) => {
      const current = spaceRef.current;
      const offset = Math.min(Math.max(0, virtual), maxVirtualOffset(current));
      // Compressed, a whole-pixel scrollTop keeps rows on whole pixels (and reads back exactly).
      const top = current.compressed ? Math.round(scrollTopFor(current, offset)) : scrollTopFor(current, offset);
      position.current.pending = current.compressed ? { scrollTop: top, virtual: offset } : null;
      element.scrollTop = top;
      notifyOffset.current?.(readPosition(element), false);
      if (current.compressed) forceRender();
    },
    [readPosition],
  );

  const rangeExtractor = useCallback(
    (range: Range) => {
      const start = Math.max(0, range.startIndex - range.overscan);
      const end = Math.min(range.count - 1, range.endIndex + range.overscan);
      const indexes: number[] = [];
      for (let index = start; index <= end; index++) indexes.push(index);
      // The focused row always exists, so aria-activedescendant points at something.
      if (focusIndex >= 0 && focusIndex < range.count && (focusIndex < start || focusIndex > end)) indexes.push(focusIndex);
      return indexes;
    },
    [focusIndex],
  );

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    initialRect: { width: 0, height: FALLBACK_VIEWPORT },
    rangeExtractor,
    // The virtualizer works in virtual offsets; these three translate to and from the real scroll position.
    observeElementRect: (instance, report) => {
      const element = instance.scrollElement;
      if (!element) return;
      const measure = () => {
        const height = bodyViewport(element);
        report({ width: element.clientWidth, height });
        setViewport((previous) => (previous === height ? previous : height));
      };
      measure();
      const Observer = instance.targetWindow?.ResizeObserver;
      if (!Observer) return;
      const observer = new Observer(measure);
      observer.observe(element);
      return () => observer.disconnect();
    },
    observeElementOffset: (instance, report) => {
      const element = instance.scrollElement;
      if (!element) return;
      notifyOffset.current = report;
      report(readPosition(element), false);
      const onScroll = () => {
        const offset = readPosition(element);
        // Compressed, the rows layer follows every scroll, not only changes of range.
        if (spaceRef.current.compressed) flushSync(forceRender);
        report(offset, true);
      };
      element.addEventListener('scroll', onScroll, { passive: true });
      return () => {
        element.removeEventListener('scroll', onScroll);
        if (notifyOffset.current === report) notifyOffset.current = null;
      };
    },
    scrollToFn: (offset, _options, instance) => {
      if (instance.scrollElement) writeVirtual(instance.scrollElement, offset);
    },
  });

  // When the rows change (pages stream in, a filter), keep the same rows in view.
  useLayoutEffect(() => {
    const previous = spaceRef.current;
    spaceRef.current = space;
    const element = scrollRef.current;
    if (!element || previous === space) return;
    if (!previous.compressed && !space.compressed) return;
    const keep = Math.min(position.current.virtual, maxVirtualOffset(space));
    writeVirtual(element, keep);
  }, [space, writeVirtual]);

  const reveal = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element || index < 0) return;
      const target = offsetToReveal(spaceRef.current, position.current.virtual, index);
      if (target !== position.current.virtual) writeVirtual(element, target);
    },
    [scrollRef, writeVirtual],
  );
  const pageSize = useCallback(() => rowsPerPage(spaceRef.current), []);

  const { layerTop, base } = layerPlacement(space, position.current.scrollTop, position.current.virtual);
  return { items: virtualizer.getVirtualItems(), space, viewport, layerTop, base, reveal, pageSize };
}
