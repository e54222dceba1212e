/**
 * Frames begin on the display's refresh ticks, so the time between two
 * requestAnimationFrame callbacks is a whole number of refresh intervals:
 * 16.7, 33.3, 50.0 ms at 60 Hz. The page reads those times through a clock
 * that Chromium coarsens to 0.1 ms, so a frame three intervals long reads
 * 50.0 or 50.1 ms by chance. Judged against a limit that is itself a whole
 * number of intervals (50 ms: three), that chance decided the verdict. These
 * helpers count frames in intervals instead.
 */

/**
 * The refresh interval, from frames drawn while nothing happens: the mean of those one interval long
 * (a stall among them spans several and is left out). Their readings of 16.6 and 16.7 ms average out.
 * Null when most idle frames were stalled too: the shortest of them may then be two intervals, not one.
 */
export function refreshIntervalMs(idleDeltas: readonly number[]): number | null {
  const positive = idleDeltas.filter((delta) => delta > 0);
  if (positive.length === 0) throw new Error('No idle frames to learn the refresh interval from.');
  const shortest = Math.min(...positive);
  const single = positive.filter((delta) => delta < shortest * 1.5);
  if (single.length * 2 < positive.length) return null;
  return single.reduce((sum, delta) => sum + delta, 0) / single.length;
}

/**
 * A frame's length as the whole refresh intervals it spanned, in ms at the clock's 0.1 ms resolution;
 * with no interval learned, as the clock read it.
 */
export function wholeIntervalsMs(frameMs: number, intervalMs: number | null): number {
  if (intervalMs === null) return Math.round(frameMs * 10) / 10;
  const intervals = Math.max(1, Math.round(frameMs / intervalMs));
  return Math.round(intervals * intervalMs * 10) / 10;
}
