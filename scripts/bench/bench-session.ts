import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../devstack/seed';
import type { StackInfo } from '../../devstack/stack';
import { createServices, type Services } from '../../main/create-services';
import type { Desktop } from '../../main/shared/desktop';
import { MemorySecretStore } from '../../main/session/memory-secret-store';

/** The app's services signed in as the demo user, and a plain S3Client with the same credentials. */
export interface BenchSession {
  services: Services;
  /** The raw AWS SDK: no credential cache, no retry middleware, no app code at all. */
  raw: S3Client;
  info: StackInfo;
  /** The demo user's read/write home: desk-private, `<identityId>/`. */
  home: { bucket: string; prefix: string };
  close(): Promise<void>;
}

/**
 * Builds the real main-process services exactly as the app does (no
 * Electron, a MemorySecretStore instead of the keychain), signs in through
 * the stack's backend, and hands the session's credentials to a raw client.
 */
export async function signInForBench(info: StackInfo, scratch: string, options: { desktop?: Desktop } = {}): Promise<BenchSession> {
  mkdirSync(scratch, { recursive: true });
  const services = await createServices({
    secrets: new MemorySecretStore(),
    settingsPath: join(scratch, `settings-${process.pid}-${Date.now()}.json`),
    awsEndpoint: info.awsEndpoint,
    desktop: options.desktop,
  });
  try {
    await services.session.signIn(info.backendUrl, info.demoUser.username, info.demoUser.password);
    const credentials = await services.clients.client().s3.config.credentials();
    const raw = new S3Client({ region: info.region, endpoint: info.awsEndpoint, forcePathStyle: true, credentials });
    return {
      services,
      raw,
      info,
      home: { bucket: PRIVATE_BUCKET, prefix: `${info.demoUser.identityId}/` },
      async close() {
        raw.destroy();
        await services.session.signOut().catch(() => undefined);
        services.dispose();
      },
    };
  } catch (error) {
    services.dispose();
    throw error;
  }
}
