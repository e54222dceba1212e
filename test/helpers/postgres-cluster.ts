import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { startPostgresServer } from '../../scripts/backend-load/postgres-cluster';

/** A throw-away PostgreSQL server (see scripts/backend-load/postgres-cluster.ts) whose databases live for one test. */
export interface PostgresCluster {
  /** A new, empty database; its URL is what BACKEND_DATABASE_URL would hold. Dropped after the current test. */
  freshDatabaseUrl(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const server = await startPostgresServer();
  let databases = 0;
  return {
    async freshDatabaseUrl() {
      const name = `test_${++databases}`;
      const url = await server.createDatabase(name);
      onTestFinished(() => server.dropDatabase(name));
      return url;
    },
    stop: () => server.stop(),
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
