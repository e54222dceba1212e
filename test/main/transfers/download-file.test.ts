import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  downloadFile,
  nodeDownloadFileSystem,
  placeWithoutReplacing,
  tempName,
  type DownloadFileOptions,
  type DownloadFileSystem,
} from '../../../main/transfers/download-file';
import { markOfTheWeb } from '../../../main/transfers/mark-of-the-web';
import { transferFailure } from '../../../main/transfers/transfer-errors';
import { caseInsensitiveNames, errno, failingWrites, fileSystemWith, withoutHardLinks } from '../helpers/download-faults';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 's3desk-download-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A finished temp file, as downloadFile leaves it before placing it. */
const temp = (content: string, name = 'report.pdf') => {
  const file = join(dir, tempName(name));
  writeFileSync(file, content);
  return file;
};
const contents = () => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

const FILE_SYSTEMS: Array<[string, DownloadFileSystem]> = [
  ['with hard links', nodeDownloadFileSystem],
  ['without hard links (FAT, exFAT)', fileSystemWith(withoutHardLinks)],
];

describe.each(FILE_SYSTEMS)('placing a finished download %s', (_, fs) => {
  it('never replaces a finished file: "name (1).ext", then "(2)"', async () => {
    writeFileSync(join(dir, 'report.pdf'), 'finished before');
    expect(await placeWithoutReplacing(temp('first'), dir, 'report.pdf', 'posix', fs)).toBe(join(dir, 'report (1).pdf'));
    expect(await placeWithoutReplacing(temp('second'), dir, 'report.pdf', 'posix', fs)).toBe(join(dir, 'report (2).pdf'));
    expect(contents()).toEqual({ 'report.pdf': 'finished before', 'report (1).pdf': 'first', 'report (2).pdf': 'second' });
  });

  it('does not take the name of a folder either', async () => {
    mkdirSync(join(dir, 'report.pdf'));
    expect(await placeWithoutReplacing(temp('x'), dir, 'report.pdf', 'posix', fs)).toBe(join(dir, 'report (1).pdf'));
    expect(readdirSync(join(dir, 'report.pdf'))).toEqual([]);
  });

  it('twenty downloads placed onto one name at once each get their own name; none overwrites another', async () => {
    const temps = Array.from({ length: 20 }, (_, i) => temp(`copy ${i}`));
    const placed = await Promise.all(temps.map((file) => placeWithoutReplacing(file, dir, 'report.pdf', 'posix', fs)));
    expect(new Set(placed).size).toBe(20);
    expect(placed.map((file) => readFileSync(file, 'utf8'))).toEqual(temps.map((_, i) => `copy ${i}`));
    expect(readdirSync(dir)).toHaveLength(20);
  });
});

