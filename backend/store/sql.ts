/** A value bound to a `?` placeholder. Times are epoch milliseconds, secrets are Buffers. */
export type SqlValue = string | number | Buffer | null;

/**
 * The statements every store runs, written once for both databases: `?`
 * placeholders, and only SQL that SQLite and PostgreSQL read alike
 * (ON CONFLICT, RETURNING, IS DISTINCT FROM).
 */
export interface SqlExecutor {
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlTransaction extends SqlExecutor {
  /**
   * Appended to a SELECT to lock the rows it reads until the transaction
   * ends: ` FOR UPDATE` in PostgreSQL; nothing in SQLite, whose transactions
   * take the whole database's write lock up front.
   */
  readonly forUpdate: string;
}

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * One database shared by the users, refresh-token, secret and rate-limit
 * stores, and by every backend instance pointed at it.
 */
export interface SqlDatabase extends SqlExecutor {
  readonly kind: DatabaseKind;
  /** Where it is, for logs: never a password. */
  readonly description: string;
  /**
   * Runs `work` in one transaction that holds the write lock from its first
   * statement (SQLite: BEGIN IMMEDIATE) or locks the rows it reads with
   * `forUpdate` (PostgreSQL), committing when it resolves and rolling back when
   * it throws. `work` must use `tx`, never the database itself, and do nothing
   * but database work: other requests wait while it runs.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
