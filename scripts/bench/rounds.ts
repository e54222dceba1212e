import { describeFailure, failedResult, median, PEER_BUDGETS, peerTimeResult, PEERS, round, type BenchResult, type NetworkProfile, type Peer, type PeerBudget } from './report';

/** S3 Desk and the tools it is compared with. */
export type Tool = 'app' | Peer;
export const TOOLS: readonly Tool[] = ['app', 'raw-sdk', 'aws-cli', 'rclone'];

/** What one run of one tool took. */
export interface ToolRun {
  seconds: number;
  /** Peak RSS of the process that did the work, MiB (null: not its own process). */
  peakRssMib?: number | null;
  /** CPU seconds (user + system) of that process. */
  cpuSeconds?: number | null;
}

/** The tools in the order they run in round `index` (0-based): rotated by one each round, so none always goes first. */
export function rotation<T>(tools: readonly T[], index: number): T[] {
  if (tools.length === 0) return [];
  const shift = index % tools.length;
  return [...tools.slice(shift), ...tools.slice(0, shift)];
}

export interface ToolFigures {
  /** Every tool's time per round. */
  seconds: Partial<Record<Tool, number[]>>;
  /** Every tool's peak RSS per run, MiB. */
  peaks: Partial<Record<Tool, number[]>>;
  cpu: Partial<Record<Tool, number[]>>;
}

/**
 * Runs a timed workload: every available tool once a round, the order
 * rotated round to round, and reports the app's median against the peers'
 * (peerTimeResult). A peer that fails is left out from then on and said so
 * (details.missing); the app failing ends the workload as not run.
 */
export async function measureTools(spec: {
  name: string;
  profile: NetworkProfile;
  method: string;
  rounds: number;
  /** The tools to run ('app' first); peers not in it are missing for the reason in `missing`. */
  tools: readonly Tool[];
  missing: Partial<Record<Peer, string>>;
  run: (tool: Tool, round: number) => Promise<ToolRun>;
  log: (line: string) => void;
  details?: Record<string, unknown>;
  /** What the app is judged against, when not the profile's usual. */
  budget?: PeerBudget;
}): Promise<{ result: BenchResult; figures: ToolFigures }> {
  const missing: Partial<Record<Peer, string>> = { ...spec.missing };
  let tools = [...spec.tools];
  const figures: ToolFigures = { seconds: {}, peaks: {}, cpu: {} };
  const rows: Array<Record<string, number>> = [];
  const push = (into: Partial<Record<Tool, number[]>>, tool: Tool, value: number | null | undefined) => {
    if (value !== null && value !== undefined && Number.isFinite(value)) (into[tool] ??= []).push(value);
  };
  for (let r = 0; r < spec.rounds; r++) {
    const row: Record<string, number> = {};
    for (const tool of rotation(tools, r)) {
      try {
        const run = await spec.run(tool, r);
        row[tool] = run.seconds;
        push(figures.seconds, tool, run.seconds);
        push(figures.peaks, tool, run.peakRssMib);
        push(figures.cpu, tool, run.cpuSeconds);
        const extra = [
          run.cpuSeconds != null ? `${run.cpuSeconds.toFixed(2)} s CPU` : '',
          run.peakRssMib != null ? `peak RSS ${run.peakRssMib.toFixed(0)} MiB` : '',
        ].filter(Boolean);
        spec.log(`${spec.profile}/${spec.name} round ${r + 1}/${spec.rounds} ${tool}: ${run.seconds.toFixed(3)} s${extra.length ? ` (${extra.join(', ')})` : ''}`);
      } catch (error) {
        const message = describeFailure(error);
        spec.log(`${spec.profile}/${spec.name} round ${r + 1}/${spec.rounds} ${tool} failed: ${message}`);
        if (tool === 'app') {
          rows.push(row);
          return {
            result: failedResult({
              name: spec.name,
              unit: 's',
              budget: (spec.budget ?? PEER_BUDGETS[spec.profile]).budget,
              kind: 'relative',
              method: spec.method,
              rounds: rows,
              details: { ...spec.details, ...(Object.keys(missing).length > 0 ? { missing } : {}) },
              error: `the app failed in round ${r + 1}: ${message}`,
            }),
            figures,
          };
        }
        missing[tool] = `failed in round ${r + 1}: ${message}`;
        delete figures.seconds[tool];
        tools = tools.filter((candidate) => candidate !== tool);
      }
    }
    rows.push(row);
  }
  const summary = (values: Partial<Record<Tool, number[]>>, pick: (list: number[]) => number, decimals: number) =>
    Object.fromEntries(TOOLS.filter((tool) => values[tool]?.length).map((tool) => [tool, round(pick(values[tool]!), decimals)]));
  const result = peerTimeResult({
    name: spec.name,
    profile: spec.profile,
    budget: spec.budget,
    unit: 's',
    method: spec.method,
    rounds: rows,
    app: figures.seconds.app ?? [],
    peers: Object.fromEntries(PEERS.map((peer) => [peer, figures.seconds[peer] ?? []])),
    missing,
    details: {
      ...spec.details,
      peakRssMib: summary(figures.peaks, (list) => Math.max(...list), 1),
      cpuSecondsMedian: summary(figures.cpu, median, 2),
      minSeconds: summary(figures.seconds, (list) => Math.min(...list), 3),
    },
  });
  return { result, figures };
}
