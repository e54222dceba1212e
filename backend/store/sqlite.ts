import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { newerSchemaError } from './schema-errors';
import type { SqlDatabase, SqlExecutor, SqlTransaction, SqlValue } from './sql';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';

/**
 * Opens (creating if needed) a SQLite database file and brings its schema up
 * to date. WAL lets the users CLI write while the server runs; another process
 * holding the write lock is waited for up to the busy timeout.
 */
export function openSqliteDatabase(path: string): SqlDatabase {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new Error(`Could not open SQLite ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, SQLITE_MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteDatabase(db, path);
}

/**
 * The tail of the operation queue of each database file opened by this
 * process. Shared by all connections to one file: better-sqlite3 waits for a
 * lock by blocking the thread, so a second connection in this process waiting
 * for a lock the first holds across an await would wait for itself.
 */
const queues = new Map<string, Promise<unknown>>();
let memoryDatabases = 0;

/** Applies the missing migrations in one IMMEDIATE transaction, so two processes opening a fresh file at once do not both create the tables. */
function migrate(db: Database.Database, migrations: readonly string[]): void {
  const apply = db.transaction(() => {
    // Read inside the transaction: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > migrations.length) throw newerSchemaError(current, migrations.length);
    for (let version = current; version < migrations.length; version++) {
      db.exec(migrations[version] as string);
    }
    if (current !== migrations.length) db.pragma(`user_version = ${migrations.length}`);
  });
  apply.immediate();
}

/**
 * better-sqlite3 answers synchronously on one connection, so everything here
 * runs one operation at a time: a statement issued while another caller's
 * transaction is open would otherwise become part of that transaction.
 */
class SqliteDatabase implements SqlDatabase {
  readonly kind = 'sqlite';
  readonly description: string;
  private readonly queueKey: string;
  private readonly direct: SqlExecutor;

  constructor(
    private readonly db: Database.Database,
    path: string,
  ) {
    this.description = path === ':memory:' ? 'SQLite in memory' : `SQLite ${path}`;
    this.queueKey = path === ':memory:' ? `:memory:${++memoryDatabases}` : resolve(path);
    this.direct = directExecutor(db);
  }

  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.serially(() => this.direct.all<Row>(sql, params));
  }

  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return this.serially(() => this.direct.get<Row>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.serially(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.serially(async () => {
      // IMMEDIATE takes the write lock before the first read, so no other
      // process can change what this transaction reads before it writes.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work({ ...this.direct, forUpdate: '' });
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.serially(async () => {
      if (this.db.open) this.db.close();
    });
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const tail = queues.get(this.queueKey) ?? Promise.resolve();
    const result = tail.then(operation, operation);
    const settled = result.catch(() => undefined);
    queues.set(this.queueKey, settled);
    // Forget an idle queue, so opening many files does not grow the map for good.
    void settled.then(() => {
      if (queues.get(this.queueKey) === settled) queues.delete(this.queueKey);
    });
    return result;
  }
}

function directExecutor(db: Database.Database): SqlExecutor {
  return {
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).all(...params) as Row[];
    },
    async get<Row>(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).get(...params) as Row | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).run(...params).changes;
    },
  };
}
