import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { S3Client } from '@aws-sdk/client-s3';
import { startAwsEmulator, type AwsEmulator } from '../../devstack/aws/server';
import type { PolicyDocument } from '../../devstack/aws/policy';

export const REGION = 'us-east-1';
export const PROVIDER = 'login.s3desk.test';

/** The classic per-identity home prefix policy, plus a shared read-only bucket. */
export const HOME_AND_SHARED_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::private',
      Condition: { StringLike: { 's3:prefix': ['${cognito-identity.amazonaws.com:sub}/', '${cognito-identity.amazonaws.com:sub}/*'] } },
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: 'arn:aws:s3:::private/${cognito-identity.amazonaws.com:sub}/*',
    },
    { Effect: 'Allow', Action: 's3:ListBucketMultipartUploads', Resource: 'arn:aws:s3:::private' },
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'] },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/secret/*' },
  ],
};

export interface EmulatorFixture {
  emulator: AwsEmulator;
  poolId: string;
  developerKey: { accessKeyId: string; secretAccessKey: string };
  /** A Cognito client signed with the backend's IAM key. */
  developer: CognitoIdentityClient;
  /** A Cognito client with no credentials, as the app uses for GetCredentialsForIdentity. */
  anonymous: CognitoIdentityClient;
  /** Signs in a developer user and returns an S3 client on that identity's temporary credentials. */
  signIn(userId?: string): Promise<{ identityId: string; token: string; s3: S3Client; credentials: TemporaryCredentials }>;
  close(): Promise<void>;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export async function startEmulatorFixture(options: { policy?: PolicyDocument; credentialLifetimeSeconds?: number } = {}): Promise<EmulatorFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 's3desk-emulator-'));
  const poolId = `${REGION}:${randomUUID()}`;
  const developerKey = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
  const emulator = await startAwsEmulator({
    dataDir,
    port: 0,
    region: REGION,
    identityPools: [{ id: poolId, name: 'test pool', developerProviderName: PROVIDER, authenticatedPolicy: options.policy ?? HOME_AND_SHARED_POLICY }],
    developerKeys: [developerKey],
    credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    log: () => {},
  });
  for (const bucket of ['private', 'shared']) emulator.objects.createBucket(bucket, Date.now());
  const developer = new CognitoIdentityClient({ region: REGION, endpoint: emulator.endpoint, credentials: developerKey });
  const anonymous = new CognitoIdentityClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
  return {
    emulator,
    poolId,
    developerKey,
    developer,
    anonymous,
    async signIn(userId = randomUUID()) {
      const { IdentityId, Token } = await developer.send(
        new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [PROVIDER]: userId } }),
      );
      const { Credentials } = await anonymous.send(
        new GetCredentialsForIdentityCommand({ IdentityId, Logins: { 'cognito-identity.amazonaws.com': Token! } }),
      );
      const credentials = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretKey!,
        sessionToken: Credentials!.SessionToken!,
        expiration: Credentials!.Expiration!,
      };
      const s3 = new S3Client({ region: REGION, endpoint: emulator.endpoint, forcePathStyle: true, credentials });
      return { identityId: IdentityId!, token: Token!, s3, credentials };
    },
    async close() {
      developer.destroy();
      anonymous.destroy();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
