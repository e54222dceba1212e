import { describe, expect, it } from 'vitest';
import { SOAK_USAGE, parseSoakArgs } from '../../scripts/soak/soak-options';

describe('parseSoakArgs (npm run soak -- …)', () => {
  it('with no options: 60 s, 5 s tokens, 10 s credentials, 100 callers, no faults, no outage, no clock skew', () => {
    expect(parseSoakArgs([])).toEqual({
      seconds: 60,
      tokenLifetimeSeconds: 5,
      credentialLifetimeSeconds: 10,
      concurrency: 100,
      faults: [],
      clockSkewSeconds: 0,
    });
  });

  it('accepts the command line the usage text documents', () => {
    const args = [
      '--seconds', '300',
      '--token-lifetime', '20',
      '--credential-lifetime', '30',
      '--concurrency', '50',
      '--fault', 'GetCredentialsForIdentity:throttle:3',
      '--fault', 'ListObjectsV2:latency=200',
      '--backend-outage', '30@10',
      '--clock-skew', '900',
    ];
    // Every example in the usage text is in this command line.
    for (const example of ['GetCredentialsForIdentity:throttle:3', 'ListObjectsV2:latency=200', '30@10', '--clock-skew=-900']) {
      expect(SOAK_USAGE).toContain(example);
    }
    expect(parseSoakArgs(args)).toEqual({
      seconds: 300,
      tokenLifetimeSeconds: 20,
      credentialLifetimeSeconds: 30,
      concurrency: 50,
      faults: [
        { operation: 'GetCredentialsForIdentity', kind: 'throttle', count: 3 },
        { operation: 'ListObjectsV2', kind: 'latency', latencyMs: 200 },
      ],
      backendOutage: { seconds: 30, atSecond: 10 },
      clockSkewSeconds: 900,
    });
  });

  describe('--fault OPERATION:KIND[:COUNT]', () => {
    it.each([
      ['GetCredentialsForIdentity:throttle:3', { operation: 'GetCredentialsForIdentity', kind: 'throttle', count: 3 }],
      ['ListObjectsV2:throttle', { operation: 'ListObjectsV2', kind: 'throttle' }],
      ['ListObjectsV2:error:1', { operation: 'ListObjectsV2', kind: 'error', count: 1 }],
      ['*:drop', { operation: '*', kind: 'drop' }],
      ['ListObjectsV2:latency=200', { operation: 'ListObjectsV2', kind: 'latency', latencyMs: 200 }],
      ['GetObject:latency=0:2', { operation: 'GetObject', kind: 'latency', latencyMs: 0, count: 2 }],
    ])('%s', (text, rule) => {
      expect(parseSoakArgs(['--fault', text]).faults).toEqual([rule]);
    });

    it('is repeatable, keeping the order given', () => {
      const { faults } = parseSoakArgs(['--fault', 'A:drop', '--fault=B:throttle:2', '--fault', 'C:latency=5']);
      expect(faults?.map((fault) => fault.operation)).toEqual(['A', 'B', 'C']);
    });

    it.each(['ListObjectsV2', 'ListObjectsV2:explode', 'ListObjectsV2:latency', 'ListObjectsV2:latency=soon', 'ListObjectsV2:throttle:0', 'ListObjectsV2:throttle:1.5', ':throttle'])(
      'refuses %s, naming the flag and the expected form',
      (text) => {
        expect(() => parseSoakArgs(['--fault', text])).toThrow(`--fault ${text}: expected OPERATION:KIND[:COUNT]`);
      },
    );
  });

  describe('--backend-outage SECONDS@START', () => {
    it('30@10 takes the backend away for 30 s, 10 s into the run', () => {
      expect(parseSoakArgs(['--backend-outage', '30@10']).backendOutage).toEqual({ seconds: 30, atSecond: 10 });
    });

    it('accepts fractions of a second', () => {
      expect(parseSoakArgs(['--backend-outage=2.5@0.5']).backendOutage).toEqual({ seconds: 2.5, atSecond: 0.5 });
    });

    it.each(['30', '30@', '@10', '-30@10', 'thirty@ten', '30@10@5'])('refuses %s, naming the flag', (text) => {
      expect(() => parseSoakArgs([`--backend-outage=${text}`])).toThrow('--backend-outage takes SECONDS@START, e.g. 30@10.');
    });
  });

  describe('--clock-skew', () => {
    it('takes a negative value written as --clock-skew=-900', () => {
      expect(parseSoakArgs(['--clock-skew=-900']).clockSkewSeconds).toBe(-900);
    });

    it('a negative value after a space is refused with a hint to use "="', () => {
      expect(() => parseSoakArgs(['--clock-skew', '-900'])).toThrow(/--clock-skew=-XYZ/);
    });

    it('refuses more than a day either way', () => {
      expect(parseSoakArgs(['--clock-skew=86400']).clockSkewSeconds).toBe(86_400);
      expect(() => parseSoakArgs(['--clock-skew=-86401'])).toThrow('--clock-skew must be a number from -86400 to 86400 (got "-86401").');
    });
  });

  describe('clear errors for bad values, naming the flag', () => {
    it.each([
      [['--seconds', '0'], '--seconds must be a number from 1 to 86400 (got "0").'],
      [['--seconds', 'soon'], '--seconds must be a number from 1 to 86400 (got "soon").'],
      [['--seconds', ''], '--seconds must be a number from 1 to 86400 (got "").'],
      [['--token-lifetime', '86401'], '--token-lifetime must be a whole number from 1 to 86400 (got "86401").'],
      [['--credential-lifetime', '43201'], '--credential-lifetime must be a whole number from 1 to 43200 (got "43201").'],
      [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 10000 (got "0").'],
      [['--concurrency', 'Infinity'], '--concurrency must be a whole number from 1 to 10000 (got "Infinity").'],
    ])('%j', (args, message) => {
      expect(() => parseSoakArgs(args)).toThrow(message);
    });

    // The backend takes the token lifetime as whole seconds only (COGNITO_TOKEN_DURATION_SECONDS), Cognito the credential
    // lifetime, and callers come in whole numbers: a fraction must be refused here, not fail later inside the stack.
    it.each([
      ['--token-lifetime', '2.5'],
      ['--credential-lifetime', '7.5'],
      ['--concurrency', '1.5'],
    ])('%s %s is refused as not a whole number', (flag, value) => {
      expect(() => parseSoakArgs([flag, value])).toThrow(`${flag} must be a whole number`);
    });

    it('an unknown option is refused by name', () => {
      expect(() => parseSoakArgs(['--sconds', '5'])).toThrow(/--sconds/);
    });

    it('an option without its value is refused by name', () => {
      expect(() => parseSoakArgs(['--seconds'])).toThrow(/--seconds/);
    });
  });
});
