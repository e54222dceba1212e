import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SEEDED_POLICY } from '../../devstack/seed';

/** A Cognito Identity the backends can call: the local stack's emulator, with one pool and one IAM key. */
export interface LoadCognito {
  endpoint: string;
  region: string;
  identityPoolId: string;
  developerProviderName: string;
  /** The backends' IAM key, known only to this run. */
  backendKey: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

const REGION = 'us-east-1';

export async function startLoadCognito(dataDir: string): Promise<LoadCognito> {
  const identityPoolId = `${REGION}:${randomUUID()}`;
  const developerProviderName = 'login.load.s3desk.local';
  const backendKey = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const child = fork(fileURLToPath(new URL('./cognito-emulator-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Ctrl-C reaches only the load test, which stops the emulator last (it also stops when the load test goes away).
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { endpoint?: string; error?: string }) => {
      if (message.endpoint) resolve(message.endpoint);
      else reject(new Error(`The Cognito emulator did not start: ${message.error ?? 'no reason given'}`));
    });
    child.once('exit', (code) => reject(new Error(`The Cognito emulator exited (code ${code}) before it was ready.`)));
    child.send({
      dataDir,
      region: REGION,
      identityPools: [{ id: identityPoolId, name: 'S3 Desk load test', developerProviderName, authenticatedPolicy: SEEDED_POLICY }],
      developerKeys: [backendKey],
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    endpoint,
    region: REGION,
    identityPoolId,
    developerProviderName,
    backendKey,
    async close() {
      if (child.exitCode === null && child.connected) child.send('close');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
