/**
 * Collects items and hands them over at most once per animation frame, so a
 * burst of IPC events becomes one React update. If frames are not being
 * drawn (a hidden window), a timer hands them over anyway, a little later.
 */
export function frameBatcher<T>(flush: (items: T[]) => void, fallbackMs = 250) {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  };

  const run = () => {
    stop();
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };

  return {
    push(item: T) {
      queue.push(item);
      if (frame === null && timer === null) {
        frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : null;
        timer = setTimeout(run, frame === null ? 16 : fallbackMs);
      }
    },
    /** Drops whatever is waiting. */
    cancel() {
      stop();
      queue = [];
    },
  };
}
