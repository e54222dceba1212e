import { randomUUID } from 'node:crypto';
import { openDatabase, type BackendDatabase } from './db';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

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
}

export class UserStore {
  private readonly now: () => number;
  private readonly ownsDatabase: boolean;
  private readonly dummyHash = dummyPasswordHash();

  constructor(
    private readonly db: BackendDatabase,
    options: UserStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ownsDatabase = options.ownsDatabase ?? false;
  }

  close(): void {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  async add(username: string, password: string): Promise<UserRecord> {
    const name = checkUsername(username);
    checkPassword(password);
    if (this.exists(name)) throw new UserStoreError('user_exists', `User "${name}" already exists.`);
    const hash = await hashPassword(password);
    const row: UserRow = {
      id: randomUUID(),
      username: name,
      password_hash: hash,
      identity_id: null,
      created_at: this.now(),
    };
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, username, password_hash, identity_id, created_at, updated_at)
           VALUES (@id, @username, @password_hash, @identity_id, @created_at, @created_at)`,
        )
        .run(row);
    } catch (error) {
      // Another process may have added the same name while we were hashing.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new UserStoreError('user_exists', `User "${name}" already exists.`);
      }
      throw error;
    }
    return toRecord(row);
  }

  /** Deleting a user also deletes their refresh tokens (foreign keys cascade). */
  remove(username: string): boolean {
    const result = this.db.prepare('DELETE FROM users WHERE username = ?').run(normalizeUsername(username));
    return result.changes > 0;
  }

  /**
   * A password reset also revokes every refresh token of the user: resets
   * usually follow a suspected compromise, so existing sessions must end.
   */
  async resetPassword(username: string, password: string): Promise<boolean> {
    const name = normalizeUsername(username);
    checkPassword(password);
    const user = this.get(name);
    if (!user) return false;
    const hash = await hashPassword(password);
    const now = this.now();
    const apply = this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, now, user.id);
      this.db
        .prepare(
          `UPDATE refresh_families SET revoked_at = ?, revoked_reason = 'password_reset'
           WHERE user_id = ? AND revoked_at IS NULL`,
        )
        .run(now, user.id);
    });
    apply();
    return true;
  }

  exists(username: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(normalizeUsername(username)) !== undefined;
  }

  get(username: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(normalizeUsername(username)) as
      | UserRow
      | undefined;
    return row && toRecord(row);
  }

  getById(id: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toRecord(row);
  }

  /**
   * Resolves to the user when the password matches, otherwise null. Unknown
   * users cost one scrypt run too, so timing does not reveal who exists.
   */
  async verify(username: string, password: string): Promise<UserRecord | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(normalizeUsername(username)) as
      | UserRow
      | undefined;
    const matches = await verifyPassword(password, row?.password_hash ?? this.dummyHash);
    return row && matches ? toRecord(row) : null;
  }

  setIdentityId(userId: string, identityId: string): void {
    this.db
      .prepare('UPDATE users SET identity_id = ?, updated_at = ? WHERE id = ? AND identity_id IS NOT ?')
      .run(identityId, this.now(), userId, identityId);
  }

  list(): UserRecord[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
    return rows.map(toRecord);
  }
}

/** Opens a store that owns its database connection (for the CLI and scripts). */
export function openUserStore(dbPath: string, options: Omit<UserStoreOptions, 'ownsDatabase'> = {}): UserStore {
  return new UserStore(openDatabase(dbPath), { ...options, ownsDatabase: true });
}
