import { z } from 'zod';

/**
 * The subset of IAM policy evaluation the emulator needs for an identity
 * pool's authenticated role: Allow/Deny statements over actions and resources
 * with wildcards, policy variables, and string conditions. Anything outside
 * that subset is rejected when the stack's config is loaded, so a policy never
 * silently means less than it says.
 */

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const conditionOperators = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'] as const;

export const policyDocumentSchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z
    .array(
      z
        .object({
          Sid: z.string().optional(),
          Effect: z.enum(['Allow', 'Deny']),
          Action: stringOrList,
          Resource: stringOrList,
          Condition: z.partialRecord(z.enum(conditionOperators), z.record(z.string(), stringOrList)).optional(),
        })
        .strict(),
    )
    .min(1),
});

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
type Statement = PolicyDocument['Statement'][number];

export interface AccessRequest {
  action: string;
  resource: string;
  /** Condition keys such as s3:prefix; a missing key never matches a positive condition. */
  context?: Record<string, string | undefined>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Values for ${...} policy variables, e.g. { 'cognito-identity.amazonaws.com:sub': identityId }. */
export type PolicyVariables = Record<string, string>;

export function evaluatePolicy(policy: PolicyDocument, request: AccessRequest, variables: PolicyVariables): Decision {
  let allowed = false;
  for (const statement of policy.Statement) {
    if (!statementApplies(statement, request, variables)) continue;
    if (statement.Effect === 'Deny') return 'ExplicitDeny';
    allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

function statementApplies(statement: Statement, request: AccessRequest, variables: PolicyVariables): boolean {
  const actionMatches = list(statement.Action).some((pattern) => wildcardMatch(pattern.toLowerCase(), request.action.toLowerCase()));
  if (!actionMatches) return false;
  const resourceMatches = list(statement.Resource).some((pattern) => {
    const resolved = substitute(pattern, variables);
    return resolved !== undefined && wildcardMatch(resolved, request.resource);
  });
  if (!resourceMatches) return false;
  return conditionsHold(statement.Condition ?? {}, request.context ?? {}, variables);
}

function conditionsHold(
  conditions: NonNullable<Statement['Condition']>,
  context: Record<string, string | undefined>,
  variables: PolicyVariables,
): boolean {
  for (const [operator, keys] of Object.entries(conditions)) {
    for (const [key, expected] of Object.entries(keys ?? {})) {
      const actual = context[key];
      const patterns = list(expected).map((value) => substitute(value, variables)).filter((v): v is string => v !== undefined);
      const like = operator === 'StringLike' || operator === 'StringNotLike';
      const matches = actual !== undefined && patterns.some((p) => (like ? wildcardMatch(p, actual) : p === actual));
      const negated = operator === 'StringNotEquals' || operator === 'StringNotLike';
      if (negated ? matches : !matches) return false;
    }
  }
  return true;
}

/** Replaces ${name} variables; undefined when a variable has no value (the statement then cannot match). */
function substitute(pattern: string, variables: PolicyVariables): string | undefined {
  let missing = false;
  const result = pattern.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const value = variables[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : result;
}

/** IAM wildcards: '*' any run of characters (including none), '?' exactly one. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starV = v;
    } else if (starP !== -1) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
