import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { loadSecret } from './store/secrets';
import type { SqlDatabase, SqlExecutor, SqlTransaction } from './store/sql';

/** 32 random bytes: unguessable, so refresh needs no rate limit of its own. */
const TOKEN_BYTES = 32;
/** Name of the HMAC key successors are derived with, in backend_secrets. */
const SUCCESSOR_SECRET = 'refresh_successor_v1';
/** How long a login lasts at most, however often it is refreshed, unless configured otherwise. */
export const DEFAULT_FAMILY_MAX_SECONDS = 90 * 86_400;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface IssuedRefreshToken {
  /** The secret itself; only its SHA-256 is stored. */
  token: string;
  expiresAt: number;
}

export interface LiveRefreshToken {
  tokenHash: string;
  familyId: string;
  userId: string;
  expiresAt: number;
}

export type RefreshTokenLookup =
  | { status: 'valid'; token: LiveRefreshToken }
  /**
   * Rotated less than the grace window ago and its successor is still unused:
   * most likely the client never received the answer and is retrying.
   * Rotating it again answers that same successor.
   */
  | { status: 'retried'; token: LiveRefreshToken; successor: IssuedRefreshToken }
  /** Already rotated: a copy of it is being replayed, by the client or by a thief. */
  | { status: 'reused'; familyId: string }
  /** `expired` also covers a login older than the family's absolute lifetime. */
  | { status: 'unknown' | 'revoked' | 'expired' };

export type RotationResult = { status: 'rotated'; issued: IssuedRefreshToken } | Exclude<RefreshTokenLookup, { status: 'valid' }>;

interface TokenRow {
  token_hash: string;
  family_id: string;
  expires_at: number;
  used_at: number | null;
  user_id: string;
  family_created_at: number;
  revoked_at: number | null;
}

export interface RefreshTokenStoreOptions {
  ttlSeconds: number;
  /**
   * How long after a rotation the rotated token may be presented again and
   * get the same successor (while that successor is unused); 0, the default,
   * treats every second presentation as reuse.
   */
  graceSeconds?: number;
  /** How long a family (one login) lasts at most, however often it is refreshed. */
  familyMaxSeconds?: number;
  now?: () => number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Rotating refresh tokens grouped in families (one family per login). Each
 * token works once; presenting a used one means it leaked, so the whole family
 * is revoked and the legitimate holder has to sign in again. A family ends
 * `familyMaxSeconds` after its login whatever happens: then the user signs in
 * again.
 *
 * Exception, the grace window: a lost answer (client timeout, dropped
 * connection) makes the client retry with the token it still holds. Within
 * `graceSeconds` of the rotation, and while the successor has not been used,
 * that retry gets the very same successor instead of revoking the family. A
 * thief replaying in that window gains nothing new: it gets the token the
 * legitimate client also holds, and whichever of them uses it second trips
 * reuse detection as usual.
 *
 * To answer "the same successor" without storing plaintext, successors are not
 * random but derived from their predecessor, HMAC-SHA256(secret, predecessor),
 * with a secret kept in the database (so it survives restarts and is shared by
 * every instance). The first token of a family is random; only SHA-256 hashes
 * of tokens are stored.
 *
 * Several instances may share the database: a rotation locks its family's row
 * before reading the token, so of two rotations of one token, on any
 * instances, the second waits and then sees the first one's result.
 */
export class RefreshTokenStore {
  private readonly ttlMs: number;
  private readonly graceMs: number;
  private readonly familyMaxMs: number;
  private readonly now: () => number;
  private lastPrune = 0;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly secret: Buffer,
    options: RefreshTokenStoreOptions,
  ) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.graceMs = (options.graceSeconds ?? 0) * 1000;
    this.familyMaxMs = (options.familyMaxSeconds ?? DEFAULT_FAMILY_MAX_SECONDS) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Reads (or creates, the first time) the successor key shared by every instance on this database. */
  static async open(db: SqlDatabase, options: RefreshTokenStoreOptions): Promise<RefreshTokenStore> {
    return new RefreshTokenStore(db, await loadSecret(db, SUCCESSOR_SECRET, TOKEN_BYTES), options);
  }

