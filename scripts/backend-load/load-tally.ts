/** The one line `npm run backend:load` prints. */
export interface LoadResult {
  store: 'postgres' | 'sqlite';
  instances: number;
  clients: number;
  seconds: number;
  /** Every HTTP request the clients sent in the timed run (refreshes, logouts, logins after a refused token or every `--refreshes-per-login`; a racing pair counts two). */
  requests: number;
  /** Unexpected answers, sign-ins included: any non-2xx (lost rotations included) or a request that got no answer. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Refresh tokens the backend handed out in a 2xx and then refused as unknown, reused or revoked. */
  lostRotations: number;
  /** Racing refreshes of one token that both succeeded with different successors. */
  doubleSuccessors: number;
  /** Racing pairs sent (both answered with the same successor is the grace window at work). */
  races: number;
  /** The first logins, made before the clock starts, paced so none waits behind all the others; their latency. */
  signIns: number;
  signInP50Ms: number;
  signInP99Ms: number;
  /** Errors by kind (`<route> <status> <code>` or `<route> network <reason>`), to say what went wrong. */
  errorKinds: Record<string, number>;
}

/** Counts shared by every client of one run. */
export class LoadTally {
  private readonly latencies: number[] = [];
  private readonly signInLatencies: number[] = [];
  errors = 0;
  lostRotations = 0;
  doubleSuccessors = 0;
  races = 0;
  readonly errorKinds: Record<string, number> = {};

  get requests(): number {
    return this.latencies.length;
  }

  request(milliseconds: number): void {
    this.latencies.push(milliseconds);
  }

  signInRequest(milliseconds: number): void {
    this.signInLatencies.push(milliseconds);
  }

  error(kind: string): void {
    this.errors++;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }

  result(shape: Pick<LoadResult, 'store' | 'instances' | 'clients' | 'seconds'>): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const signIns = Float64Array.from(this.signInLatencies).sort();
    return {
      store: shape.store,
      instances: shape.instances,
      clients: shape.clients,
      seconds: shape.seconds,
      requests: sorted.length,
      errors: this.errors,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      lostRotations: this.lostRotations,
      doubleSuccessors: this.doubleSuccessors,
      races: this.races,
      signIns: signIns.length,
      signInP50Ms: percentile(signIns, 0.5),
      signInP99Ms: percentile(signIns, 0.99),
      errorKinds: this.errorKinds,
    };
  }
}

/** Nearest-rank percentile of sorted values, in whole milliseconds (0 when there are none). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return Math.round(sorted[rank - 1] as number);
}
