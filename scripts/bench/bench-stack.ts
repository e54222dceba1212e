import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackInfo } from '../../devstack/stack';
import type { NetworkProfile } from './report';

/** A private local stack in its own process, its state in a temporary folder (under `scratchRoot`, else the OS's) deleted with everything in it on close. */
export interface BenchStack {
  info: StackInfo;
  /** The network profile it was started with. */
  profile: NetworkProfile;
  /**
   * The emulator without the shaping proxy (StackInfo.network.directAwsEndpoint; the endpoint itself
   * on loopback): only for seeding bench data quickly, never for a measured client.
   */
  directAwsEndpoint: string;
  /** Scratch space next to the stack's data, removed on close. */
  scratch: string;
  /** The stack's process id (for the machine's load, nothing else). */
  pid: number;
  close(): Promise<void>;
}

/** Runs a TypeScript file of this folder in a child Node process (through tsx), with an IPC channel. */
export function forkScript(file: string, options: { execArgv?: string[] } = {}): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
}

/**
 * The emulator stands in for S3, whose servers do not share the client's
 * cores. On this two-core machine V8's parallel and concurrent GC helpers
 * cost the stack process about 2 s of CPU per GiB served beyond the same
 * collections done on its main thread (measured with /proc's per-thread
 * times during a 1 GiB wan download: 4.4 s user with helpers, 2.5 s
 * without), CPU taken from whichever client is being measured. Every tool
 * gets the same stack.
 */
const STACK_EXEC_ARGV = ['--single-threaded-gc'];

/**
 * Starts the stack in a child process (stack-child.ts), as `npm run stack`
 * runs it beside the app: the emulator's CPU work then does not share the
 * measured client's event loop, as real S3's would not. Under `wan` the
 * stack puts its shaping proxy in front of the emulator (StackInfo.network);
 * a stack that does not say it did is refused rather than measured as WAN.
 *
 * The stack's V8 collects garbage on its main thread only (STACK_EXEC_ARGV).
 */
export async function startBenchStack(profile: NetworkProfile = 'loopback', options: { hugeFolder?: boolean; scratchRoot?: string } = {}): Promise<BenchStack> {
  const scratch = mkdtempSync(join(options.scratchRoot ?? tmpdir(), 's3desk-bench-'));
  const child = forkScript('./stack-child.ts', { execArgv: STACK_EXEC_ARGV });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const info = await new Promise<StackInfo>((resolve, reject) => {
      child.once('message', (message: { info?: StackInfo; error?: string }) =>
        message.info ? resolve(message.info) : reject(new Error(`The stack did not start: ${message.error ?? 'no answer'}`)),
      );
      child.once('exit', (code) => reject(new Error(`The stack process ended (exit ${code}) before it was ready.`)));
      child.send({ stateDir: join(scratch, 'stack'), network: profile, hugeFolder: options.hugeFolder === true });
    });
    const network = info.network;
    if (profile !== 'loopback' && network?.profile !== profile) {
      throw new Error(`The stack was asked for the ${profile} network profile but reports ${network ? network.profile : 'no network profile (StackInfo.network)'}.`);
    }
    return {
      info,
      profile,
      directAwsEndpoint: network?.directAwsEndpoint ?? info.awsEndpoint,
      scratch,
      pid: child.pid ?? -1,
      async close() {
        if (child.connected) child.send('close');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
