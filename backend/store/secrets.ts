import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from './sql';

/**
 * Returns the named secret, generating it (random bytes) the first time. Kept
 * in the database rather than in memory so it survives restarts and every
 * instance sharing the database agrees on it; a racing instance that inserts
 * first simply wins and everybody reads its value.
 */
export async function loadSecret(db: SqlDatabase, name: string, bytes = 32): Promise<Buffer> {
  await db.run('INSERT INTO backend_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBytes(bytes),
    Date.now(),
  ]);
  const row = await db.get<{ value: unknown }>('SELECT value FROM backend_secrets WHERE name = ?', [name]);
  if (!row || !Buffer.isBuffer(row.value) || row.value.length < bytes) {
    throw new Error(`The backend secret "${name}" in the database is missing or too short.`);
  }
  return row.value;
}
