import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET } from '../../../devstack/seed';
import { startStack, type RunningStack } from '../../../devstack/stack';
import { createServices, type Services } from '../../../main/create-services';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';

/**
 * A private local stack and the real main-process services signed in as the
 * demo user: what the object and transfer tests run against.
 */
export interface SignedInStack {
  dir: string;
  stack: RunningStack;
  services: Services;
  /** The demo user's home prefix in desk-private, ending in '/'. */
  home: string;
  /** The session's own S3 client (the one every service shares). */
  s3(): S3Client;
  /** Shifts the app's clock (not the stack's). */
  setClockOffset(ms: number): void;
  signIn(): Promise<void>;
  /** Puts many small objects at once through the emulator's bulk insert (seconds → milliseconds). */
  bulkInsert(bucket: string, keys: string[], body?: string): Promise<void>;
  objectBytes(bucket: string, key: string): Promise<Buffer>;
  /** Keys of the private bucket's unfinished multipart uploads under `prefix`, from the emulator's own state (the role may not list them). */
  openMultipartUploads(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `log`: hears the stack's request log (devstack/README.md), e.g. to see the Range of each GetObject. */
export async function startSignedInStack(name: string, options: { log?: (line: string) => void } = {}): Promise<SignedInStack> {
  const dir = mkdtempSync(join(tmpdir(), `s3desk-${name}-`));
  const stack = await startStack({ stateDir: join(dir, 'stack'), backendPort: 0, awsPort: 0, log: options.log ?? (() => {}) });
  let clockOffsetMs = 0;
  const services = await createServices({
    secrets: new MemorySecretStore(),
    settingsPath: join(dir, 'settings.json'),
    awsEndpoint: stack.info.awsEndpoint,
    clock: () => Date.now() + clockOffsetMs,
  });
  const signIn = async () => {
    await services.session.signIn(stack.info.backendUrl, stack.info.demoUser.username, stack.info.demoUser.password);
  };
  await signIn();
  const s3 = () => services.clients.client().s3;
  return {
    dir,
    stack,
    services,
    home: `${stack.info.demoUser.identityId}/`,
    s3,
    setClockOffset: (ms) => {
      clockOffsetMs = ms;
    },
    signIn,
    async bulkInsert(bucket, keys, body = 'small object\n') {
      const objects = stack.emulator.objects;
      const pending = objects.blobs.create();
      await new Promise<void>((resolve, reject) => pending.stream.end(Buffer.from(body), (error?: Error | null) => (error ? reject(error) : resolve())));
      pending.commit();
      const now = Date.now();
      objects.pointMany(
        pending.id,
        keys.map((key) => ({
          bucket,
          key,
          size: Buffer.byteLength(body),
          etag: `"${createHash('md5').update(body).digest('hex')}"`,
          lastModified: now,
          contentType: 'text/plain',
          contentEncoding: null,
          storageClass: 'STANDARD',
          metadata: {},
          checksumAlgorithm: null,
          checksumValue: null,
        })),
      );
    },
    async objectBytes(bucket, key) {
      const reply = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await reply.Body!.transformToByteArray());
    },
    async openMultipartUploads(prefix) {
      return stack.emulator.uploads.list(PRIVATE_BUCKET, prefix).map((upload) => upload.key);
    },
    async close() {
      await services.session.signOut().catch(() => undefined);
      services.dispose();
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
