// Runs the backend from environment variables: `npm run backend`.
import { BackendConfigError, loadBackendConfig, type BackendConfig } from './config';
import { stderrLog } from './log-format';
import { startBackend } from './server';

async function main(): Promise<void> {
  let config: BackendConfig;
  try {
    config = loadBackendConfig(process.env);
  } catch (error) {
    if (error instanceof BackendConfigError) {
      process.stderr.write(`${error.message}\n\nSet these environment variables and start again.\n`);
      process.exit(1);
    }
    throw error;
  }

  const log = stderrLog(config.logFormat);
  const backend = await startBackend(config, { log });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log(`Received ${signal}, stopping.`);
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a repeated signal (a supervisor, or tsx relaying one it thinks was missed)
  // must not kill the process half-way through closing the database.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Startup errors (port in use, unreadable database or contract) carry no secrets.
  process.stderr.write(`The backend could not start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
