import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLogger, teeLogger } from '../../../main/shared/file-logger';

describe('fileLogger', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 's3desk-log-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('appends one timestamped line per message, creating the folder, with secrets redacted and newlines folded', () => {
    const path = join(scratch(), 'logs', 'main.log');
    const logger = fileLogger(path, () => Date.parse('2026-11-29T08:00:00Z'));
    logger.info('Signed in as demo');
    logger.error('Refresh failed with eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\nsecond line');
    expect(readFileSync(path, 'utf8')).toBe(
      '2026-11-29T08:00:00.000Z info  Signed in as demo\n' + '2026-11-29T08:00:00.000Z error Refresh failed with [redacted] ⏎ second line\n',
    );
  });

  it('moves a large log aside and starts a new one', () => {
    const dir = scratch();
    const path = join(dir, 'main.log');
    writeFileSync(path, 'x'.repeat(5 * 1024 * 1024 + 1));
    fileLogger(path).warn('fresh');
    expect(readFileSync(path, 'utf8')).toMatch(/warn {2}fresh\n$/);
    expect(existsSync(join(dir, 'main.old.log'))).toBe(true);
  });

  it('never throws when the log cannot be written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'not-a-folder'), '');
    expect(() => fileLogger(join(dir, 'not-a-folder', 'main.log')).error('lost, quietly')).not.toThrow();
  });
});

describe('teeLogger', () => {
  it('hands every line to each logger', () => {
    const seen: string[] = [];
    const recorder = (name: string) => ({
      info: (m: string) => seen.push(`${name} info ${m}`),
      warn: (m: string) => seen.push(`${name} warn ${m}`),
      error: (m: string) => seen.push(`${name} error ${m}`),
    });
    const logger = teeLogger(recorder('a'), recorder('b'));
    logger.warn('w');
    logger.error('e');
    expect(seen).toEqual(['a warn w', 'b warn w', 'a error e', 'b error e']);
  });
});
