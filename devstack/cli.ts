import { parseArgs } from 'node:util';
import { describeProfile, parseProfile, PROFILE_NAMES, type NetworkProfile, type ProfileOverrides } from './network/network-profile';
import { startStack } from './stack';
import { stackEnvironment } from './stack-env';

const USAGE = `Usage: npm run stack -- [--fresh] [--credential-lifetime SECONDS] [--token-duration SECONDS] [--quiet]
                        [--profile NAME] [--latency MS] [--jitter MS] [--bandwidth MIBPS] [--aggregate MIBPS]

Starts the local AWS emulator (Cognito Identity + S3) and the reference backend,
seeded with a demo user and buckets, and writes .stack/stack.json when ready.

  --fresh                      delete .stack/ first and start from nothing
  --credential-lifetime N      AWS credentials from GetCredentialsForIdentity last N seconds (default 3600)
  --token-duration N           OpenID tokens last N seconds (default 900)
  --quiet                      do not print one line per request

Network between every client and the emulator (see devstack/README.md, "Network profiles"):
  --profile NAME               ${PROFILE_NAMES.join(' | ')} (default loopback: no proxy, no shaping)
  --latency MS                 round trip added to every exchange (wan: 30)
  --jitter MS                  the round trip varies by up to ± MS (wan: 5)
  --bandwidth MIBPS            per connection and direction, MiB/s, or "unlimited" (wan: 64)
  --aggregate MIBPS            all connections together, per direction, MiB/s, or "unlimited" (wan: unlimited)

Environment: STACK_BACKEND_PORT (default 8787), STACK_AWS_PORT (default 4566), 0 = any free port;
STACK_DIR (default .stack).`;


/** A command line that cannot be right: exit 2 with the message and the usage. */
class UsageError extends Error {}

const MIB = 1024 * 1024;

function seconds(text: string | undefined, flag: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${flag} must be a whole number of seconds from 1 to ${max}.`);
  return value;
}

function milliseconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError(`${flag} must be a number of milliseconds, 0 or more, not "${text}".`);
  return value;
}

function mibPerSecond(text: string | undefined, flag: string): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'unlimited') return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number of MiB per second, or "unlimited", not "${text}".`);
  return value * MIB;
}

interface CliOptions {
  fresh: boolean;
  quiet: boolean;
  help: boolean;
  credentialLifetimeSeconds: number | undefined;
  tokenDurationSeconds: number | undefined;
  network: NetworkProfile;
}

function parseCommandLine(args: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        fresh: { type: 'boolean', default: false },
        'credential-lifetime': { type: 'string' },
        'token-duration': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        profile: { type: 'string', default: 'loopback' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        bandwidth: { type: 'string' },
        aggregate: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const overrides: ProfileOverrides = {
    latencyMs: milliseconds(values.latency, '--latency'),
    jitterMs: milliseconds(values.jitter, '--jitter'),
    connectionBytesPerSecond: mibPerSecond(values.bandwidth, '--bandwidth'),
    aggregateBytesPerSecond: mibPerSecond(values.aggregate, '--aggregate'),
  };
  let network: NetworkProfile;
  try {
    network = parseProfile(values.profile, overrides);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    fresh: values.fresh,
    quiet: values.quiet,
    help: values.help,
    credentialLifetimeSeconds: seconds(values['credential-lifetime'], '--credential-lifetime', 43200),
    tokenDurationSeconds: seconds(values['token-duration'], '--token-duration', 86400),
    network,
  };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const environment = stackEnvironment();
  const { stateDir } = environment;
  const stack = await startStack({
    ...environment,
    fresh: options.fresh,
    credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    tokenDurationSeconds: options.tokenDurationSeconds,
    network: options.network,
    log: options.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
  });
  const { info } = stack;
  console.log(
    [
      'S3 Desk local stack is ready.',
      `  backend       ${info.backendUrl}`,
      `  AWS emulator  ${info.awsEndpoint}  (Cognito Identity + S3, region ${info.region})`,
      `  network       ${describeProfile(options.network)}${stack.proxy ? ` — shaped by a proxy in front of the emulator (direct, unshaped: ${info.network.directAwsEndpoint})` : ''}`,
      `  demo user     ${info.demoUser.username} — the password is in ${stateDir}/stack.json (demoUser.password)`,
      `  buckets       ${info.buckets.map((b) => `${b.label} (${b.name}/${b.prefix})`).join(', ')}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') {
    console.error(`A port the stack needs is already in use (${err.message}). Stop the other process, or set STACK_BACKEND_PORT / STACK_AWS_PORT (0 = any free port).`);
  } else {
    console.error(`The local stack could not start: ${err.message}`);
  }
  process.exit(1);
});
