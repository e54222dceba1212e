import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { newerSchemaError } from './schema-errors';
import type { SqlDatabase, SqlExecutor, SqlTransaction, SqlValue } from './sql';

/** Any constant shared by every instance ("S3Desk" and 1, as hex digits); it names the lock that serializes migrations. */
const MIGRATION_LOCK_KEY = '23418791919840001';

const INT8_OID = 20;

// Times are BIGINT epoch milliseconds, far below 2^53: numbers, not the strings pg returns by default.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** Told about connections that fail while idle in the pool (the next query opens a new one). */
  log?: (line: string) => void;
  /** Connections per instance. */
  maxConnections?: number;
}

/**
 * Connects to PostgreSQL (`postgres://user:password@host:port/database`,
 * or `?host=/socket/dir` for a unix socket) and brings its schema up to date.
 * Fails with a message naming the server, never the password, when it cannot.
 */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<SqlDatabase> {
  const description = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.maxConnections ?? 10,
    // Bounded, so an unreachable database becomes an error instead of a request that never ends.
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => options.log?.(`database connection lost while idle: ${error.message}`));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Could not open ${description}: ${(error as Error).message}`, { cause: error });
  }
  return new PostgresDatabase(pool, description);
}

/** host:port/database, without user or password, for logs and errors; read the way pg itself reads the URL. */
export function describePostgresUrl(url: string): string {
  try {
    const { host, port, database } = new pg.Client({ connectionString: url });
    return `PostgreSQL ${host}:${port}/${database ?? ''}`;
  } catch {
    return 'PostgreSQL (unreadable URL)';
  }
}

/**
 * Applies the missing migrations, each in its own transaction, under a
 * session advisory lock: instances starting together wait for the first one
 * instead of racing to create the same tables.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const current = rows[0]?.version ?? 0;
      if (current > POSTGRES_MIGRATIONS.length) throw newerSchemaError(current, POSTGRES_MIGRATIONS.length);
      for (let version = current; version < POSTGRES_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(POSTGRES_MIGRATIONS[version] as string);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-way may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}

/** Turns the shared `?` placeholders into PostgreSQL's `$1, $2...`, leaving quoted text alone. */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++index}` : match));
}

class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres';
  private readonly direct: SqlExecutor;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
  ) {
    this.direct = executor(pool);
  }

  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.direct.all<Row>(sql, params);
  }

  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.direct.get<Row>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await work({ ...executor(client), forUpdate: ' FOR UPDATE' });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    // pg refuses a second end(); every caller waits for the first.
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

function executor(target: pg.Pool | pg.PoolClient): SqlExecutor {
  const query = async <Row>(sql: string, params: readonly SqlValue[] = []) =>
    target.query(numberPlaceholders(sql), params as SqlValue[]) as unknown as Promise<pg.QueryResult<Row & pg.QueryResultRow>>;
  return {
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await query<Row>(sql, params)).rows;
    },
    async get<Row>(sql: string, params?: readonly SqlValue[]) {
      return (await query<Row>(sql, params)).rows[0];
    },
    async run(sql: string, params?: readonly SqlValue[]) {
      return (await query(sql, params)).rowCount ?? 0;
    },
  };
}
