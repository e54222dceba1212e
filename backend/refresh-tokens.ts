import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { loadSecret, type BackendDatabase } from './db';

/** 32 random bytes: unguessable, so refresh needs no rate limit of its own. */
const TOKEN_BYTES = 32;
/** Name of the HMAC key successors are derived with, in backend_secrets. */
const SUCCESSOR_SECRET = 'refresh_successor_v1';

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
  | { status: 'unknown' | 'revoked' | 'expired' };

export type RotationResult = { status: 'rotated'; issued: IssuedRefreshToken } | Exclude<RefreshTokenLookup, { status: 'valid' }>;

interface TokenRow {
  token_hash: string;
  family_id: string;
  expires_at: number;
  used_at: number | null;
  user_id: string;
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
  now?: () => number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Rotating refresh tokens grouped in families (one family per login). Each
 * token works once; presenting a used one means it leaked, so the whole family
 * is revoked and the legitimate holder has to sign in again.
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
 */
export class RefreshTokenStore {
  private readonly ttlMs: number;
  private readonly graceMs: number;
  private readonly now: () => number;
  private readonly secret: Buffer;
  private lastPrune = 0;

  constructor(
    private readonly db: BackendDatabase,
    options: RefreshTokenStoreOptions,
  ) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.graceMs = (options.graceSeconds ?? 0) * 1000;
    this.now = options.now ?? Date.now;
    this.secret = loadSecret(db, SUCCESSOR_SECRET, TOKEN_BYTES);
  }

  /** Starts a new family for a fresh login. */
  issue(userId: string): IssuedRefreshToken {
    this.pruneOccasionally();
    const now = this.now();
    const familyId = randomUUID();
    const create = this.db.transaction(() => {
      this.db.prepare('INSERT INTO refresh_families (id, user_id, created_at) VALUES (?, ?, ?)').run(familyId, userId, now);
      return this.insertToken(randomBytes(TOKEN_BYTES).toString('base64url'), familyId, now);
    });
    return create();
  }

  lookup(token: string): RefreshTokenLookup {
    return this.classify(token);
  }

  /**
   * Marks the presented token used and issues its successor, atomically; or,
   * for a retry within the grace window, answers the successor issued before.
   * The state is checked again because another request may have rotated the
   * same token while the caller was waiting for Cognito.
   */
  rotate(token: string): RotationResult {
    const run = this.db.transaction((): RotationResult => {
      const state = this.classify(token);
      if (state.status === 'reused') {
        this.revokeFamilyNow(state.familyId, 'reuse_detected');
        return state;
      }
      if (state.status === 'retried') return { status: 'rotated', issued: state.successor };
      if (state.status !== 'valid') return state;
      const now = this.now();
      this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?').run(now, state.token.tokenHash);
      return { status: 'rotated', issued: this.insertToken(this.successorOf(token), state.token.familyId, now) };
    });
    // IMMEDIATE so the re-check and the update cannot interleave with another writer.
    return run.immediate();
  }

  revokeFamily(familyId: string, reason: 'logout' | 'reuse_detected'): void {
    this.revokeFamilyNow(familyId, reason);
  }

  /** Deletes families none of whose tokens can still be used; keeps used tokens until then so reuse stays detectable. */
  prune(): number {
    return this.db
      .prepare(
        `DELETE FROM refresh_families WHERE NOT EXISTS (
           SELECT 1 FROM refresh_tokens t WHERE t.family_id = refresh_families.id AND t.expires_at > ?
         )`,
      )
      .run(this.now()).changes;
  }

  private pruneOccasionally(): void {
    const now = this.now();
    if (now - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = now;
    this.prune();
  }

  private row(tokenHash: string): TokenRow | undefined {
    return this.db
      .prepare(
        `SELECT t.token_hash, t.family_id, t.expires_at, t.used_at, f.user_id, f.revoked_at
         FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
         WHERE t.token_hash = ?`,
      )
      .get(tokenHash) as TokenRow | undefined;
  }

  private classify(token: string): RefreshTokenLookup {
    const row = this.row(hashToken(token));
    if (!row) return { status: 'unknown' };
    const live = { tokenHash: row.token_hash, familyId: row.family_id, userId: row.user_id, expiresAt: row.expires_at };
    if (row.used_at !== null) {
      const successor = this.retriable(token, row);
      if (successor) return { status: 'retried', token: live, successor };
      // Reuse wins over revoked/expired: replaying a rotated token is the theft signal.
      return { status: 'reused', familyId: row.family_id };
    }
    if (row.revoked_at !== null) return { status: 'revoked' };
    if (this.now() >= row.expires_at) return { status: 'expired' };
    return { status: 'valid', token: live };
  }

  /** The successor a retry within the grace window gets, if this presentation of a rotated token is one. */
  private retriable(token: string, row: TokenRow): IssuedRefreshToken | undefined {
    const now = this.now();
    if (this.graceMs <= 0 || row.used_at === null || row.revoked_at !== null) return undefined;
    if (now - row.used_at >= this.graceMs) return undefined;
    const successorToken = this.successorOf(token);
    const successor = this.row(hashToken(successorToken));
    // The family moved on (successor used), or it is gone or over: not a retry.
    if (!successor || successor.family_id !== row.family_id || successor.used_at !== null) return undefined;
    if (successor.revoked_at !== null || now >= successor.expires_at) return undefined;
    return { token: successorToken, expiresAt: successor.expires_at };
  }

  /** Deterministic, so a retry within the grace window can recompute the successor it was given. */
  private successorOf(token: string): string {
    return createHmac('sha256', this.secret).update(token, 'utf8').digest('base64url');
  }

  private insertToken(token: string, familyId: string, now: number): IssuedRefreshToken {
    // Each rotation grants a full TTL, so a regularly used app stays signed in
    // while an abandoned session lapses after one TTL of inactivity.
    const expiresAt = now + this.ttlMs;
    this.db
      .prepare('INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), familyId, now, expiresAt);
    return { token, expiresAt };
  }

  private revokeFamilyNow(familyId: string, reason: string): void {
    this.db
      .prepare('UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now(), reason, familyId);
  }
}
