import { describe, expect, it } from 'vitest';
import { BackendConfigError, loadBackendConfig } from '../../backend/config';

const POOL = 'eu-west-1:12345678-1234-4234-8234-123456789012';
const required = {
  COGNITO_IDENTITY_POOL_ID: POOL,
  COGNITO_DEVELOPER_PROVIDER_NAME: 'login.example.com',
  BACKEND_BUCKETS: '[{"name":"acme-files","prefix":"users/${identityId}/"}]',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadBackendConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(BackendConfigError);
    return (error as BackendConfigError).problems;
  }
  throw new Error('expected a BackendConfigError');
}

describe('loadBackendConfig', () => {
  it('fills every optional variable with its documented default', () => {
    expect(loadBackendConfig(required)).toEqual({
      host: '127.0.0.1',
      port: 8787,
      database: { kind: 'sqlite', path: 'backend.sqlite' },
      identityPoolId: POOL,
      developerProviderName: 'login.example.com',
      region: 'eu-west-1',
      tokenDurationSeconds: 900,
      buckets: [{ name: 'acme-files', prefix: 'users/${identityId}/' }],
      refreshTokenTtlSeconds: 2_592_000,
      refreshGraceSeconds: 120,
      refreshFamilyMaxDays: 90,
      loginLimitPerUserAddress: { max: 5, windowSeconds: 900 },
      loginSlowdownPerUser: { freeFailures: 10, maxDelaySeconds: 30 },
      loginLimitPerAddress: { max: 30, windowSeconds: 60 },
      trustedProxies: [],
      logFormat: 'text',
    });
  });

  it('reads every variable when set', () => {
    const config = loadBackendConfig({
      ...required,
      BACKEND_HOST: '0.0.0.0',
      BACKEND_PORT: '0',
      BACKEND_DB_PATH: ':memory:',
      COGNITO_REGION: 'us-east-1',
      COGNITO_ENDPOINT: 'http://127.0.0.1:4566',
      COGNITO_TOKEN_DURATION_SECONDS: '86400',
      BACKEND_BUCKETS: '[{"name":"a-bucket","prefix":""},{"name":"b.bucket"}]',
      REFRESH_TOKEN_TTL_SECONDS: '3600',
      BACKEND_REFRESH_GRACE_SECONDS: '0',
      BACKEND_REFRESH_FAMILY_MAX_DAYS: '7',
      LOGIN_LIMIT_PER_USER_ADDRESS: '3/60',
      LOGIN_SLOWDOWN_PER_USER: '20/10',
      LOGIN_LIMIT_PER_ADDRESS: '100/10',
      BACKEND_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10,fd00::/8',
      BACKEND_LOG_FORMAT: 'json',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      database: { kind: 'sqlite', path: ':memory:' },
      region: 'us-east-1',
      cognitoEndpoint: 'http://127.0.0.1:4566',
      tokenDurationSeconds: 86_400,
      // A missing prefix means the whole bucket.
      buckets: [
        { name: 'a-bucket', prefix: '' },
        { name: 'b.bucket', prefix: '' },
      ],
      refreshTokenTtlSeconds: 3600,
      refreshGraceSeconds: 0,
      refreshFamilyMaxDays: 7,
      loginLimitPerUserAddress: { max: 3, windowSeconds: 60 },
      loginSlowdownPerUser: { freeFailures: 20, maxDelaySeconds: 10 },
      loginLimitPerAddress: { max: 100, windowSeconds: 10 },
      trustedProxies: ['10.0.0.0/8', '192.0.2.10', 'fd00::/8'],
      logFormat: 'json',
    });
  });

  it('reads BACKEND_METRICS_TOKEN, and refuses a weak one without quoting it', () => {
    expect(loadBackendConfig(required)).not.toHaveProperty('metricsToken');
    const token = 'a-metrics-token-of-32-characters';
    expect(loadBackendConfig({ ...required, BACKEND_METRICS_TOKEN: token }).metricsToken).toBe(token);
    for (const weak of ['short-token', 'has spaces in the metrics token']) {
      const problems = problemsOf({ ...required, BACKEND_METRICS_TOKEN: weak });
      expect(problems).toEqual([expect.stringMatching(/^BACKEND_METRICS_TOKEN must be 16 to 512 printable/)]);
      expect(problems.join()).not.toContain(weak);
    }
  });

  it('refuses the retired LOGIN_LIMIT_PER_USER, naming what replaced it', () => {
    expect(problemsOf({ ...required, LOGIN_LIMIT_PER_USER: '5/900' })).toEqual([
      expect.stringMatching(/^LOGIN_LIMIT_PER_USER is no longer read: .*LOGIN_LIMIT_PER_USER_ADDRESS.*LOGIN_SLOWDOWN_PER_USER/),
    ]);
  });

  it.each([
    ['a name', 'proxy.example.com'],
    ['a prefix beyond the address', '10.0.0.0/33'],
    ['a /0, which would trust every peer', '::/0'],
    ['a netmask', '10.0.0.0/255.0.0.0'],
    ['an empty entry', '10.0.0.1,,10.0.0.2'],
  ])('refuses BACKEND_TRUSTED_PROXIES with %s, naming the entry', (_case, value) => {
    const problems = problemsOf({ ...required, BACKEND_TRUSTED_PROXIES: value });
    expect(problems).toEqual([expect.stringMatching(/^BACKEND_TRUSTED_PROXIES has ".*", which is not an address or a CIDR range/)]);
  });

  it('selects PostgreSQL with BACKEND_DATABASE_URL, in either spelling of the scheme', () => {
    for (const url of ['postgres://desk@db.example.com:5432/desk', 'postgresql://desk@/desk?host=/run/postgresql']) {
      expect(loadBackendConfig({ ...required, BACKEND_DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    }
  });

  it('refuses a database URL of another kind, or both databases at once, without quoting the URL', () => {
    const other = problemsOf({ ...required, BACKEND_DATABASE_URL: 'mysql://desk:fake-password-marker@db/desk' });
    expect(other).toEqual([expect.stringMatching(/^BACKEND_DATABASE_URL must be a postgres:\/\/ URL, e\.g\. /)]);
    expect(other.join()).not.toContain('fake-password-marker');
    const both = problemsOf({ ...required, BACKEND_DATABASE_URL: 'postgres://db/desk', BACKEND_DB_PATH: 'backend.sqlite' });
    expect(both).toEqual([expect.stringMatching(/^BACKEND_DATABASE_URL and BACKEND_DB_PATH are both set: .* not both$/)]);
  });

  it('treats empty variables as unset', () => {
    const config = loadBackendConfig({ ...required, BACKEND_PORT: '', COGNITO_REGION: '', COGNITO_ENDPOINT: '' });
    expect(config.port).toBe(8787);
    expect(config.region).toBe('eu-west-1');
    expect(config).not.toHaveProperty('cognitoEndpoint');
  });

  it('lists every missing required variable at once, with a hint each', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^COGNITO_IDENTITY_POOL_ID is required: .*us-east-1:/);
    expect(problems[1]).toMatch(/^COGNITO_DEVELOPER_PROVIDER_NAME is required: /);
    expect(problems[2]).toMatch(/^BACKEND_BUCKETS is required: .*"name".*"prefix"/);
  });

  it('lists every invalid variable at once, and the error message contains them all', () => {
    const env = {
      BACKEND_PORT: '70000',
      COGNITO_IDENTITY_POOL_ID: 'not-a-pool',
      COGNITO_DEVELOPER_PROVIDER_NAME: 'has spaces',
      COGNITO_REGION: 'Mars',
      COGNITO_ENDPOINT: 'ftp://example.com',
      COGNITO_TOKEN_DURATION_SECONDS: '86401',
      BACKEND_BUCKETS: '{"name":"x"}',
      REFRESH_TOKEN_TTL_SECONDS: 'a month',
      BACKEND_REFRESH_GRACE_SECONDS: '601',
      BACKEND_REFRESH_FAMILY_MAX_DAYS: '0',
      BACKEND_DATABASE_URL: 'mysql://db/desk',
      LOGIN_LIMIT_PER_USER_ADDRESS: '5',
      LOGIN_SLOWDOWN_PER_USER: '10/3601',
      LOGIN_LIMIT_PER_ADDRESS: '0/60',
      BACKEND_TRUSTED_PROXIES: '10.0.0.0/8,everything',
      BACKEND_LOG_FORMAT: 'pino',
    };
    let message = '';
    try {
      loadBackendConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    const problems = problemsOf(env);
    expect(problems).toHaveLength(Object.keys(env).length);
    for (const name of Object.keys(env)) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
      expect(message).toContain(name);
    }
    expect(message.split('\n')[0]).toBe('Invalid backend configuration:');
  });

  it.each([
    ['not JSON', '[{name:'],
    ['an empty list', '[]'],
    ['an invalid bucket name', '[{"name":"Not_A_Bucket","prefix":""}]'],
    ['an absolute prefix', '[{"name":"ok-bucket","prefix":"/home"}]'],
    ['an unknown field', '[{"name":"ok-bucket","prefix":"","region":"x"}]'],
  ])('rejects BACKEND_BUCKETS with %s', (_case, value) => {
    const problems = problemsOf({ ...required, BACKEND_BUCKETS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BACKEND_BUCKETS/);
  });

  describe('bucket labels', () => {
    const withBuckets = (buckets: unknown) => ({ ...required, BACKEND_BUCKETS: JSON.stringify(buckets) });

    it('reads an optional label per entry, and leaves entries without one exactly as before', () => {
      const config = loadBackendConfig(
        withBuckets([
          { name: 'acme-homes', prefix: 'users/${identityId}/', label: 'My files' },
          { name: 'acme-shared', prefix: 'library/' },
          { name: 'acme-archive', label: '  Old reports  ' },
        ]),
      );
      expect(config.buckets).toEqual([
        { name: 'acme-homes', prefix: 'users/${identityId}/', label: 'My files' },
        { name: 'acme-shared', prefix: 'library/' },
        // Surrounding spaces are an operator's typo, not part of the name.
        { name: 'acme-archive', prefix: '', label: 'Old reports' },
      ]);
      expect(config.buckets[1]).not.toHaveProperty('label');
    });

    it('takes any script, emoji sequences (zero-width joiners) included, up to 64 characters', () => {
      const longest = '📁'.repeat(64);
      const config = loadBackendConfig(
        withBuckets([
          { name: 'a-bucket', label: 'Équipe — 共有フォルダ' },
          { name: 'b-bucket', label: '👩\u200D💻 Dev' },
          { name: 'c-bucket', label: 'می\u200Cخواهم' },
          { name: 'd-bucket', label: longest },
        ]),
      );
      expect(config.buckets.map((bucket) => bucket.label)).toEqual(['Équipe — 共有フォルダ', '👩\u200D💻 Dev', 'می\u200Cخواهم', longest]);
    });

    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['longer than 64 characters', 'x'.repeat(65)],
      ['a newline', 'My\nfiles'],
      ['a NUL', 'My\u0000files'],
      ['a C1 control', 'My\u0085files'],
      ['a right-to-left override', 'My\u202Efiles'],
      ['a zero-width space', 'My\u200Bfiles'],
      ['a number', 42],
    ])('refuses a label that is %s, naming the entry and the rule but not the value', (_case, label) => {
      const problems = problemsOf(withBuckets([{ name: 'ok-bucket', prefix: '' }, { name: 'acme-homes', prefix: '', label }]));
      expect(problems).toEqual([
        'BACKEND_BUCKETS (at 1.label): a label must be 1 to 64 characters of text, without control characters or invisible formatting characters',
      ]);
    });
  });

  it('asks for COGNITO_REGION when the pool id does not start with a region', () => {
    const problems = problemsOf({ ...required, COGNITO_IDENTITY_POOL_ID: 'local:12345678-1234-4234-8234-123456789012' });
    expect(problems).toEqual([expect.stringContaining('COGNITO_REGION')]);
    expect(
      loadBackendConfig({
        ...required,
        COGNITO_IDENTITY_POOL_ID: 'local:12345678-1234-4234-8234-123456789012',
        COGNITO_REGION: 'us-east-1',
      }).region,
    ).toBe('us-east-1');
  });

  it('does not echo configured values in its problems', () => {
    const problems = problemsOf({ ...required, COGNITO_ENDPOINT: 'https://user:hunter2@example.com' });
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
