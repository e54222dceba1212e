import { readFile } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { z } from 'zod';
import { isServiceError } from '../shared/errors';
import { parseBackendUrl } from './backend-url';

/**
 * What an organisation decides for everyone it hands S3 Desk to, in a JSON
 * file only an administrator can write. Precedence: policy > the user's own
 * setting > the built-in default.
 */
export interface Policy {
  /** Pre-fills the sign-in form (validated like a typed address). */
  backendUrl: string | null;
  /** Only backendUrl may be signed in to. */
  lockBackendUrl: boolean;
  /** Where updates come from instead of the feed built into the app (https only). */
  updateFeedUrl: string | null;
  disableUpdates: boolean;
  /** DevTools stay closed in packaged builds unless this is true. */
  allowDevTools: boolean;
}

/** The policy in force and, when the file could not be used, why (shown to the user; nothing of it applies). */
export interface PolicyReading {
  policy: Policy;
  /** The file read, or null when there is none on this computer. */
  source: string | null;
  problem: string | null;
}

export const NO_POLICY: Policy = { backendUrl: null, lockBackendUrl: false, updateFeedUrl: null, disableUpdates: false, allowDevTools: false };

const httpsUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'must be an https:// address');

const policyFileSchema = z
  .object({
    backendUrl: z.string().max(2048).optional(),
    lockBackendUrl: z.boolean().optional(),
    updateFeedUrl: httpsUrl.optional(),
    disableUpdates: z.boolean().optional(),
    allowDevTools: z.boolean().optional(),
  })
  .strict()
  .refine((policy) => !policy.lockBackendUrl || policy.backendUrl !== undefined, {
    message: 'lockBackendUrl needs a backendUrl to lock to',
    path: ['lockBackendUrl'],
  });

/** The platform's system-wide location, writable only by administrators. */
export function policyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return win32.join(env.ProgramData || 'C:\\ProgramData', 'S3 Desk', 'policy.json');
  if (platform === 'darwin') return join('/Library', 'Application Support', 'S3 Desk', 'policy.json');
  return join('/etc', 's3desk', 'policy.json');
}

/** A policy file larger than this is not a policy. */
const MAX_POLICY_BYTES = 64 * 1024;

/**
 * Reads and validates the policy file. A missing file is no policy; a file
 * that cannot be read, is not JSON or breaks a rule is reported and ignored
 * as a whole — never half-applied, never a crash.
 */
export async function readPolicy(path: string, read: (path: string) => Promise<Buffer> = (p) => readFile(p)): Promise<PolicyReading> {
  let bytes: Buffer;
  try {
    bytes = await read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: NO_POLICY, source: null, problem: null };
    return ignored(path, `it could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (bytes.length > MAX_POLICY_BYTES) return ignored(path, `it is larger than ${MAX_POLICY_BYTES / 1024} KiB`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return ignored(path, 'it is not valid JSON');
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return ignored(path, field ? `${field} ${issue.message}` : issue.message);
  }
  const file = parsed.data;
  let backendUrl: string | null = null;
  if (file.backendUrl !== undefined) {
    try {
      backendUrl = parseBackendUrl(file.backendUrl).baseUrl;
    } catch (error) {
      return ignored(path, `backendUrl is not usable: ${isServiceError(error) ? error.message : String(error)}`);
    }
  }
  return {
    policy: {
      backendUrl,
      lockBackendUrl: file.lockBackendUrl ?? false,
      updateFeedUrl: file.updateFeedUrl ?? null,
      disableUpdates: file.disableUpdates ?? false,
      allowDevTools: file.allowDevTools ?? false,
    },
    source: path,
    problem: null,
  };
}

function ignored(path: string, why: string): PolicyReading {
  return { policy: NO_POLICY, source: path, problem: `Your organisation’s S3 Desk policy (${path}) was ignored because ${why}. Tell your administrator.` };
}