describe.each([true, false])('on a disk that ignores letter case (hard links: %s)', (hardLinks) => {
  const fs = caseInsensitiveNames(hardLinks);

  it('"a.txt" does not replace a finished "A.txt": it becomes "a (1).txt"', async () => {
    writeFileSync(join(dir, 'A.txt'), 'finished before');
    expect(await placeWithoutReplacing(temp('new', 'a.txt'), dir, 'a.txt', 'posix', fs)).toBe(join(dir, 'a (1).txt'));
    expect(contents()).toEqual({ 'A.txt': 'finished before', 'a (1).txt': 'new' });
  });

  it('"A.txt" and "a.txt" placed at once (two keys, one name to the disk) both arrive whole', async () => {
    const placed = await Promise.all([
      placeWithoutReplacing(temp('upper', 'A.txt'), dir, 'A.txt', 'posix', fs),
      placeWithoutReplacing(temp('lower', 'a.txt'), dir, 'a.txt', 'posix', fs),
    ]);
    expect(placed.map((file) => readFileSync(file, 'utf8'))).toEqual(['upper', 'lower']);
    expect(placed.map((file) => file.slice(dir.length + 1).toLowerCase()).sort()).toEqual(['a (1).txt', 'a.txt']);
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

describe('without hard links, the name is taken exclusively before the file moves in', () => {
  it('creates the final name with O_EXCL first, then moves the temp file over that placeholder', async () => {
    const calls: string[] = [];
    const fs = fileSystemWith({
      ...withoutHardLinks,
      createExclusive: async (file) => {
        calls.push(`createExclusive ${file.slice(dir.length + 1)}`);
        await nodeDownloadFileSystem.createExclusive(file);
      },
      rename: async (from, to) => {
        calls.push(`rename → ${to.slice(dir.length + 1)} (there already: ${existsSync(to)})`);
        await nodeDownloadFileSystem.rename(from, to);
      },
    });
    writeFileSync(join(dir, 'report.pdf'), 'finished before');
    await placeWithoutReplacing(temp('new'), dir, 'report.pdf', 'posix', fs);
    expect(calls).toEqual(['createExclusive report.pdf', 'createExclusive report (1).pdf', 'rename → report (1).pdf (there already: true)']);
  });

  it('a move that fails takes its placeholder away, leaving no empty file under the real name', async () => {
    const fs = fileSystemWith({
      ...withoutHardLinks,
      rename: async () => {
        throw errno('EIO', 'rename');
      },
    });
    const file = temp('new');
    await expect(placeWithoutReplacing(file, dir, 'report.pdf', 'posix', fs)).rejects.toMatchObject({ code: 'EIO' });
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
  });

  it('a failure other than "taken" is not mistaken for one: it stops instead of trying "(1)"', async () => {
    const fs = fileSystemWith({
      ...withoutHardLinks,
      createExclusive: async () => {
        throw errno('EACCES', 'open');
      },
    });
    await expect(placeWithoutReplacing(temp('new'), dir, 'report.pdf', 'posix', fs)).rejects.toMatchObject({ code: 'EACCES' });
  });
});

describe('temp names', () => {
  it('are hidden, ours, and within the name length limit', () => {
    expect(tempName('a.txt')).toMatch(/^\.a\.txt\.s3desk-[0-9a-f]{8}-[0-9a-z]+\.part$/);
    expect(Buffer.byteLength(tempName('é'.repeat(127)))).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(tempName('x'.repeat(255)))).toBeLessThanOrEqual(255);
  });

  it('differ for every file of a run, and share the run’s random part', () => {
    const names = Array.from({ length: 1000 }, () => tempName('same.txt'));
    expect(new Set(names).size).toBe(1000);
    const runParts = new Set(names.map((name) => /s3desk-([0-9a-f]{8})-/.exec(name)?.[1]));
    expect(runParts.size).toBe(1);
  });
});

// --- A whole download ------------------------------------------------------------------------

const KEY = 'inbox/sub/report.pdf';
const CHUNK = 64 * 1024;
const BODY = Array.from({ length: 4 }, (_, i) => Buffer.alloc(CHUNK, 97 + i));

/** An S3 client whose GetObject answers `chunks` (ContentLength: their total). */
function s3Answering(chunks: Buffer[]): S3Client {
  const send = async () => ({ Body: Readable.from(chunks), ContentLength: chunks.reduce((sum, chunk) => sum + chunk.length, 0) });
  return { send } as unknown as S3Client;
}

const download = (options: Partial<DownloadFileOptions> = {}) =>
  downloadFile({
    s3: s3Answering(BODY),
    bucket: 'team-bucket',
    key: KEY,
    root: dir,
    segments: ['sub', 'report.pdf'],
    platform: 'posix',
    signal: new AbortController().signal,
    onBytes: () => undefined,
    marker: { mark: async () => undefined },
    expectedSize: BODY.length * CHUNK,
    ...options,
  });

/** The sentence the transfer list shows for a failed file. */
const shown = (error: unknown) =>
  transferFailure(error, { direction: 'download', bucket: 'team-bucket', prefix: 'inbox/', label: () => 'sub/report.pdf' }, { key: KEY, name: 'sub/report.pdf' });

/** A file that finished earlier, beside and above the one downloading. */
function finishedFiles() {
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'earlier.txt'), 'finished before');
  writeFileSync(join(dir, 'notes.txt'), 'mine');
}
const finishedUntouched = () => {
  expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  expect(readFileSync(join(dir, 'sub', 'earlier.txt'), 'utf8')).toBe('finished before');
};

describe('a download marks its file as coming from the internet', () => {
  it('marks the temp file before it gets its real name, so the file is never there unmarked', async () => {
    const marks: Array<{ file: string; source: unknown; folderHeld: string[] }> = [];
    const marker = { mark: async (file: string, source: unknown) => void marks.push({ file, source, folderHeld: readdirSync(join(dir, 'sub')) }) };
    const placed = await download({ marker });
    expect(placed).toBe(join(dir, 'sub', 'report.pdf'));
    expect(marks).toEqual([{ file: expect.stringMatching(/\/sub\/\.report\.pdf\.s3desk-[0-9a-f]{8}-[0-9a-z]+\.part$/), source: { bucket: 'team-bucket', key: KEY }, folderHeld: [expect.stringMatching(/\.part$/)] }]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.pdf']);
  });

  it('a mark that cannot be made (no alternate streams on this disk) is logged; the file still arrives whole', async () => {
    const warnings: string[] = [];
    const marker = markOfTheWeb({
      platform: 'win32',
      logger: { info: () => undefined, warn: (line) => warnings.push(line), error: () => undefined },
      calls: { writeFile: async () => Promise.reject(errno('ENOENT', 'open')), execFile: async () => undefined },
    });
    const placed = await download({ marker });
    expect(readFileSync(placed).equals(Buffer.concat(BODY))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.pdf']);
  });
});

describe('faults while writing: the file fails in plain words, its temp file goes, finished files stay', () => {
  it('the disk fills up mid-download (ENOSPC)', async () => {
    finishedFiles();
    const error = await download({ fs: fileSystemWith(failingWrites('ENOSPC', 2 * CHUNK)) }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'local_file_error', message: 'There is not enough disk space to save “sub/report.pdf”.' });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['earlier.txt']);
    finishedUntouched();
  });

  it('the disk turns read-only mid-download (EROFS)', async () => {
    finishedFiles();
    const error = await download({ fs: fileSystemWith(failingWrites('EROFS', CHUNK)) }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'local_file_error', message: 'S3 Desk is not allowed to save “sub/report.pdf” in that folder.' });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['earlier.txt']);
    finishedUntouched();
  });

  it.each(FILE_SYSTEMS)('the folder is made read-only before the file gets its name (EACCES), %s', async (_, base) => {
    finishedFiles();
    const refuse = async () => Promise.reject(errno('EACCES', 'open'));
    const fs = { ...base, createExclusive: refuse, link: base === nodeDownloadFileSystem ? refuse : base.link };
    const error = await download({ fs }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'local_file_error', message: 'S3 Desk is not allowed to save “sub/report.pdf” in that folder.' });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['earlier.txt']);
    finishedUntouched();
  });

  it('the folder is deleted mid-download: nothing is made again in its place', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    let removed = false;
    const removeFolder = () => {
      if (removed) return;
      removed = true;
      rmSync(join(dir, 'sub'), { recursive: true });
    };
    const error = await download({ fs: fileSystemWith(failingWrites(null, 0, removeFolder)) }).catch((caught: unknown) => caught);
    expect(removed).toBe(true);
    expect(shown(error)).toMatchObject({ code: 'local_file_error', message: 'The folder to save “sub/report.pdf” in is no longer there.' });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('the folders of a many-file download', () => {
  it('are made once: later files of the job do not ask the disk again', async () => {
    const made: string[] = [];
    const fs = fileSystemWith({ mkdir: async (folder) => (made.push(folder), nodeDownloadFileSystem.mkdir(folder)) });
    const existingDirs = new Set<string>();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await download({ fs, existingDirs, segments: ['sub', name] });
    expect(made).toEqual([join(dir, 'sub')]);
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('one removed between two files is made again for the next (a first file would have made it too)', async () => {
    const existingDirs = new Set<string>();
    await download({ existingDirs, segments: ['sub', 'a.txt'] });
    rmSync(join(dir, 'sub'), { recursive: true });
    await download({ existingDirs, segments: ['sub', 'b.txt'] });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['b.txt']);
  });
});

// --- Resuming after a broken connection (against the stack: download-resume.stack.test.ts) ---

describe('a download whose connection breaks', () => {
  const WHOLE = Buffer.concat(BODY);
  const quick = { maxAttempts: 3, backoff: { baseMs: 1 }, readIdleTimeoutMs: 60_000, now: Date.now };
  /** A body that sends `upTo` bytes of `bytes` and then fails like a reset connection. */
  const breaking = (bytes: Buffer, upTo: number) =>
    Readable.from(
      (async function* () {
        if (upTo > 0) yield bytes.subarray(0, upTo);
        throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
      })(),
    );
  /** An S3 client answering each GetObject with the next of `answers`; records the inputs. */
  const scripted = (answers: Array<(input: { Range?: string; IfMatch?: string }) => unknown>) => {
    const inputs: Array<{ Range?: string; IfMatch?: string }> = [];
    const send = async (command: { input: { Range?: string; IfMatch?: string } }) => {
      inputs.push({ Range: command.input.Range, IfMatch: command.input.IfMatch });
      return answers[inputs.length - 1]!(command.input);
    };
    return { inputs, s3: { send } as unknown as S3Client };
  };
  const whole = (body: Readable) => ({ Body: body, ContentLength: WHOLE.length, ETag: '"v1"' });
  const rest = (from: number, etag = '"v1"') => ({
    Body: Readable.from([WHOLE.subarray(from)]),
    ContentLength: WHOLE.length - from,
    ContentRange: `bytes ${from}-${WHOLE.length - 1}/${WHOLE.length}`,
    ETag: etag,
  });

  it('asks for the rest with Range and If-Match the first ETag, and the file is whole', async () => {
    const { inputs, s3 } = scripted([() => whole(breaking(WHOLE, 100_000)), () => rest(100_000)]);
    const placed = await download({ s3, resume: quick });
    expect(readFileSync(placed).equals(WHOLE)).toBe(true);
    expect(inputs).toEqual([{}, { Range: 'bytes=100000-', IfMatch: '"v1"' }]);
  });

  it('an answer for the wrong range (a server that ignored Range) is never appended: it fails, leaving no temp file', async () => {
    const { s3 } = scripted([() => whole(breaking(WHOLE, 100_000)), () => ({ ...whole(Readable.from([WHOLE])), ContentRange: undefined })]);
    const error = await download({ s3, resume: quick }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'network_error', message: 'The download of “sub/report.pdf” was interrupted. Try again.' });
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('S3 refusing (AccessDenied) is not retried', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const { inputs, s3 } = scripted([() => whole(breaking(WHOLE, 100_000)), () => Promise.reject(denied)]);
    const error = await download({ s3, resume: quick }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'access_denied' });
    expect(inputs).toHaveLength(2);
  });

  it('a cancel while waiting to try again stops at once, leaving no temp file', async () => {
    const cancel = new AbortController();
    const { inputs, s3 } = scripted([
      () => {
        setImmediate(() => cancel.abort());
        return whole(breaking(WHOLE, 100_000));
      },
      () => rest(100_000),
    ]);
    await expect(download({ s3, signal: cancel.signal, resume: { ...quick, backoff: { baseMs: 60_000 } } })).rejects.toBeDefined();
    expect(inputs).toHaveLength(1);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('gives up after maxAttempts in a row without a new byte', async () => {
    const { inputs, s3 } = scripted([() => whole(breaking(WHOLE, 100_000)), () => ({ ...rest(100_000), Body: breaking(WHOLE, 0) }), () => ({ ...rest(100_000), Body: breaking(WHOLE, 0) }), () => ({ ...rest(100_000), Body: breaking(WHOLE, 0) })]);
    const error = await download({ s3, resume: quick }).catch((caught: unknown) => caught);
    expect(shown(error)).toMatchObject({ code: 'network_error', message: 'The download of “sub/report.pdf” was interrupted. Try again.' });
    // The first attempt brought bytes; three more brought none.
    expect(inputs).toHaveLength(4);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });
});
