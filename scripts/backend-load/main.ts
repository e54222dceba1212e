import { LOAD_USAGE, parseLoadArgs, type LoadOptions } from './load-options';
import { runLoad } from './run-load';

/**
 * `npm run backend:load`: several backend instances on one PostgreSQL (or one
 * on SQLite) under concurrent login → refresh → logout loops, including racing
 * refreshes of one token on two instances. Progress goes to stderr; stdout
 * gets exactly one JSON line.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(LOAD_USAGE);
    return 0;
  }
  let options: LoadOptions;
  try {
    options = parseLoadArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${LOAD_USAGE}`);
    return 2;
  }
  const interrupted = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted.signal.aborted) return;
    process.stderr.write(`backend:load: ${signal}: stopping the clients, then every process and the database\n`);
    interrupted.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const result = await runLoad(options, { signal: interrupted.signal, progress: (line) => process.stderr.write(`${line}\n`) });
  console.log(JSON.stringify(result));
  return result.errors === 0 && result.lostRotations === 0 && result.doubleSuccessors === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The load test could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
