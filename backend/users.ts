import { randomUUID } from 'node:crypto';
import { openDatabase, type DatabaseLocation } from './db';
import type { SqlDatabase } from './store/sql';
import { DEFAULT_SCRYPT_PARAMS, dummyPasswordHash, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';

export const USERNAME_MAX_LENGTH = 128;
export const PASSWORD_MAX_LENGTH = 1024;

export interface UserRecord {
  /** Stable random id; this, not the username, is the developer user identifier sent to Cognito. */
  id: string;
  username: string;
  /** The Cognito IdentityId returned at first login; null until then. */
  identityId: string | null;
  createdAt: number;
}

export type UserStoreErrorCode = 'user_exists' | 'user_not_found' | 'invalid_username' | 'invalid_password';

export class UserStoreError extends Error {
  constructor(
    readonly code: UserStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserStoreError';
  }
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  identity_id: string | null;
  created_at: number;
}

/** Usernames match case-insensitively and ignore surrounding spaces, so they are stored in this form. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

function checkUsername(username: string): string {
  const normalized = normalizeUsername(username);
  if (normalized.length === 0 || normalized.length > USERNAME_MAX_LENGTH) {
    throw new UserStoreError('invalid_username', `A username must be 1 to ${USERNAME_MAX_LENGTH} characters long.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(normalized)) {
    throw new UserStoreError('invalid_username', 'A username must not contain control characters.');
  }
  return normalized;
}

function checkPassword(password: string): void {
  // Same bounds as the login schema: a longer password could never be typed in.
  if (password.length === 0 || password.length > PASSWORD_MAX_LENGTH) {
    throw new UserStoreError('invalid_password', `A password must be 1 to ${PASSWORD_MAX_LENGTH} characters long.`);
  }
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, username: row.username, identityId: row.identity_id, createdAt: row.created_at };
}

export interface UserStoreOptions {
  now?: () => number;
  /** When true, close() closes the database; otherwise whoever opened it does. */
  ownsDatabase?: boolean;
  /** What new hashes are made with, and older ones upgraded to; OWASP's by default (tests use cheaper ones). */
  scryptParams?: ScryptParams;
  /** Told when an older hash could not be upgraded (the login still succeeds). */
  log?: (line: string) => void;
}

export class UserStore {
  private readonly now: () => number;
  private readonly ownsDatabase: boolean;
  private readonly params: ScryptParams;
  private readonly log: (line: string) => void;
  private readonly dummyHash: string;

  constructor(
    private readonly db: SqlDatabase,
    options: UserStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ownsDatabase = options.ownsDatabase ?? false;
    this.params = options.scryptParams ?? DEFAULT_SCRYPT_PARAMS;
    this.log = options.log ?? (() => undefined);
    this.dummyHash = dummyPasswordHash(this.params);
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }

  async add(username: string, password: string): Promise<UserRecord> {
    const name = checkUsername(username);
    checkPassword(password);
    if (await this.exists(name)) throw new UserStoreError('user_exists', `User "${name}" already exists.`);
    const hash = await hashPassword(password, this.params);
    const row: UserRow = {
      id: randomUUID(),
      username: name,
      password_hash: hash,
      identity_id: null,
      created_at: this.now(),
    };
    // Another process may have added the same name while we were hashing: then nothing is inserted.
    const inserted = await this.db.run(
      `INSERT INTO users (id, username, password_hash, identity_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`,
      [row.id, row.username, row.password_hash, row.identity_id, row.created_at, row.created_at],
    );
    if (inserted === 0) throw new UserStoreError('user_exists', `User "${name}" already exists.`);
    return toRecord(row);
  }

  /**
   * Deleting a user also deletes their refresh tokens (foreign keys cascade)
   * and what the login limits remember of the name, so a later user of the
   * same name inherits nothing.
   */
  async remove(username: string): Promise<boolean> {
    const name = normalizeUsername(username);
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM login_known_addresses WHERE username = ?', [name]);
      await tx.run('DELETE FROM login_failures WHERE username = ?', [name]);
      return (await tx.run('DELETE FROM users WHERE username = ?', [name])) > 0;
    });
  }

  /**
   * A password reset also revokes every refresh token of the user: resets
   * usually follow a suspected compromise, so existing sessions must end, and
   * the addresses that signed in with the old password are no longer trusted
   * to skip the per-username slowdown.
   */
  async resetPassword(username: string, password: string): Promise<boolean> {
    const name = normalizeUsername(username);
    checkPassword(password);
    const user = await this.get(name);
    if (!user) return false;
    const hash = await hashPassword(password, this.params);
    const now = this.now();
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [hash, now, user.id]);
      await tx.run(
        `UPDATE refresh_families SET revoked_at = ?, revoked_reason = 'password_reset'
         WHERE user_id = ? AND revoked_at IS NULL`,
        [now, user.id],
      );
      await tx.run('DELETE FROM login_known_addresses WHERE username = ?', [name]);
    });
    return true;
  }

  async exists(username: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM users WHERE username = ?', [normalizeUsername(username)])) !== undefined;
  }

  async get(username: string): Promise<UserRecord | undefined> {
    const row = await this.row(username);
    return row && toRecord(row);
  }

  async getById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.get<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
    return row && toRecord(row);
  }

  /**
   * Resolves to the user when the password matches, otherwise null. Unknown
   * users cost one scrypt run too, so timing does not reveal who exists.
   */
  async verify(username: string, password: string): Promise<UserRecord | null> {
    const row = await this.row(username);
    const matches = await verifyPassword(password, row?.password_hash ?? this.dummyHash);
    if (!row || !matches) return null;
    if (needsRehash(row.password_hash, this.params)) await this.upgradeHash(row, password);
    return toRecord(row);
  }

  /**
   * Replaces a hash made with older parameters, now that the password is at
   * hand. Only if it is still the same hash (a reset meanwhile wins), and a
   * failure only delays the upgrade to the next login: it never fails this one.
   */
  private async upgradeHash(row: UserRow, password: string): Promise<void> {
    try {
      const hash = await hashPassword(password, this.params);
      await this.db.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?', [
        hash,
        this.now(),
        row.id,
        row.password_hash,
      ]);
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      this.log(`password hash upgrade failed (${typeof name === 'string' && /^\w{1,60}$/.test(name) ? name : 'Error'}); retried at the next login`);
    }
  }

  async setIdentityId(userId: string, identityId: string): Promise<void> {
    await this.db.run('UPDATE users SET identity_id = ?, updated_at = ? WHERE id = ? AND identity_id IS DISTINCT FROM ?', [
      identityId,
      this.now(),
      userId,
      identityId,
    ]);
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.all<UserRow>(`SELECT ${COLUMNS} FROM users`);
    // Sorted here: the two databases would order by different collations.
    return rows.map(toRecord).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  private row(username: string): Promise<UserRow | undefined> {
    return this.db.get<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = ?`, [normalizeUsername(username)]);
  }
}

const COLUMNS = 'id, username, password_hash, identity_id, created_at';

/** Opens a store that owns its database connection (for the CLI and scripts). */
export async function openUserStore(
  location: DatabaseLocation,
  options: Omit<UserStoreOptions, 'ownsDatabase'> = {},
): Promise<UserStore> {
  return new UserStore(await openDatabase(location), { ...options, ownsDatabase: true });
}
