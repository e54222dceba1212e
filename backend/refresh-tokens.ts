import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { BackendDatabase } from './db';

/** 32 random bytes: unguessable, so refresh needs no rate limit of its own. */
const TOKEN_BYTES = 32;

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
  now?: () => number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Rotating refresh tokens grouped in families (one family per login). Each
 * token works once; presenting a used one means it leaked, so the whole family
 * is revoked and the legitimate holder has to sign in again.
 */
export class RefreshTokenStore {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly db: BackendDatabase,
    options: RefreshTokenStoreOptions,
  ) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Starts a new family for a fresh login. */
  issue(userId: string): IssuedRefreshToken {
    this.pruneOccasionally();
    const now = this.now();
    const familyId = randomUUID();
    const create = this.db.transaction(() => {
      this.db.prepare('INSERT INTO refresh_families (id, user_id, created_at) VALUES (?, ?, ?)').run(familyId, userId, now);
      return this.insertToken(familyId, now);
    });
    return create();
  }

  lookup(token: string): RefreshTokenLookup {
    const row = this.db
      .prepare(
        `SELECT t.token_hash, t.family_id, t.expires_at, t.used_at, f.user_id, f.revoked_at
         FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
         WHERE t.token_hash = ?`,
      )
      .get(hashToken(token)) as TokenRow | undefined;
    return this.classify(row);
  }

  /**
   * Marks the token used and issues its successor, atomically. The state is
   * checked again because another request may have rotated the same token
   * while the caller was waiting for Cognito.
   */
  rotate(token: LiveRefreshToken): RotationResult {
    const run = this.db.transaction((): RotationResult => {
      const row = this.db
        .prepare(
          `SELECT t.token_hash, t.family_id, t.expires_at, t.used_at, f.user_id, f.revoked_at
           FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
           WHERE t.token_hash = ?`,
        )
        .get(token.tokenHash) as TokenRow | undefined;
      const state = this.classify(row);
      if (state.status === 'reused') {
        this.revokeFamilyNow(state.familyId, 'reuse_detected');
        return state;
      }
      if (state.status !== 'valid') return state;
      const now = this.now();
      this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?').run(now, token.tokenHash);
      return { status: 'rotated', issued: this.insertToken(token.familyId, now) };
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

  private classify(row: TokenRow | undefined): RefreshTokenLookup {
    if (!row) return { status: 'unknown' };
    // Reuse wins over revoked/expired: replaying a rotated token is the theft signal.
    if (row.used_at !== null) return { status: 'reused', familyId: row.family_id };
    if (row.revoked_at !== null) return { status: 'revoked' };
    if (this.now() >= row.expires_at) return { status: 'expired' };
    return {
      status: 'valid',
      token: { tokenHash: row.token_hash, familyId: row.family_id, userId: row.user_id, expiresAt: row.expires_at },
    };
  }

  private insertToken(familyId: string, now: number): IssuedRefreshToken {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
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