  /** Starts a new family for a fresh login. */
  async issue(userId: string): Promise<IssuedRefreshToken> {
    await this.pruneOccasionally();
    const now = this.now();
    const familyId = randomUUID();
    return this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO refresh_families (id, user_id, created_at) VALUES (?, ?, ?)', [familyId, userId, now]);
      return this.insertToken(tx, randomBytes(TOKEN_BYTES).toString('base64url'), familyId, now, now);
    });
  }

  lookup(token: string): Promise<RefreshTokenLookup> {
    return this.classify(this.db, token);
  }

  /**
   * Marks the presented token used and issues its successor, atomically; or,
   * for a retry within the grace window, answers the successor issued before.
   * The state is read again under the family's lock because another request,
   * on this instance or another, may have rotated the same token while the
   * caller was waiting for Cognito.
   */
  rotate(token: string): Promise<RotationResult> {
    return this.db.transaction(async (tx): Promise<RotationResult> => {
      await this.lockFamilyOf(tx, hashToken(token));
      const state = await this.classify(tx, token);
      if (state.status === 'reused') {
        await this.revokeFamilyIn(tx, state.familyId, 'reuse_detected');
        return state;
      }
      if (state.status === 'retried') return { status: 'rotated', issued: state.successor };
      if (state.status !== 'valid') return state;
      const now = this.now();
      const used = await tx.run('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [
        now,
        state.token.tokenHash,
      ]);
      // The family lock makes this impossible; if it ever happened, issuing a second successor would be worse than failing.
      if (used !== 1) throw new Error('A refresh token was rotated twice at once despite its family lock.');
      const familyCreatedAt = await this.familyCreatedAt(tx, state.token.familyId);
      return { status: 'rotated', issued: await this.insertToken(tx, this.successorOf(token), state.token.familyId, now, familyCreatedAt) };
    });
  }

  revokeFamily(familyId: string, reason: 'logout' | 'reuse_detected'): Promise<void> {
    return this.revokeFamilyIn(this.db, familyId, reason);
  }

  /**
   * Deletes families none of whose tokens can still be used, and those past
   * their absolute lifetime; keeps used tokens until then so reuse stays
   * detectable. Resolves to the number of families deleted.
   */
  prune(): Promise<number> {
    const now = this.now();
    return this.db.run(
      `DELETE FROM refresh_families WHERE created_at <= ? OR NOT EXISTS (
         SELECT 1 FROM refresh_tokens t WHERE t.family_id = refresh_families.id AND t.expires_at > ?
       )`,
      [now - this.familyMaxMs, now],
    );
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.prune();
  }

  /** Serializes every rotation within one family, across instances (a no-op statement in SQLite, whose transaction already holds the lock). */
  private async lockFamilyOf(tx: SqlTransaction, tokenHash: string): Promise<void> {
    await tx.get(
      `SELECT id FROM refresh_families
       WHERE id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)${tx.forUpdate}`,
      [tokenHash],
    );
  }

  private row(sql: SqlExecutor, tokenHash: string): Promise<TokenRow | undefined> {
    return sql.get<TokenRow>(
      `SELECT t.token_hash, t.family_id, t.expires_at, t.used_at, f.user_id, f.created_at AS family_created_at, f.revoked_at
       FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
       WHERE t.token_hash = ?`,
      [tokenHash],
    );
  }

  private async familyCreatedAt(sql: SqlExecutor, familyId: string): Promise<number> {
    const row = await sql.get<{ created_at: number }>('SELECT created_at FROM refresh_families WHERE id = ?', [familyId]);
    if (!row) throw new Error('A refresh family vanished while one of its tokens was being rotated.');
    return row.created_at;
  }

  private async classify(sql: SqlExecutor, token: string): Promise<RefreshTokenLookup> {
    const row = await this.row(sql, hashToken(token));
    if (!row) return { status: 'unknown' };
    const live = { tokenHash: row.token_hash, familyId: row.family_id, userId: row.user_id, expiresAt: row.expires_at };
    if (row.used_at !== null) {
      const successor = await this.retriable(sql, token, row);
      if (successor) return { status: 'retried', token: live, successor };
      // Reuse wins over revoked/expired: replaying a rotated token is the theft signal.
      return { status: 'reused', familyId: row.family_id };
    }
    if (row.revoked_at !== null) return { status: 'revoked' };
    if (this.isOver(row)) return { status: 'expired' };
    return { status: 'valid', token: live };
  }

  /** Past its own expiry, or its login past the family's lifetime (checked too, so a lowered setting applies at once). */
  private isOver(row: TokenRow): boolean {
    const now = this.now();
    return now >= row.expires_at || now >= row.family_created_at + this.familyMaxMs;
  }

  /** The successor a retry within the grace window gets, if this presentation of a rotated token is one. */
  private async retriable(sql: SqlExecutor, token: string, row: TokenRow): Promise<IssuedRefreshToken | undefined> {
    if (this.graceMs <= 0 || row.used_at === null || row.revoked_at !== null) return undefined;
    if (this.now() - row.used_at >= this.graceMs) return undefined;
    const successorToken = this.successorOf(token);
    const successor = await this.row(sql, hashToken(successorToken));
    // The family moved on (successor used), or it is gone or over: not a retry.
    if (!successor || successor.family_id !== row.family_id || successor.used_at !== null) return undefined;
    if (successor.revoked_at !== null || this.isOver(successor)) return undefined;
    return { token: successorToken, expiresAt: successor.expires_at };
  }

  /** Deterministic, so a retry within the grace window can recompute the successor it was given. */
  private successorOf(token: string): string {
    return createHmac('sha256', this.secret).update(token, 'utf8').digest('base64url');
  }

  private async insertToken(
    sql: SqlExecutor,
    token: string,
    familyId: string,
    now: number,
    familyCreatedAt: number,
  ): Promise<IssuedRefreshToken> {
    // Each rotation grants a full TTL, so a regularly used app stays signed in
    // while an abandoned session lapses after one TTL of inactivity; but never
    // beyond the family's lifetime, so the answer's refreshExpiresAt is the truth.
    const expiresAt = Math.min(now + this.ttlMs, familyCreatedAt + this.familyMaxMs);
    await sql.run('INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?)', [
      hashToken(token),
      familyId,
      now,
      expiresAt,
    ]);
    return { token, expiresAt };
  }

  private async revokeFamilyIn(sql: SqlExecutor, familyId: string, reason: string): Promise<void> {
    await sql.run('UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', [
      this.now(),
      reason,
      familyId,
    ]);
  }
}
