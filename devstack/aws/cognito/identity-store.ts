import { randomBytes, randomUUID } from 'node:crypto';
import type { AwsDatabase } from '../database';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  poolId: string;
  expiresAt: number;
}

/**
 * Identities (developer user ↔ IdentityId) and the temporary credentials
 * issued for them. Persisted so that a restarted stack keeps IdentityIds
 * stable, as Cognito does.
 */
export class IdentityStore {
  constructor(
    private readonly db: AwsDatabase,
    private readonly region: string,
  ) {}

  findByLogin(poolId: string, provider: string, userId: string): string | undefined {
    const row = this.db
      .prepare('SELECT identity_id FROM identities WHERE pool_id = ? AND provider = ? AND user_id = ?')
      .get(poolId, provider, userId) as { identity_id: string } | undefined;
    return row?.identity_id;
  }

  get(identityId: string): { poolId: string; provider: string | null; userId: string | null } | undefined {
    const row = this.db.prepare('SELECT pool_id, provider, user_id FROM identities WHERE identity_id = ?').get(identityId) as
      | { pool_id: string; provider: string | null; user_id: string | null }
      | undefined;
    return row && { poolId: row.pool_id, provider: row.provider, userId: row.user_id };
  }

  create(poolId: string, provider: string, userId: string, now: number): string {
    const identityId = `${this.region}:${randomUUID()}`;
    this.db
      .prepare('INSERT INTO identities (identity_id, pool_id, provider, user_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(identityId, poolId, provider, userId, now);
    return identityId;
  }

  link(identityId: string, provider: string, userId: string): void {
    this.db.prepare('UPDATE identities SET provider = ?, user_id = ? WHERE identity_id = ?').run(provider, userId, identityId);
  }

  unlink(identityId: string): void {
    this.db.prepare('UPDATE identities SET user_id = NULL WHERE identity_id = ?').run(identityId);
  }

  issueCredentials(identityId: string, poolId: string, expiresAt: number): IssuedCredentials {
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${randomUpperAlphanumeric(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      identityId,
      poolId,
      expiresAt,
    };
    this.db
      .prepare(
        'INSERT INTO credentials (access_key_id, secret_access_key, session_token, identity_id, pool_id, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken, identityId, poolId, expiresAt);
    return credentials;
  }

  credentials(accessKeyId: string): IssuedCredentials | undefined {
    const row = this.db.prepare('SELECT * FROM credentials WHERE access_key_id = ?').get(accessKeyId) as
      | { access_key_id: string; secret_access_key: string; session_token: string; identity_id: string; pool_id: string; expires_at: number }
      | undefined;
    return (
      row && {
        accessKeyId: row.access_key_id,
        secretAccessKey: row.secret_access_key,
        sessionToken: row.session_token,
        identityId: row.identity_id,
        poolId: row.pool_id,
        expiresAt: row.expires_at,
      }
    );
  }

  /** Drops credentials that expired long ago so the table stays small during soak runs. */
  pruneCredentials(olderThan: number): void {
    this.db.prepare('DELETE FROM credentials WHERE expires_at < ?').run(olderThan);
  }
}

function randomUpperAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}
