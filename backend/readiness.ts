import type { SqlDatabase } from './store/sql';

/** Longer than a healthy database ever takes, short enough for a load balancer's probe. */
export const READY_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers a trivial query within `timeoutMs`. A query
 * still running when the time is up is left to finish on its own; the answer
 * is already no.
 */
export async function databaseAnswers(db: SqlDatabase, timeoutMs = READY_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = db.get<{ ok: number }>('SELECT 1 AS ok').then(
    (row) => Number(row?.ok) === 1,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
