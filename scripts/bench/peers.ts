import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { BenchSession } from './bench-session';

/**
 * The tools people would pick instead of S3 Desk (DESIGN.md §6), run as
 * they ship — Debian's AWS CLI v2 and rclone — with their defaults, on the
 * same stack, from the bench session's own temporary credentials, and
 * isolated from this machine's AWS and rclone settings.
 */
export type CliPeer = 'aws-cli' | 'rclone';
export const CLI_PEERS: readonly CliPeer[] = ['aws-cli', 'rclone'];

/** Debian's packages, by absolute path: a pip `aws` 1.x on PATH must not stand in for the v2 CLI. */
export const CLI_PATHS: Record<CliPeer, string> = { 'aws-cli': '/usr/bin/aws', rclone: '/usr/bin/rclone' };
/** GNU time: the peak RSS (%M, KiB) and CPU seconds (%U, %S) of the process it runs, from the kernel's rusage. */
export const GNU_TIME = '/usr/bin/time';

/** A CLI that is installed, and its version line; or why it is not there. */
export type CliTool = { path: string; version: string } | { missing: string };
export type CliTools = Record<CliPeer, CliTool>;

const MIB = 1024 * 1024;

/** Which peer CLIs this machine has (`aws --version`, `rclone version`); a missing one is said plainly, not fatal. */
export function findCliTools(paths: Record<CliPeer, string> = CLI_PATHS): CliTools {
  const find = (peer: CliPeer, args: string[]): CliTool => {
    const path = paths[peer];
    if (!existsSync(path)) return { missing: `${path} not found (Debian package ${peer === 'aws-cli' ? 'awscli' : 'rclone'})` };
    try {
      const out = execFileSync(path, args, { encoding: 'utf8', timeout: 30_000, env: isolatedBase(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
      return { path, version: out.split('\n')[0]!.trim() };
    } catch (error) {
      return { missing: `${path} ${args.join(' ')} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
  };
  return { 'aws-cli': find('aws-cli', ['--version']), rclone: find('rclone', ['version']) };
}

export function toolVersion(tool: CliTool): string | null {
  return 'version' in tool ? tool.version : null;
}

/** This process's environment without anything that configures AWS tools or rclone. */
export function isolatedBase(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(AWS_|RCLONE_)/i.test(name)));
}

/** Where a peer connects, as whom. */
export interface PeerTarget {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
}

/** The name of rclone's on-the-fly remote (RCLONE_CONFIG_DESK_*). */
export const RCLONE_REMOTE = 'desk';

/**
 * The environment a peer runs in: this process's minus every AWS_* and
 * RCLONE_* variable, plus the session's credentials. The AWS CLI reads
 * empty config and credentials files of its own in `scratch` (with an IP
 * address for an endpoint it addresses buckets by path by itself); rclone gets an on-the-fly remote (provider Other, path style, ListObjectsV2)
 * and an empty config file.
 */
export function peerEnvironment(peer: CliPeer, target: PeerTarget, scratch: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const base = isolatedBase(env);
  const { accessKeyId, secretAccessKey, sessionToken } = target.credentials;
  if (peer === 'aws-cli') {
    const config = join(scratch, 'aws-config');
    const credentials = join(scratch, 'aws-credentials');
    writeFileSync(config, '');
    writeFileSync(credentials, '');
    return {
      ...base,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      ...(sessionToken ? { AWS_SESSION_TOKEN: sessionToken } : {}),
      AWS_DEFAULT_REGION: target.region,
      AWS_PAGER: '',
    };
  }
  const config = join(scratch, 'rclone.conf');
  writeFileSync(config, '');
  const remote = `RCLONE_CONFIG_${RCLONE_REMOTE.toUpperCase()}_`;
  return {
    ...base,
    RCLONE_CONFIG: config,
    [`${remote}TYPE`]: 's3',
    [`${remote}PROVIDER`]: 'Other',
    [`${remote}ENDPOINT`]: target.endpoint,
    [`${remote}REGION`]: target.region,
    [`${remote}ACCESS_KEY_ID`]: accessKeyId,
    [`${remote}SECRET_ACCESS_KEY`]: secretAccessKey,
    ...(sessionToken ? { [`${remote}SESSION_TOKEN`]: sessionToken } : {}),
    [`${remote}FORCE_PATH_STYLE`]: 'true',
    // "Other" providers default to ListObjects v1, which the emulator answers with NotImplemented (only v2 is emulated).
    [`${remote}LIST_VERSION`]: '2',
  };
}

/** One piece of work, as every tool is given it. Folders end in '/'; local folders do not. */
export type PeerAction =
  | { kind: 'list'; bucket: string; prefix: string }
  | { kind: 'download-file'; bucket: string; key: string; path: string }
  | { kind: 'upload-file'; path: string; bucket: string; key: string }
  | { kind: 'download-folder'; bucket: string; prefix: string; dir: string }
  | { kind: 'upload-folder'; dir: string; bucket: string; prefix: string };

/**
 * The command line of a peer for an action, with the tool's defaults: the
 * AWS CLI's `s3 ls` (a delimiter listing, like the app's), `s3 cp` and
 * `s3 cp --recursive`; rclone's `lsf` (one level), `copyto` and `copy`, with
 * --s3-no-check-bucket (the role may not create or probe buckets).
 */
export function peerArgs(peer: CliPeer, action: PeerAction, endpoint: string): string[] {
  if (peer === 'aws-cli') {
    const tail = ['--endpoint-url', endpoint, '--no-cli-pager'];
    switch (action.kind) {
      case 'list':
        return ['s3', 'ls', `s3://${action.bucket}/${action.prefix}`, ...tail];
      case 'download-file':
        return ['s3', 'cp', `s3://${action.bucket}/${action.key}`, action.path, '--no-progress', ...tail];
      case 'upload-file':
        return ['s3', 'cp', action.path, `s3://${action.bucket}/${action.key}`, '--no-progress', ...tail];
      case 'download-folder':
        return ['s3', 'cp', '--recursive', `s3://${action.bucket}/${action.prefix}`, action.dir, '--no-progress', '--only-show-errors', ...tail];
      case 'upload-folder':
        return ['s3', 'cp', '--recursive', action.dir, `s3://${action.bucket}/${action.prefix}`, '--no-progress', '--only-show-errors', ...tail];
    }
  }
  const remote = (bucket: string, key: string) => `${RCLONE_REMOTE}:${bucket}/${key}`;
  const tail = ['--s3-no-check-bucket'];
  switch (action.kind) {
    case 'list':
      return ['lsf', remote(action.bucket, action.prefix), ...tail];
    case 'download-file':
      return ['copyto', remote(action.bucket, action.key), action.path, ...tail];
    case 'upload-file':
      return ['copyto', action.path, remote(action.bucket, action.key), ...tail];
    case 'download-folder':
      return ['copy', remote(action.bucket, action.prefix), action.dir, ...tail];
    case 'upload-folder':
      return ['copy', action.dir, remote(action.bucket, action.prefix), ...tail];
  }
}

/** What a measured process did: wall time from spawn to exit, its peak RSS and CPU time, and how many lines it printed. */
export interface ProcessOutcome {
  seconds: number;
  peakRssMib: number;
  cpuSeconds: number;
  /** Lines of standard output (a listing's entries). */
  lines: number;
  /** Its standard output when asked to keep it. */
  stdout?: string;
}

/**
 * Runs a command and measures it. With GNU time (/usr/bin/time) the peak
 * RSS and CPU are the kernel's rusage of the process (%M, %U + %S): spikes
 * count, nothing is sampled. Without it, /proc/<pid>/status VmHWM and
 * /proc/<pid>/stat are read every 20 ms until the process ends (the last
 * 20 ms can escape). Standard output is counted in lines as it streams, not
 * kept (a 100,000-line listing), unless `keepStdout`.
 */
export async function runMeasured(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; scratch: string; keepStdout?: boolean; timeMeasure?: string | null },
): Promise<ProcessOutcome> {
  const gnuTime = options.timeMeasure === undefined ? (existsSync(GNU_TIME) ? GNU_TIME : null) : options.timeMeasure;
  mkdirSync(options.scratch, { recursive: true });
  const usageFile = join(options.scratch, `usage-${process.pid}-${Date.now()}.txt`);
  const [command, commandArgs] = gnuTime ? [gnuTime, ['-f', '%M %U %S', '-o', usageFile, file, ...args]] : [file, args];
  const started = performance.now();
  const child = spawn(command, commandArgs, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  let partial = false;
  const kept: string[] = [];
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (options.keepStdout) kept.push(chunk);
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
    partial = !chunk.endsWith('\n');
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let sampled = { hwmKib: 0, cpuTicks: 0 };
  const sampler = gnuTime ? null : setInterval(() => (sampled = sampleProc(child.pid, sampled)), 20);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      const why = stderr.trim().split('\n').filter((line) => line.trim() !== '' && !/^Command exited with non-zero status/.test(line)).slice(-3).join(' / ');
      throw new Error(`${file.split('/').pop()} ${args.slice(0, 2).join(' ')} exited with ${code}: ${why || 'no message'}`);
    }
    let peakRssMib: number;
    let cpuSeconds: number;
    if (gnuTime) {
      const [maxKib = NaN, user = NaN, system = NaN] = readFileSync(usageFile, 'utf8').trim().split('\n').pop()!.trim().split(/\s+/).map(Number);
      peakRssMib = (maxKib * 1024) / MIB;
      cpuSeconds = user + system;
    } else {
      peakRssMib = (sampled.hwmKib * 1024) / MIB;
      cpuSeconds = sampled.cpuTicks / 100;
    }
    return { seconds, peakRssMib, cpuSeconds, lines: lines + (partial ? 1 : 0), ...(options.keepStdout ? { stdout: kept.join('') } : {}) };
  } finally {
    if (sampler) clearInterval(sampler);
    rmSync(usageFile, { force: true });
  }
}

/** VmHWM (KiB) and utime + stime (clock ticks, USER_HZ = 100 on Linux) of a running process, kept when it has gone. */
function sampleProc(pid: number | undefined, last: { hwmKib: number; cpuTicks: number }): { hwmKib: number; cpuTicks: number } {
  if (pid === undefined) return last;
  try {
    const hwm = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { hwmKib: Math.max(last.hwmKib, hwm), cpuTicks: Math.max(last.cpuTicks, ticks) };
  } catch {
    return last;
  }
}

/** Entries of a listing as the tool printed it: one line each, minus a line for the folder's own marker object (`aws s3 ls` prints it with no name). */
export function listedEntries(peer: CliPeer, stdout: string): number {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  if (peer === 'aws-cli') return lines.filter((line) => !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ $/.test(line)).length;
  return lines.length;
}

/** The credentials a peer runs with now: the bench session's, as the app's client holds them (refreshed when they near expiry). */
export async function currentCredentials(session: BenchSession): Promise<AwsCredentialIdentity> {
  return session.services.clients.client().s3.config.credentials();
}

/**
 * Runs one peer CLI on one action against the session's stack (the shaped
 * endpoint under wan), with the session's credentials read afresh, in an
 * environment of its own (peerEnvironment), and measures it (runMeasured).
 */
export async function runPeer(
  peer: CliPeer,
  tools: CliTools,
  action: PeerAction,
  context: { session: BenchSession; scratch: string; keepStdout?: boolean },
): Promise<ProcessOutcome> {
  const tool = tools[peer];
  if (!('path' in tool)) throw new Error(`${peer} is missing: ${tool.missing}`);
  const { info } = context.session;
  const scratch = join(context.scratch, peer);
  mkdirSync(scratch, { recursive: true });
  const env = peerEnvironment(peer, { endpoint: info.awsEndpoint, region: info.region, credentials: await currentCredentials(context.session) }, scratch);
  return runMeasured(tool.path, peerArgs(peer, action, info.awsEndpoint), { env, scratch, keepStdout: context.keepStdout });
}
