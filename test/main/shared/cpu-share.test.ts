import { describe, expect, it } from 'vitest';
import { startCpuShare } from '../../../main/shared/cpu-share';

describe('the share of a core this process uses', () => {
  it('is near nothing while the process waits, and grows while it works', async () => {
    const waiting = startCpuShare();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const waited = waiting();

    const working = startCpuShare();
    const until = performance.now() + 30;
    while (performance.now() < until) {
      // Spins: work done here, on this thread.
    }
    const worked = working();

    expect(waited).toBeGreaterThanOrEqual(0);
    expect(worked).toBeGreaterThan(0);
    // However busy the machine, spinning uses more of a core than sleeping does.
    expect(worked).toBeGreaterThan(waited);
  });

  it('never divides by zero, however soon it is read', () => {
    expect(Number.isFinite(startCpuShare()())).toBe(true);
  });
});
