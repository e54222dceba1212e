/** What `npm run backend:load` is asked to do. */
export interface LoadOptions {
  /** Where the instances keep their data: one PostgreSQL shared by all, or one SQLite file (then one instance). */
  store: 'postgres' | 'sqlite';
  /** Backend processes behind the round robin (forced to 1 for SQLite). */
  instances: number;
  /** Concurrent clients, each with a user of its own. */
  clients: number;
  seconds: number;
  /** Share of the clients (0–1) whose every refresh is sent to two instances at once with the same token. */
  racingShare: number;
  /**
   * Refreshes a client makes before it signs out and signs in again; 0: never
   * (a login lasts the whole run, as the app's does for weeks), only after a
   * refused token.
   */
  refreshesPerLogin: number;
}

export const DEFAULT_LOAD_OPTIONS: Readonly<LoadOptions> = Object.freeze({
  store: 'postgres',
  instances: 3,
  clients: 50,
  seconds: 30,
  racingShare: 0.2,
  refreshesPerLogin: 0,
});

export const LOAD_USAGE = `Usage: npm run backend:load -- [options]

Starts a throw-away PostgreSQL, a Cognito emulator and N backend processes
behind a round robin, runs C clients doing login → refresh … → logout loops for
S seconds (signing out at the end), and prints one JSON line.

  --instances N            backend processes on one PostgreSQL (default ${DEFAULT_LOAD_OPTIONS.instances}, 1 to 16)
  --clients C              concurrent clients (default ${DEFAULT_LOAD_OPTIONS.clients}, 1 to 2000)
  --seconds S              how long the clients run (default ${DEFAULT_LOAD_OPTIONS.seconds}, 1 to 3600)
  --store postgres|sqlite  sqlite: one instance on a SQLite file, for comparison (default ${DEFAULT_LOAD_OPTIONS.store})
  --racing-share F         share of clients racing each refresh on two instances (default ${DEFAULT_LOAD_OPTIONS.racingShare}, 0 to 1)
  --refreshes-per-login R  refreshes before a client signs out and in again (default ${DEFAULT_LOAD_OPTIONS.refreshesPerLogin}: never, 0 to 100000)`;

type NumericOption = Exclude<keyof LoadOptions, 'store'>;

const NUMERIC: Record<string, { key: NumericOption; min: number; max: number; integer: boolean }> = {
  '--instances': { key: 'instances', min: 1, max: 16, integer: true },
  '--clients': { key: 'clients', min: 1, max: 2000, integer: true },
  '--seconds': { key: 'seconds', min: 1, max: 3600, integer: true },
  '--racing-share': { key: 'racingShare', min: 0, max: 1, integer: false },
  '--refreshes-per-login': { key: 'refreshesPerLogin', min: 0, max: 100_000, integer: true },
};

/** Parses the command line; throws an Error saying which option is wrong and why. */
export function parseLoadArgs(args: readonly string[]): LoadOptions {
  const options: LoadOptions = { ...DEFAULT_LOAD_OPTIONS };
  let instancesGiven = false;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] as string;
    const value = args[i + 1];
    if (flag !== '--store' && !(flag in NUMERIC)) throw new Error(`Unknown option "${flag}".`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value.`);
    i++;
    if (flag === '--store') {
      if (value !== 'postgres' && value !== 'sqlite') throw new Error(`--store must be postgres or sqlite, not "${value}".`);
      options.store = value;
      continue;
    }
    const rule = NUMERIC[flag] as (typeof NUMERIC)[string];
    const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(number) || number < rule.min || number > rule.max || (rule.integer && !Number.isInteger(number))) {
      throw new Error(`${flag} must be ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}, not "${value}".`);
    }
    options[rule.key] = number;
    if (rule.key === 'instances') instancesGiven = true;
  }
  if (options.store === 'sqlite') {
    // A SQLite file belongs to one process: the comparison is one instance under the same load.
    if (instancesGiven && options.instances !== 1) throw new Error('--store sqlite runs exactly one instance: leave out --instances or pass 1.');
    options.instances = 1;
  }
  return options;
}
