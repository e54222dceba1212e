import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseLocation } from '../../backend/db';
import { openUserStore } from '../../backend/users';
import { startBackendInstances } from './backend-instances';
import { startLoadCognito, type LoadCognito } from './cognito-emulator';
import { LoadClient } from './load-client';
import type { LoadOptions } from './load-options';
import { LoadTally, type LoadResult } from './load-tally';
import { startPostgresServer } from './postgres-cluster';
import { startRoundRobinProxy } from './round-robin-proxy';

export interface RunLoadHooks {
  /** Ends the clients early (Ctrl-C); everything is still shut down and the result still returned. */
  signal?: AbortSignal;
  /** Progress lines (stderr for the CLI). */
  progress?: (line: string) => void;
}

/**
 * Logins are limited per client address; behind the round robin each client
 * has an address of its own, but a load test measures the store and the
 * rotation, not the limiter: the counters are still hit on every login, they
 * just never refuse one. (The per-username limits count failures, and these
 * clients never fail a password, so they keep their defaults.)
 */
const LOAD_LIMIT_PER_ADDRESS = '1000000/60';
const USER_CREATION_CONCURRENCY = 4;
const PROGRESS_EVERY_MS = 10_000;
/**
 * A login is one scrypt run (OWASP's parameters: about a second of a core on
 * a busy two-core machine), done four at a time per process on libuv's pool.
 * All clients signing in at the same instant would queue behind each other
 * for minutes, so the first logins are made before the clock starts, this
 * many per instance at a time, and timed apart (signInP50Ms, signInP99Ms).
 */
const SIGN_IN_CONCURRENCY_PER_INSTANCE = 4;
/** Connections each instance's pool may open (the backend's default), to size the cluster's max_connections. */
const POOL_PER_INSTANCE = 10;

