import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres-cluster';

const SERVER_CLI = fileURLToPath(new URL('../../backend/server-cli.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

export interface BackendInstance {
  url: string;
  logFile: string;
}

export interface BackendInstances {
  instances: BackendInstance[];
  stop(): Promise<void>;
}

/** Variables that configure the backend: inherited ones would change what the load test means. */
const OWN_VARIABLES = /^(BACKEND_|COGNITO_|LOGIN_LIMIT_|REFRESH_TOKEN_|AWS_)/;

/**
 * Starts `count` backend processes exactly as `npm run backend` does
 * (backend/server-cli.ts, configured by environment variables), each on a free
 * port with the same configuration, and waits until each answers /v1/health.
 * Their request logs go to one file each in `logDir`, not to the terminal.
 */
export async function startBackendInstances(count: number, env: Record<string, string>, logDir: string): Promise<BackendInstances> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_VARIABLES.test(name)));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    const instances = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const port = await freePort();
        const logFile = join(logDir, `backend-${index + 1}.log`);
        const log = openSync(logFile, 'a');
        const child = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI], {
          cwd: REPO_ROOT,
          env: { ...inherited, ...env, BACKEND_HOST: '127.0.0.1', BACKEND_PORT: String(port) },
          stdio: ['ignore', log, log],
          // Its own process group: Ctrl-C reaches only the load test, which then stops the instances in order.
          detached: true,
        });
        closeSync(log);
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        await waitUntilHealthy(url, child, logFile);
        return { url, logFile };
      }),
    );
    return { instances, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`A backend instance exited before it was ready; the end of ${logFile}:\n${tail(logFile)}`);
    }
    const healthy = await fetch(`${url}/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(200);
  }
  throw new Error(`A backend instance did not answer ${url}/v1/health within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}.`);
}

/** SIGTERM (the backend drains and closes its database), SIGKILL if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(killer);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
