import { z } from 'zod';
import type { Clock } from '../clock';
import { cognitoErrors, CognitoError } from './errors';
import type { IdentityPool } from './identity-pools';
import type { IdentityStore } from './identity-store';
import type { OpenIdTokens } from './openid-tokens';

export const COGNITO_LOGIN_KEY = 'cognito-identity.amazonaws.com';
export const DEVELOPER_OPERATIONS = new Set([
  'GetOpenIdTokenForDeveloperIdentity',
  'LookupDeveloperIdentity',
  'UnlinkDeveloperIdentity',
  'DescribeIdentityPool',
]);

export interface CognitoSettings {
  clock: Clock;
  credentialLifetimeSeconds(): number;
  /** When set, caps every token's lifetime (a test control). */
  tokenLifetimeSeconds(): number | undefined;
  onIssued(secret: string): void;
}

const poolId = z.string().min(1).max(55);
const logins = z.record(z.string(), z.string());

const schemas = {
  GetOpenIdTokenForDeveloperIdentity: z.object({
    IdentityPoolId: poolId,
    IdentityId: z.string().min(1).max(55).optional(),
    Logins: logins,
    PrincipalTags: z.record(z.string(), z.string()).optional(),
    TokenDuration: z.number().optional(),
  }),
  GetCredentialsForIdentity: z.object({
    IdentityId: z.string().min(1).max(55),
    Logins: logins.optional(),
    CustomRoleArn: z.string().optional(),
  }),
  LookupDeveloperIdentity: z.object({
    IdentityPoolId: poolId,
    IdentityId: z.string().optional(),
    DeveloperUserIdentifier: z.string().optional(),
    MaxResults: z.number().int().min(1).max(60).optional(),
    NextToken: z.string().optional(),
  }),
  UnlinkDeveloperIdentity: z.object({
    IdentityId: z.string().min(1),
    IdentityPoolId: poolId,
    DeveloperProviderName: z.string().min(1),
    DeveloperUserIdentifier: z.string().min(1),
  }),
  DescribeIdentityPool: z.object({ IdentityPoolId: poolId }),
};

export type CognitoOperation = keyof typeof schemas;

export function isCognitoOperation(name: string): name is CognitoOperation {
  return Object.hasOwn(schemas, name);
}

/** The Cognito Identity operations S3 Desk and its backend use, with Cognito's validation rules. */
export class CognitoService {
  constructor(
    private readonly pools: Map<string, IdentityPool>,
    private readonly identities: IdentityStore,
    private readonly tokens: OpenIdTokens,
    private readonly settings: CognitoSettings,
  ) {}