/** A loopback address per client (Linux routes all of 127.0.0.0/8 to lo). */
export function clientAddress(index: number): string {
  return `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/**
 * Everything `npm run backend:load` does: a throw-away database, a Cognito
 * emulator, the backend instances and the round robin; users; then the
 * clients for the given time; then everything is stopped and removed, on
 * success, failure or interruption alike. The instances' logs are kept (and
 * their folder named) only when something went wrong.
 */
export async function runLoad(options: LoadOptions, hooks: RunLoadHooks = {}): Promise<LoadResult> {
  const progress = hooks.progress ?? (() => {});
  const root = mkdtempSync(join(tmpdir(), 's3desk-load-'));
  const logDir = join(root, 'logs');
  mkdirSync(logDir);
  const closers: Array<() => Promise<void>> = [];
  let keepLogs = true;
  const checkpoint = () => {
    if (hooks.signal?.aborted) throw new Error('Interrupted before the clients ran; everything started has been stopped.');
  };
  try {
    progress(`backend:load: ${options.instances} ${options.store} instance(s), ${options.clients} clients, ${options.seconds} s; instance logs in ${logDir}`);
    const cognito = await startLoadCognito(join(root, 'aws'));
    closers.push(() => cognito.close());
    checkpoint();

    let database: DatabaseLocation;
    if (options.store === 'postgres') {
      const server = await startPostgresServer({ maxConnections: options.instances * POOL_PER_INSTANCE + 20 });
      closers.push(() => server.stop());
      database = { kind: 'postgres', url: await server.createDatabase('backend_load') };
    } else {
      database = { kind: 'sqlite', path: join(root, 'backend.sqlite') };
    }

    const password = randomBytes(18).toString('base64url');
    const usernames = Array.from({ length: options.clients }, (_, index) => `load-user-${index + 1}`);
    progress(`backend:load: creating ${usernames.length} users`);
    await createUsers(database, usernames, password, hooks.signal);
    checkpoint();
    progress(`backend:load: starting ${options.instances} instance(s)`);

    const backends = await startBackendInstances(options.instances, backendEnvironment(cognito, database), logDir);
    closers.push(() => backends.stop());
    const instanceUrls = backends.instances.map((instance) => instance.url);
    const proxy = await startRoundRobinProxy(instanceUrls);
    closers.push(() => proxy.close());
    checkpoint();

    const tally = new LoadTally();
    const clients = usernames.map(
      (username, index) =>
        new LoadClient({
          username,
          password,
          localAddress: clientAddress(index),
          proxyUrl: proxy.url,
          instanceUrls,
          racing: isRacer(index, options.racingShare),
          refreshesPerLogin: options.refreshesPerLogin,
          index,
          tally,
        }),
    );
    let started = 0;
    try {
      progress(`backend:load: signing ${clients.length} clients in, ${SIGN_IN_CONCURRENCY_PER_INSTANCE * options.instances} at a time`);
      await signInAll(clients, SIGN_IN_CONCURRENCY_PER_INSTANCE * options.instances, hooks.signal);
      checkpoint();

      started = Date.now();
      const deadline = started + options.seconds * 1000;
      const running = () => Date.now() < deadline && !hooks.signal?.aborted;
      const racers = usernames.filter((_, index) => isRacer(index, options.racingShare)).length;
      progress(`backend:load: ${options.clients} clients running (${racers} racing every refresh on two instances) behind ${proxy.url}`);
      const reporter = setInterval(() => {
        progress(`backend:load: ${Math.round((Date.now() - started) / 1000)} s, ${tally.requests} requests, ${tally.errors} errors`);
      }, PROGRESS_EVERY_MS);
      try {
        await Promise.all(clients.map((client) => client.run(running)));
      } finally {
        clearInterval(reporter);
      }
    } finally {
      for (const client of clients) client.close();
    }
    const elapsedSeconds = Math.min(options.seconds, Math.round((Date.now() - started) / 1000));
    const result = tally.result({ store: options.store, instances: options.instances, clients: options.clients, seconds: elapsedSeconds });
    keepLogs = result.errors > 0 || result.lostRotations > 0 || result.doubleSuccessors > 0;
    return result;
  } finally {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => progress(`backend:load: stopping failed: ${(error as Error).message}`));
    }
    if (keepLogs) {
      rmSync(join(root, 'aws'), { recursive: true, force: true });
      rmSync(join(root, 'backend.sqlite'), { force: true });
      progress(`backend:load: something went wrong; the instances' logs are kept in ${logDir}`);
    } else {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

async function signInAll(clients: readonly LoadClient[], concurrency: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, clients.length) }, async () => {
      while (next < clients.length && !signal?.aborted) await (clients[next++] as LoadClient).signIn();
    }),
  );
}

/** Racing clients spread evenly among the others, floor(clients × share) of them. */
function isRacer(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

function backendEnvironment(cognito: LoadCognito, database: DatabaseLocation): Record<string, string> {
  return {
    ...(database.kind === 'postgres' ? { BACKEND_DATABASE_URL: database.url } : { BACKEND_DB_PATH: database.path }),
    COGNITO_IDENTITY_POOL_ID: cognito.identityPoolId,
    COGNITO_DEVELOPER_PROVIDER_NAME: cognito.developerProviderName,
    COGNITO_REGION: cognito.region,
    COGNITO_ENDPOINT: cognito.endpoint,
    BACKEND_BUCKETS: JSON.stringify([{ name: 'desk-private', prefix: '${identityId}/' }]),
    // The round robin runs on loopback: it is the proxy whose X-Forwarded-For the instances believe.
    BACKEND_TRUSTED_PROXIES: '127.0.0.1/32',
    LOGIN_LIMIT_PER_ADDRESS: LOAD_LIMIT_PER_ADDRESS,
    AWS_ACCESS_KEY_ID: cognito.backendKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: cognito.backendKey.secretAccessKey,
    AWS_REGION: cognito.region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function createUsers(database: DatabaseLocation, usernames: readonly string[], password: string, signal?: AbortSignal): Promise<void> {
  const users = await openUserStore(database);
  try {
    let next = 0;
    // A few at a time: each one is a scrypt run on libuv's thread pool.
    await Promise.all(
      Array.from({ length: USER_CREATION_CONCURRENCY }, async () => {
        while (next < usernames.length && !signal?.aborted) await users.add(usernames[next++] as string, password);
      }),
    );
  } finally {
    await users.close();
  }
}

