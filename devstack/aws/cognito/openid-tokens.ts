import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';

export const COGNITO_ISSUER = 'https://cognito-identity.amazonaws.com';

export interface OpenIdClaims {
  identityId: string;
  poolId: string;
  provider: string;
  userId: string;
  expiresAt: number;
}

/**
 * Signs and verifies the OpenID tokens GetOpenIdTokenForDeveloperIdentity
 * hands out: RS256 JWTs shaped like Cognito's. The key pair persists in the
 * data folder so tokens survive a stack restart.
 */
export class OpenIdTokens {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly kid: string,
  ) {}

  static async open(dataDir: string): Promise<OpenIdTokens> {
    const file = join(dataDir, 'openid-signing-key.json');
    if (!existsSync(file)) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256' };
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    }
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
    const privateKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    const publicKey = (await importJWK(publicJwk, 'RS256')) as CryptoKey;
    return new OpenIdTokens(privateKey, publicKey, jwk.kid);
  }

  async sign(claims: OpenIdClaims, now: number): Promise<string> {
    return new SignJWT({
      amr: ['authenticated', claims.provider, `${claims.provider}:${claims.poolId}:${claims.userId}`],
      'https://cognito-identity.amazonaws.com/identity-pool-arn': `arn:aws:cognito-identity:${claims.identityId.split(':')[0]}::identitypool/${claims.poolId}`,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWS' })
      // A unique id per token: two tokens issued in the same second must still differ.
      .setJti(randomUUID())
      .setIssuer(COGNITO_ISSUER)
      .setAudience(claims.poolId)
      .setSubject(claims.identityId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(claims.expiresAt / 1000))
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, audience and expiry against the emulator's clock; throws a readable reason. */
  async verify(token: string, poolId: string, now: number): Promise<{ identityId: string; amr: string[] }> {
    const { payload } = await jwtVerify(token, this.publicKey, {
      issuer: COGNITO_ISSUER,
      audience: poolId,
      algorithms: ['RS256'],
      currentDate: new Date(now),
      requiredClaims: ['sub', 'exp', 'amr'],
    });
    const amr = Array.isArray(payload.amr) ? payload.amr.filter((v): v is string => typeof v === 'string') : [];
    return { identityId: payload.sub!, amr };
  }
}
