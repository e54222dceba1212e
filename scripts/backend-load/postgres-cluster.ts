import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server binaries, one folder per major version. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';

/**
 * A throw-away PostgreSQL server: its own data folder in a temp folder, no TCP
 * listener, a unix socket in that folder (which only its owner can enter), so
 * it never touches or collides with a system cluster. Used by the backend's
 * tests (through test/helpers/postgres-cluster.ts) and by the load test.
 */
export interface PostgresServer {
  /** Creates an empty database; its URL is what BACKEND_DATABASE_URL would hold. */
  createDatabase(name: string): Promise<string>;
  /** Drops it even while connections are still open (a test that failed half-way may have left one). */
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Connections the server accepts; every backend instance keeps a pool of up to 10. */
  maxConnections?: number;
}

function serverBinaries(): string {
  const versions = existsSync(DEBIAN_POSTGRES_ROOT)
    ? readdirSync(DEBIAN_POSTGRES_ROOT)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_POSTGRES_ROOT, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `A throw-away PostgreSQL needs the server binaries under ${DEBIAN_POSTGRES_ROOT}/<version>/bin: install Debian's postgresql package (./dev test does).`,
    );
  }
  return join(DEBIAN_POSTGRES_ROOT, versions[0] as string, 'bin');
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error(`No free port on ${host}.`);
  return address.port;
}

/** The server refuses to run as root, so as root it runs as the package's postgres user. */
async function asServerUser(): Promise<{ wrap: (command: string, args: string[]) => [string, string[]]; uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const uid = Number((await run('id', ['-u', SUPERUSER])).stdout.trim());
  const gid = Number((await run('id', ['-g', SUPERUSER])).stdout.trim());
  return { wrap: (command, args) => ['runuser', ['-u', SUPERUSER, '--', command, ...args]], uid, gid };
}

export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
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
    // Durability is worthless for a cluster deleted afterwards; speed is not.
    const settings = [
      `-p ${port}`,
      `-k ${socketDir}`,
      '-c listen_addresses=',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      `-c max_connections=${options.maxConnections ?? 100}`,
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
  try {
    await admin.connect();
  } catch (error) {
    await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const checkName = (name: string): string => {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a database name this helper creates.`);
    return name;
  };

  let stopping: Promise<void> | undefined;
  return {
    async createDatabase(name) {
      await admin.query(`CREATE DATABASE ${checkName(name)}`);
      return urlOf(name);
    },
    async dropDatabase(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${checkName(name)} WITH (FORCE)`);
    },
    stop() {
      stopping ??= (async () => {
        await admin.end().catch(() => undefined);
        try {
          if (started) await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}
