import { z } from 'zod';
import { policyDocumentSchema } from '../policy';

export const identityPoolSchema = z.object({
  id: z.string().regex(/^[\w-]+:[0-9a-f-]+$/, 'an identity pool id looks like <region>:<uuid>'),
  name: z.string().min(1),
  developerProviderName: z.string().min(1).max(128),
  /** The authenticated role's permissions, as an IAM policy document. */
  authenticatedPolicy: policyDocumentSchema,
});

export type IdentityPool = z.infer<typeof identityPoolSchema>;
