import { parseArgs } from 'node:util';
import { startStack } from './stack';
import { stackEnvironment } from './stack-env';

const USAGE = `Usage: npm run stack -- [--fresh] [--credential-lifetime SECONDS] [--token-duration SECONDS] [--quiet]

Starts the local AWS emulator (Cognito Identity + S3) and the reference backend,
seeded with a demo user and buckets, and writes .stack/stack.json when ready.

  --fresh                      delete .stack/ first and start from nothing
  --credential-lifetime N      AWS credentials from GetCredentialsForIdentity last N seconds (default 3600)
  --token-duration N           OpenID tokens last N seconds (default 900)
  --quiet                      do not print one line per request

Environment: STACK_BACKEND_PORT (default 8787), STACK_AWS_PORT (default 4566), 0 = any free port;
STACK_DIR (default .stack).`;


function seconds(text: string | undefined, flag: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${flag} must be a whole number of seconds from 1 to ${max}.`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      'credential-lifetime': { type: 'string' },
      'token-duration': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const environment = stackEnvironment();
  const { stateDir } = environment;
  const stack = await startStack({
    ...environment,
    fresh: values.fresh,
    credentialLifetimeSeconds: seconds(values['credential-lifetime'], '--credential-lifetime', 43200),
    tokenDurationSeconds: seconds(values['token-duration'], '--token-duration', 86400),
    log: values.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
  });
  const { info } = stack;
  console.log(
    [
      'S3 Desk local stack is ready.',
      `  backend       ${info.backendUrl}`,
      `  AWS emulator  ${info.awsEndpoint}  (Cognito Identity + S3, region ${info.region})`,
      `  demo user     ${info.demoUser.username} — the password is in ${stateDir}/stack.json (demoUser.password)`,
      `  buckets       ${info.buckets.map((b) => `${b.name}/${b.prefix}`).join(', ')}`,
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
