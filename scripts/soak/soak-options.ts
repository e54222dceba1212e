import { parseArgs } from 'node:util';
import { faultRuleSchema, type FaultRule } from '../../devstack/aws/faults';
import type { SoakOptions } from './run-soak';

export const SOAK_USAGE = `Usage: npm run soak -- [options]

  --seconds N               how long to run (default 60)
  --token-lifetime N        OpenID token lifetime in seconds (default 5)
  --credential-lifetime N   AWS credential lifetime in seconds (default 10)
  --concurrency N           callers listing S3 at once (default 100)
  --fault OP:KIND[:COUNT]   emulator fault, repeatable; KIND is throttle, error, drop or latency=MS
                            e.g. --fault GetCredentialsForIdentity:throttle:3 --fault ListObjectsV2:latency=200
  --backend-outage S@T      take the backend away for S seconds, T seconds into the run (e.g. 30@10)
  --clock-skew N            shift AWS's clock by N seconds against this computer's (e.g. 900, or --clock-skew=-900)

Prints one JSON line: {"calls":…,"failures":…,"tokenRefreshes":…,"credentialRefreshes":…,"maxConcurrentRefreshes":…, …}`;

/** Parses the soak command line; throws an Error whose message says what is wrong. */
export function parseSoakArgs(args: string[]): SoakOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      seconds: { type: 'string', default: '60' },
      'token-lifetime': { type: 'string', default: '5' },
      'credential-lifetime': { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '100' },
      fault: { type: 'string', multiple: true, default: [] },
      'backend-outage': { type: 'string' },
      'clock-skew': { type: 'string', default: '0' },
    },
  });
  const options: SoakOptions = {
    seconds: number('--seconds', values.seconds, 1, 86_400),
    // Whole numbers: the backend and Cognito take lifetimes in whole seconds, and callers come whole.
    tokenLifetimeSeconds: number('--token-lifetime', values['token-lifetime'], 1, 86_400, true),
    credentialLifetimeSeconds: number('--credential-lifetime', values['credential-lifetime'], 1, 43_200, true),
    concurrency: number('--concurrency', values.concurrency, 1, 10_000, true),
    faults: values.fault.map(parseFault),
    clockSkewSeconds: number('--clock-skew', values['clock-skew'], -86_400, 86_400),
  };
  if (values['backend-outage'] !== undefined) {
    const match = /^(\d+(?:\.\d+)?)@(\d+(?:\.\d+)?)$/.exec(values['backend-outage']);
    if (!match) throw new Error('--backend-outage takes SECONDS@START, e.g. 30@10.');
    options.backendOutage = { seconds: Number(match[1]), atSecond: Number(match[2]) };
  }
  return options;
}

function number(flag: string, text: string, min: number, max: number, whole = false): number {
  const value = Number(text);
  const valid = whole ? Number.isInteger(value) : Number.isFinite(value);
  if (!valid || value < min || value > max) throw new Error(`${flag} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max} (got "${text}").`);
  return value;
}

function parseFault(text: string): FaultRule {
  const [operation, kindPart, countPart] = text.split(':');
  const [kind, latency] = (kindPart ?? '').split('=');
  const rule = {
    operation,
    kind,
    ...(latency !== undefined ? { latencyMs: Number(latency) } : {}),
    ...(countPart !== undefined ? { count: Number(countPart) } : {}),
  };
  const parsed = faultRuleSchema.safeParse(rule);
  if (!parsed.success) throw new Error(`--fault ${text}: expected OPERATION:KIND[:COUNT] with KIND throttle, error, drop or latency=MS.`);
  return parsed.data;
}
