/** The stack's settings from the environment, shared by `npm run stack` and `npm start`. */
export interface StackEnvironment {
  stateDir: string;
  backendPort: number;
  awsPort: number;
}

export function stackEnvironment(env: Record<string, string | undefined> = process.env): StackEnvironment {
  return {
    stateDir: env.STACK_DIR || '.stack',
    backendPort: port(env, 'STACK_BACKEND_PORT', 8787),
    awsPort: port(env, 'STACK_AWS_PORT', 4566),
  };
}

function port(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535 (0 = any free port), not "${text}".`);
  }
  return value;
}
