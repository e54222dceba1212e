import { runSoak } from './soak/run-soak';
import { SOAK_USAGE, parseSoakArgs } from './soak/soak-options';

/**
 * `npm run soak`: continuous S3 calls through the real session services
 * against a private local stack with short lifetimes. Ends with one JSON line.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(SOAK_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseSoakArgs(args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${SOAK_USAGE}`);
    return 2;
  }
  const result = await runSoak(options);
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The soak could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
