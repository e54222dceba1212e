import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './logger';
import { redactSecrets } from './redact';

/** A log file larger than this is moved aside (one old file is kept), so the log folder stays small. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Appends timestamped, redacted lines to a file (Help → Open Log Folder shows
 * it). Synchronous on purpose: the last lines before a crash are the ones
 * worth having, and the app logs a few lines a minute. Never throws: a full
 * disk or a read-only folder loses the log, not the app.
 */
export function fileLogger(where: string | (() => string), clock: () => number = Date.now): Logger {
  let path = '';
  let ready = false;
  const write = (level: string, message: string) => {
    try {
      if (!ready) {
        // Resolved at the first line: Electron knows its log folder only once the app has a name.
        path = typeof where === 'string' ? where : where();
        mkdirSync(dirname(path), { recursive: true });
        ready = true;
      }
      if (sizeOf(path) > MAX_LOG_BYTES) renameSync(path, path.replace(/(\.log)?$/, '.old.log'));
      appendFileSync(path, `${new Date(clock()).toISOString()} ${level} ${redactSecrets(message).replace(/\r?\n/g, ' ⏎ ')}\n`);
    } catch {
      // Logging must never take the app down.
    }
  };
  return {
    info: (message) => write('info ', message),
    warn: (message) => write('warn ', message),
    error: (message) => write('error', message),
  };
}

/** Every line to each logger, in order. */
export function teeLogger(...loggers: Logger[]): Logger {
  return {
    info: (message) => loggers.forEach((logger) => logger.info(message)),
    warn: (message) => loggers.forEach((logger) => logger.warn(message)),
    error: (message) => loggers.forEach((logger) => logger.error(message)),
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
