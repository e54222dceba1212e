import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, onTestFinished } from 'vitest';

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server binaries, one folder per major version. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';

/**
 * A throw-away PostgreSQL server: its own data folder in a temp folder, no TCP
 * listener, a unix socket in that folder (which only its owner can enter), so
 * it never touches or collides with a system cluster.
 */
export interface PostgresCluster {
  /** A new, empty database; its URL is what BACKEND_DATABASE_URL would hold. Dropped after the current test. */
  freshDatabaseUrl(): Promise<string>;
  stop(): Promise<void>;
}

function serverBinaries(): string {
  const versions = existsSync(DEBIAN_POSTGRES_ROOT)
    ? readdirSync(DEBIAN_POSTGRES_ROOT)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_POSTGRES_ROOT, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `The PostgreSQL tests need the server binaries under ${DEBIAN_POSTGRES_ROOT}/<version>/bin: install Debian's postgresql package (./dev test does).`,
    );
  }
  return join(DEBIAN_POSTGRES_ROOT, versions[0] as string, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('No free port for PostgreSQL.');
  return address.port;
}

/** The server refuses to run as root, so as root it runs as the package's postgres user. */
async function asServerUser(): Promise<{ wrap: (command: string, args: string[]) => [string, string[]]; uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const uid = Number((await run('id', ['-u', SUPERUSER])).stdout.trim());
  const gid = Number((await run('id', ['-g', SUPERUSER])).stdout.trim());
  return { wrap: (command, args) => ['runuser', ['-u', SUPERUSER, '--', command, ...args]], uid, gid };
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const user = await asServerUser();
  const root = mkdtempSync(join(tmpdir(), 's3desk-postgres-'));
  const data = join(root, 'data');
  const socketDir = join(root, 'socket');
  mkdirSync(socketDir);
  if (user.uid !== undefined && user.gid !== undefined) {
    for (const path of [root, socketDir]) chownSync(path, user.uid, user.gid);
  }
  const exec = (tool: string, args: string[]) => run(...user.wrap(join(bin, tool), args));
  const port = await freePort();
  let started = false;
  try {
    await exec('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C', '--no-instructions']);
    // Durability is worthless for a cluster deleted after the tests; speed is not.
    const settings = [
      `-p ${port}`,
      `-k ${socketDir}`,
      '-c listen_addresses=',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
      '-c shared_buffers=16MB',
    ].join(' ');
    await exec('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '180', '-o', settings, 'start']);
    started = true;
  } catch (error) {
    const log = existsSync(join(root, 'server.log')) ? readFileSync(join(root, 'server.log'), 'utf8') : '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`The throw-away PostgreSQL cluster did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }

  const urlOf = (database: string) => `postgres://${SUPERUSER}@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  let databases = 0;

  return {
    async freshDatabaseUrl() {
      const name = `test_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      // FORCE: a test that failed half-way may have left a connection open.
      onTestFinished(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return urlOf(name);
    },
    async stop() {
      await admin.end().catch(() => undefined);
      try {
        if (started) await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One cluster for the calling test file, started before its first test and
 * removed after its last; the returned function gives the running cluster.
 */
export function usePostgresCluster(): () => PostgresCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('The PostgreSQL cluster is not running: call usePostgresCluster() at the top of the test file.');
    return cluster;
  };
}
