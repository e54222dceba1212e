// Manages backend users in the backend's database: `npm run backend:users -- <command>`.
import { randomBytes } from 'node:crypto';
import { databaseLocationFromEnv } from './database-config';
import type { DatabaseLocation } from './db';
import { describePostgresUrl } from './store/postgres';
import { normalizeUsername, openUserStore, UserStoreError, type UserStore } from './users';

const USAGE = `Usage: npm run backend:users -- <command>

Commands:
  add <username> [--password-stdin]     create a user
  reset <username> [--password-stdin]   set a new password (ends the user's sessions)
  remove <username>                     delete a user and their sessions
  list                                  print username, creation time and Cognito identity id

Without --password-stdin a strong password is generated and printed once on stdout.
With it, the password is read from standard input, e.g.
  printf '%s' "$PASSWORD" | npm run backend:users -- add alice --password-stdin

The database is the server's: BACKEND_DATABASE_URL (postgres://…) when set,
otherwise the SQLite file BACKEND_DB_PATH (default backend.sqlite).
`;

// Admin-chosen passwords get a floor; the login form accepts anything up to 1024.
const MIN_PASSWORD_LENGTH = 8;

class UsageError extends Error {}

async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('--password-stdin expects the password on a pipe, not a terminal.');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Drop the one newline `echo` or a here-string adds; keep anything else verbatim.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserStoreError('invalid_password', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  return password;
}

/** Returns the password and whether it was generated (and so must be shown). */
async function obtainPassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readPasswordFromStdin(), generated: false };
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

function parse(argv: string[]): { command: string; username?: string; passwordStdin: boolean } {
  const flags = argv.filter((arg) => arg.startsWith('-'));
  const positional = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = flags.filter((flag) => flag !== '--password-stdin');
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown[0]}.`);
  const [command, username, ...rest] = positional;
  if (!command) throw new UsageError('No command given.');
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);
  const passwordStdin = flags.includes('--password-stdin');
  if (passwordStdin && command !== 'add' && command !== 'reset') {
    throw new UsageError(`--password-stdin only applies to add and reset.`);
  }
  return { command, ...(username === undefined ? {} : { username }), passwordStdin };
}

function requireUsername(username: string | undefined, command: string): string {
  if (!username) throw new UsageError(`"${command}" needs a username.`);
  return username;
}

async function run(users: UserStore, args: ReturnType<typeof parse>): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const note = (line: string): void => void process.stderr.write(`${line}\n`);
  switch (args.command) {
    case 'add': {
      const username = requireUsername(args.username, 'add');
      const { password, generated } = await obtainPassword(args.passwordStdin);
      const user = await users.add(username, password);
      note(`Added user "${user.username}".`);
      if (generated) {
        note('Generated password (shown only now):');
        out(password);
      }
      return;
    }
    case 'reset': {
      const username = requireUsername(args.username, 'reset');
      if (!(await users.exists(username))) throw new UserStoreError('user_not_found', `No user "${username}".`);
      const { password, generated } = await obtainPassword(args.passwordStdin);
      if (!(await users.resetPassword(username, password))) {
        throw new UserStoreError('user_not_found', `No user "${username}".`);
      }
      note(`Reset the password of "${normalizeUsername(username)}"; their sessions have ended.`);
      if (generated) {
        note('Generated password (shown only now):');
        out(password);
      }
      return;
    }
    case 'remove': {
      const username = requireUsername(args.username, 'remove');
      if (!(await users.remove(username))) {
        throw new UserStoreError('user_not_found', `No user "${username}".`);
      }
      note(`Removed user "${normalizeUsername(username)}".`);
      return;
    }
    case 'list': {
      if (args.username !== undefined) throw new UsageError('"list" takes no arguments.');
      if (process.stdout.isTTY) out('username\tcreated\tidentityId');
      for (const user of await users.list()) {
        out(`${user.username}\t${new Date(user.createdAt).toISOString()}\t${user.identityId ?? '-'}`);
      }
      return;
    }
    default:
      throw new UsageError(`Unknown command "${args.command}".`);
  }
}

/** Names the database without its password. */
function describe(location: DatabaseLocation): string {
  return location.kind === 'postgres' ? describePostgresUrl(location.url) : `database ${location.path}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((arg) => arg !== '--');
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    process[argv.length === 0 ? 'stderr' : 'stdout'].write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const database = databaseLocationFromEnv(process.env);
  if ('problem' in database) {
    process.stderr.write(`${database.problem}\n`);
    return 2;
  }
  let users: UserStore;
  try {
    users = await openUserStore(database.location);
  } catch (error) {
    // The message names the database (never its password).
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  try {
    await run(users, args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof UserStoreError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Failed (${describe(database.location)}): ${(error as Error).message}\n`);
    return 1;
  } finally {
    await users.close();
  }
}

main().then((code) => process.exit(code));
