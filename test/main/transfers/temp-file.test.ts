import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempFile } from '../../../main/transfers/temp-file';

describe('a download’s temp file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-temp-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes writes at their offsets, in any order and at once', async () => {
    const path = join(dir, 'object.part');
    const file = await openTempFile(path, 'create');
    await Promise.all([file.writev([Buffer.from('world')], 6), file.writev([Buffer.from('hel'), Buffer.from('lo ')], 0)]);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('hello world');
  });

  it('is never created over anything already there', async () => {
    const path = join(dir, 'taken.part');
    writeFileSync(path, 'someone else’s');
    await expect(openTempFile(path, 'create')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('someone else’s');
  });

  it('reopens an earlier run’s file to go on writing, and truncates it for a download that starts over', async () => {
    const path = join(dir, 'earlier.part');
    writeFileSync(path, 'old version bytes');
    const file = await openTempFile(path, 'reopen');
    await file.truncate(0);
    await file.writev([Buffer.from('new')], 0);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('closes once: a second close does nothing, and a write after close is refused without touching any other file', async () => {
    const path = join(dir, 'closed.part');
    const file = await openTempFile(path, 'create');
    await file.close();
    // Whatever opens next may get the closed descriptor's number; it must not receive the closed file's writes or close.
    const other = join(dir, 'other.part');
    const next = await openTempFile(other, 'create');
    await expect(file.close()).resolves.toBeUndefined();
    await expect(file.writev([Buffer.from('late')], 0)).rejects.toMatchObject({ code: 'EBADF' });
    await expect(file.truncate(0)).rejects.toMatchObject({ code: 'EBADF' });
    await next.writev([Buffer.from('mine')], 0);
    await next.close();
    expect(readFileSync(other, 'utf8')).toBe('mine');
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('closes only once the writes under way have landed', async () => {
    const path = join(dir, 'busy.part');
    const file = await openTempFile(path, 'create');
    const written = file.writev([Buffer.alloc(1024 * 1024, 1), Buffer.from('end')], 0);
    const closed = file.close();
    await Promise.all([written, closed]);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(1024 * 1024 + 3);
    expect(bytes.subarray(-3).toString()).toBe('end');
  });
});
