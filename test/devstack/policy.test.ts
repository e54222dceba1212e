import { describe, expect, it } from 'vitest';
import { evaluatePolicy, policyDocumentSchema, wildcardMatch, type PolicyDocument } from '../../devstack/aws/policy';

const SUB = 'cognito-identity.amazonaws.com:sub';
const vars = { [SUB]: 'us-east-1:1111' };

const homePolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home', Condition: { StringLike: { 's3:prefix': ['${cognito-identity.amazonaws.com:sub}/*'] } } },
    { Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::home/${cognito-identity.amazonaws.com:sub}/*' },
    { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::home/*/locked/*' },
  ],
};

describe('IAM policy evaluation', () => {
  it('allows what a statement allows, with policy variables substituted', () => {
    expect(evaluatePolicy(homePolicy, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/us-east-1:1111/a.txt' }, vars)).toBe('Allow');
    expect(evaluatePolicy(homePolicy, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/us-east-1:2222/a.txt' }, vars)).toBe('ImplicitDeny');
  });

  it('matches actions case-insensitively and with wildcards', () => {
    expect(evaluatePolicy(homePolicy, { action: 'S3:PUTOBJECT', resource: 'arn:aws:s3:::home/us-east-1:1111/a' }, vars)).toBe('Allow');
    expect(evaluatePolicy(homePolicy, { action: 's3:GetObjectAcl', resource: 'arn:aws:s3:::home/us-east-1:1111/a' }, vars)).toBe('ImplicitDeny');
  });

  it('lets an explicit Deny win over any Allow', () => {
    expect(evaluatePolicy(homePolicy, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::home/us-east-1:1111/locked/a' }, vars)).toBe('ExplicitDeny');
  });

  it('checks the s3:prefix condition, and treats a missing condition key as no match', () => {
    const list = (prefix?: string) => evaluatePolicy(homePolicy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::home', context: { 's3:prefix': prefix } }, vars);
    expect(list('us-east-1:1111/photos/')).toBe('Allow');
    expect(list('us-east-1:2222/')).toBe('ImplicitDeny');
    expect(list('')).toBe('ImplicitDeny');
    expect(list(undefined)).toBe('ImplicitDeny');
  });

  it('supports the negated operators', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringNotLike: { 's3:prefix': 'private/*' } } }],
    };
    expect(evaluatePolicy(policy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context: { 's3:prefix': 'public/' } }, {})).toBe('Allow');
    expect(evaluatePolicy(policy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context: { 's3:prefix': 'private/x' } }, {})).toBe('ImplicitDeny');
  });

  it('refuses policy features it does not implement instead of ignoring them', () => {
    const withNotAction = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }] };
    expect(policyDocumentSchema.safeParse(withNotAction).success).toBe(false);
    const withNumeric = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } }] };
    expect(policyDocumentSchema.safeParse(withNumeric).success).toBe(false);
  });

  it('implements * and ? wildcards', () => {
    expect(wildcardMatch('a*c', 'abbbc')).toBe(true);
    expect(wildcardMatch('a*c', 'ac')).toBe(true);
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a?c', 'ac')).toBe(false);
    expect(wildcardMatch('*/x/*', 'p/x/q')).toBe(true);
    expect(wildcardMatch('abc', 'abcd')).toBe(false);
  });
});
