import { describe, expect, it } from 'vitest';
import { clientAddress, runLoad } from '../../scripts/backend-load/run-load';

describe('npm run backend:load', () => {
  it('keeps every rotation and never forks a token when two instances on one PostgreSQL share the load', { timeout: 600_000 }, async () => {
    const progress: string[] = [];
    const result = await runLoad(
      { store: 'postgres', instances: 2, clients: 5, seconds: 2, racingShare: 0.4, refreshesPerLogin: 3 },
      { progress: (line) => progress.push(line) },
    );

    expect(result).toMatchObject({ store: 'postgres', instances: 2, clients: 5, errors: 0, lostRotations: 0, doubleSuccessors: 0 });
    expect(result.errorKinds).toEqual({});
    expect(result.signIns).toBe(5);
    // Every client signs in, then refreshes at least once (twice per racing client) and signs out; two of the five race.
    expect(result.requests).toBeGreaterThanOrEqual(3 * 2 + 2 * 3);
    expect(result.races).toBeGreaterThanOrEqual(2);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(progress.join('\n')).toMatch(/instance logs in \S+/);
  });

  it('gives every client an address of its own on loopback, so the proxy forwards distinct client addresses', () => {
    const addresses = Array.from({ length: 2000 }, (_, index) => clientAddress(index));
    expect(new Set(addresses).size).toBe(2000);
    for (const address of addresses) expect(address).toMatch(/^127\.1\.\d{1,3}\.([1-9]\d?|1\d\d|2[0-4]\d|250)$/);
  });
});
