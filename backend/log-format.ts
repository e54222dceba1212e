import { hostname } from 'node:os';

/**
 * Facts about a request for a structured log record: the same safe words as
 * the access-log line (route pattern, status, error code, the limit that
 * refused), never bodies, headers, URLs, usernames or addresses.
 */
export type LogFields = Record<string, string | number>;

/** Receives one line per request plus lifecycle lines; request lines also come as fields. */
export type BackendLog = (line: string, fields?: LogFields) => void;

export type LogFormat = 'text' | 'json';

// pino's numeric levels, so pino's tools read these records.
const INFO = 30;
const ERROR = 50;

/** The backend's log line for people: `<time> backend <line>`. */
export function textRecord(line: string, now: Date): string {
  return `${now.toISOString()} backend ${line}`;
}

/**
 * The same line as one JSON object in pino's shape (level, time in epoch
 * milliseconds, pid, hostname, name, msg) with the request's fields beside
 * it; requests answered with a 5xx are errors, everything else info.
 */
export function jsonRecord(line: string, fields: LogFields | undefined, now: Date): string {
  const status = fields?.statusCode;
  const level = typeof status === 'number' && status >= 500 ? ERROR : INFO;
  return JSON.stringify({
    level,
    time: now.getTime(),
    pid: process.pid,
    hostname: hostname(),
    name: 's3desk-backend',
    msg: line,
    ...fields,
  });
}

/** Writes records to stderr in the given format. */
export function stderrLog(format: LogFormat): BackendLog {
  return (line, fields) => {
    const now = new Date();
    process.stderr.write(`${format === 'json' ? jsonRecord(line, fields, now) : textRecord(line, now)}\n`);
  };
}
