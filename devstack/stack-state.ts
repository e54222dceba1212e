import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The secrets and identifiers a stack is created with, kept in
 * <stateDir>/state.json (mode 0600) so that a restarted stack has the same
 * pool, the same backend key and the same demo password.
 */
const stateSchema = z.object({
  version: z.literal(1),
  region: z.string(),
  identityPoolId: z.string(),
  developerProviderName: z.string(),
  backendKey: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }),
  demoUser: z.object({ username: z.string(), password: z.string() }),
});

export type StackState = z.infer<typeof stateSchema>;

export const STACK_REGION = 'us-east-1';

export function loadOrCreateStackState(stateDir: string): { state: StackState; created: boolean } {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, 'state.json');
  if (existsSync(file)) {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { state: parsed.data, created: false };
    throw new Error(`${file} is not a state file this version understands. Start clean with: npm run stack -- --fresh`);
  }
  const state: StackState = {
    version: 1,
    region: STACK_REGION,
    identityPoolId: `${STACK_REGION}:${randomUUID()}`,
    developerProviderName: 'login.s3desk.local',
    backendKey: {
      accessKeyId: `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
    },
    demoUser: { username: 'demo', password: generatePassword() },
  };
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
  return { state, created: true };
}

/** A password people can type: four groups of lower-case letters and digits. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const groups = Array.from({ length: 4 }, () =>
    [...randomBytes(4)].map((b) => alphabet[b % alphabet.length]).join(''),
  );
  return groups.join('-');
}