  async handle(operation: CognitoOperation, input: unknown): Promise<unknown> {
    const parsed = schemas[operation].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw cognitoErrors.invalidParameter(`1 validation error detected: Value at '${issue?.path.join('.') || 'input'}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`);
    }
    switch (operation) {
      case 'GetOpenIdTokenForDeveloperIdentity':
        return this.getOpenIdTokenForDeveloperIdentity(parsed.data as z.infer<(typeof schemas)['GetOpenIdTokenForDeveloperIdentity']>);
      case 'GetCredentialsForIdentity':
        return this.getCredentialsForIdentity(parsed.data as z.infer<(typeof schemas)['GetCredentialsForIdentity']>);
      case 'LookupDeveloperIdentity':
        return this.lookupDeveloperIdentity(parsed.data as z.infer<(typeof schemas)['LookupDeveloperIdentity']>);
      case 'UnlinkDeveloperIdentity':
        return this.unlinkDeveloperIdentity(parsed.data as z.infer<(typeof schemas)['UnlinkDeveloperIdentity']>);
      case 'DescribeIdentityPool':
        return this.describeIdentityPool(parsed.data as z.infer<(typeof schemas)['DescribeIdentityPool']>);
    }
  }

  private pool(id: string): IdentityPool {
    const pool = this.pools.get(id);
    if (!pool) throw cognitoErrors.resourceNotFound(`IdentityPool '${id}' not found.`);
    return pool;
  }

  private async getOpenIdTokenForDeveloperIdentity(input: z.infer<(typeof schemas)['GetOpenIdTokenForDeveloperIdentity']>) {
    const pool = this.pool(input.IdentityPoolId);
    const entries = Object.entries(input.Logins);
    if (entries.length !== 1) {
      throw cognitoErrors.invalidParameter('Logins must contain exactly one entry: the developer provider name of the identity pool.');
    }
    const [provider, userId] = entries[0]!;
    if (provider !== pool.developerProviderName) {
      throw cognitoErrors.notAuthorized(`Invalid login token. '${provider}' is not the developer provider of identity pool '${pool.id}'.`);
    }
    if (userId.length < 1 || userId.length > 1024) throw cognitoErrors.invalidParameter('The developer user identifier must be 1 to 1024 characters.');
    const duration = input.TokenDuration ?? 900;
    if (!Number.isInteger(duration) || duration < 1 || duration > 86400) {
      throw cognitoErrors.invalidParameter('TokenDuration must be a whole number of seconds from 1 to 86400.');
    }
    const now = this.settings.clock.now();
    const identityId = this.resolveIdentity(pool, userId, input.IdentityId, now);
    const lifetime = Math.min(duration, this.settings.tokenLifetimeSeconds() ?? duration);
    const token = await this.tokens.sign({ identityId, poolId: pool.id, provider, userId, expiresAt: now + lifetime * 1000 }, now);
    this.settings.onIssued(token);
    return { IdentityId: identityId, Token: token };
  }

  private resolveIdentity(pool: IdentityPool, userId: string, requested: string | undefined, now: number): string {
    const mapped = this.identities.findByLogin(pool.id, pool.developerProviderName, userId);
    if (requested === undefined) return mapped ?? this.identities.create(pool.id, pool.developerProviderName, userId, now);
    if (mapped !== undefined) {
      if (mapped !== requested) {
        throw cognitoErrors.resourceConflict(`The developer user identifier is already linked to identity ${mapped}, not ${requested}.`);
      }
      return mapped;
    }
    const identity = this.identities.get(requested);
    if (!identity || identity.poolId !== pool.id) throw cognitoErrors.resourceNotFound(`IdentityId '${requested}' not found.`);
    if (identity.userId !== null) {
      throw cognitoErrors.resourceConflict(`Identity ${requested} is already linked to another developer user identifier.`);
    }
    this.identities.link(requested, pool.developerProviderName, userId);
    return requested;
  }

  private async getCredentialsForIdentity(input: z.infer<(typeof schemas)['GetCredentialsForIdentity']>) {
    const identity = this.identities.get(input.IdentityId);
    if (!identity) throw cognitoErrors.resourceNotFound(`IdentityId '${input.IdentityId}' not found.`);
    const pool = this.pool(identity.poolId);
    const loginEntries = Object.entries(input.Logins ?? {});
    if (loginEntries.length === 0) {
      throw cognitoErrors.notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    const token = input.Logins?.[COGNITO_LOGIN_KEY];
    if (loginEntries.length !== 1 || token === undefined) {
      throw cognitoErrors.notAuthorized(`Invalid login token. Developer authenticated identities must use the '${COGNITO_LOGIN_KEY}' login with a token from GetOpenIdTokenForDeveloperIdentity.`);
    }
    const now = this.settings.clock.now();
    let claims: { identityId: string; amr: string[] };
    try {
      claims = await this.tokens.verify(token, pool.id, now);
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'Token expired' : 'Token is not valid';
      throw cognitoErrors.notAuthorized(`Invalid login token. ${reason}.`);
    }
    if (claims.identityId !== input.IdentityId) {
      throw cognitoErrors.notAuthorized('Invalid login token. The token was issued for another identity.');
    }
    if (!claims.amr.includes('authenticated') || !claims.amr.includes(pool.developerProviderName)) {
      throw cognitoErrors.notAuthorized('Invalid login token. The token was not issued by this pool\'s developer provider.');
    }
    if (identity.userId === null) {
      throw cognitoErrors.notAuthorized('Invalid login token. The identity is no longer linked to a developer user.');
    }
    const credentials = this.identities.issueCredentials(
      input.IdentityId,
      pool.id,
      now + this.settings.credentialLifetimeSeconds() * 1000,
    );
    this.settings.onIssued(credentials.accessKeyId);
    this.settings.onIssued(credentials.secretAccessKey);
    this.settings.onIssued(credentials.sessionToken);
    this.identities.pruneCredentials(now - 24 * 3600 * 1000);
    return {
      IdentityId: input.IdentityId,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        // AWS JSON 1.1 timestamps are epoch seconds.
        Expiration: credentials.expiresAt / 1000,
      },
    };
  }

  private lookupDeveloperIdentity(input: z.infer<(typeof schemas)['LookupDeveloperIdentity']>) {
    const pool = this.pool(input.IdentityPoolId);
    if (input.IdentityId === undefined && input.DeveloperUserIdentifier === undefined) {
      throw cognitoErrors.invalidParameter('Either IdentityId or DeveloperUserIdentifier must be given.');
    }
    const identityId = input.IdentityId ?? this.identities.findByLogin(pool.id, pool.developerProviderName, input.DeveloperUserIdentifier!);
    const identity = identityId === undefined ? undefined : this.identities.get(identityId);
    if (!identityId || !identity || identity.poolId !== pool.id) {
      throw cognitoErrors.resourceNotFound('No identity matches the given IdentityId or DeveloperUserIdentifier.');
    }
    if (input.DeveloperUserIdentifier !== undefined && identity.userId !== input.DeveloperUserIdentifier) {
      throw cognitoErrors.resourceNotFound('The developer user identifier is not linked to that identity.');
    }
    return { IdentityId: identityId, DeveloperUserIdentifierList: identity.userId === null ? [] : [identity.userId] };
  }

  private unlinkDeveloperIdentity(input: z.infer<(typeof schemas)['UnlinkDeveloperIdentity']>) {
    const pool = this.pool(input.IdentityPoolId);
    if (input.DeveloperProviderName !== pool.developerProviderName) {
      throw cognitoErrors.invalidParameter(`'${input.DeveloperProviderName}' is not the developer provider of identity pool '${pool.id}'.`);
    }
    const identity = this.identities.get(input.IdentityId);
    if (!identity || identity.poolId !== pool.id || identity.userId !== input.DeveloperUserIdentifier) {
      throw cognitoErrors.resourceNotFound('The developer user identifier is not linked to that identity.');
    }
    this.identities.unlink(input.IdentityId);
    return {};
  }

  private describeIdentityPool(input: z.infer<(typeof schemas)['DescribeIdentityPool']>) {
    const pool = this.pool(input.IdentityPoolId);
    return {
      IdentityPoolId: pool.id,
      IdentityPoolName: pool.name,
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      DeveloperProviderName: pool.developerProviderName,
    };
  }
}

export { CognitoError };
