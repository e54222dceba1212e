import { redactSecrets } from './redact';

/** What services log through; main/index.ts passes a console-backed one, tests a silent one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Writes to the console, scrubbing anything token-shaped on the way, as a last line of defence. */
export function consoleLogger(prefix = 's3desk'): Logger {
  const line = (message: string) => `[${prefix}] ${redactSecrets(message)}`;
  return {
    info: (message) => console.info(line(message)),
    warn: (message) => console.warn(line(message)),
    error: (message) => console.error(line(message)),
  };
}

/**
 * A short, loggable description of an unknown error: its name, code and
 * redacted message — never the object itself, whose fields (request
 * parameters, headers) may hold secrets.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const codePart = typeof code === 'string' ? ` (${code})` : '';
    return `${error.name}${codePart}: ${redactSecrets(error.message)}`;
  }
  return `non-error thrown: ${typeof error}`;
}
