/**
 * `npm start`: the local stack, then S3 Desk on top of it.
 *
 *   1. Starts the local stack (devstack/stack.ts) in this process — or reuses
 *      one that `npm run stack` already runs, if .stack/stack.json answers.
 *   2. Finds the Electron binary without downloading it (scripts/electron-binary.ts).
 *      None: says so plainly, stops the stack, exits 1.
 *   3. Builds the app (electron-vite build → out/) and runs Electron on this
 *      folder (package.json "main" → out/main/index.js) with
 *      S3DESK_BACKEND_URL and S3DESK_AWS_ENDPOINT pointing at the stack.
 *   4. When the window closes, stops the stack; Ctrl-C closes the app first.
 *
 * Arguments after `--` go to Electron (e.g. `npm start -- --no-sandbox`).
 * Environment: STACK_DIR, STACK_BACKEND_PORT, STACK_AWS_PORT as for `npm run stack`
 * (0 = any free port); S3DESK_ELECTRON_PATH / ELECTRON_OVERRIDE_DIST_PATH to pick
 * an Electron; S3DESK_START_QUIET=1 hides the stack's per-request log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type StackInfo } from '../devstack/stack';
import { stackEnvironment } from '../devstack/stack-env';
import { findElectronBinary, installedElectronVersion, missingElectronMessage } from './electron-binary';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');


interface Stack {
  info: StackInfo;
  /** Stops the stack if this process started it; leaves someone else's alone. */
  close(): Promise<void>;
}

/** A stack started by `npm run stack` in another terminal, if its stack.json is there and its backend answers. */
async function runningStack(stateDir: string): Promise<Stack | null> {
  const file = join(stateDir, 'stack.json');
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
    const health = await fetch(`${info.backendUrl}/v1/health`, { signal: AbortSignal.timeout(1500) });
    if (!health.ok) return null;
    return { info, close: async () => {} };
  } catch {
    return null;
  }
}

async function ownStack(): Promise<Stack> {
  const quiet = process.env.S3DESK_START_QUIET === '1';
  const stack = await startStack({
    ...stackEnvironment(),
    log: quiet ? () => {} : (line) => process.stderr.write(`[stack] ${line}\n`),
  });
  return { info: stack.info, close: () => stack.close() };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(command, args, { cwd: projectRoot, env, stdio: 'inherit' });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
}

async function main(): Promise<number> {
  const { stateDir } = stackEnvironment();
  const existing = await runningStack(stateDir);
  const stack = existing ?? (await ownStack());
  const { info } = stack;
  console.log(
    [
      existing ? `Using the local stack that is already running (${stateDir}/stack.json).` : 'Local stack started.',
      `  backend       ${info.backendUrl}`,
      `  AWS emulator  ${info.awsEndpoint}`,
      `  demo user     ${info.demoUser.username} — password in ${stateDir}/stack.json (demoUser.password)`,
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      // A second Ctrl-C: stop waiting for a clean exit.
      child?.kill('SIGKILL');
      return;
    }
    interrupted = true;
    console.log(`\n${signal}: closing S3 Desk and stopping the local stack…`);
    child?.kill(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const lookup = findElectronBinary();
    if (!lookup.found) {
      console.error(`\n${missingElectronMessage(lookup, installedElectronVersion())}`);
      if (!existing) console.error('(`npm run stack` runs the local stack on its own, without the app.)');
      return 1;
    }

    console.log('\nBuilding S3 Desk (electron-vite build)…');
    const electronVite = join(dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
    child = run(process.execPath, [electronVite, 'build']);
    const build = await exited(child);
    child = null;
    if (interrupted) return 130;
    if (build.code !== 0) {
      console.error('The build failed (see above), so S3 Desk was not started.');
      return 1;
    }

    console.log(`\nStarting S3 Desk (${lookup.path})…`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      S3DESK_BACKEND_URL: info.backendUrl,
      S3DESK_AWS_ENDPOINT: info.awsEndpoint,
    };
    // Inherited from a Node-flavoured parent, this would make Electron run as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    const electronArgs = process.argv.slice(2);
    if (electronArgs[0] === '--') electronArgs.shift();
    child = run(lookup.path, ['.', ...electronArgs], env);
    const app = await exited(child);
    child = null;
    if (app.code !== null) return app.code;
    return interrupted ? 0 : 1;
  } finally {
    if (!existing) console.log('Stopping the local stack…');
    await stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(
        `A port the stack needs is already in use (${err.message}). Stop the other process, or set STACK_BACKEND_PORT / STACK_AWS_PORT (0 = any free port).`,
      );
    } else {
      console.error(`npm start failed: ${err.message}`);
    }
    process.exit(1);
  },
);
