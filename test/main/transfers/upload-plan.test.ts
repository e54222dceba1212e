import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLocal } from '../../../main/transfers/upload-plan';

describe('scanLocal: what a chosen or dropped set of local paths uploads', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 's3desk-scan-'));
    mkdirSync(join(root, 'photos', '2024'), { recursive: true });
    writeFileSync(join(root, 'photos', 'a.jpg'), 'aa');
    writeFileSync(join(root, 'photos', '2024', 'b.jpg'), 'bbb');
    symlinkSync(join(root, 'photos'), join(root, 'photos', '2024', 'back-up'));
    writeFileSync(join(root, 'notes.txt'), 'n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a folder’s name as the first part of its keys, and skips a link back into its own ancestry', async () => {
    const scan = await scanLocal([join(root, 'photos'), join(root, 'notes.txt')], 'home/');
    expect(scan.files.map((file) => [file.key, file.size])).toEqual([
      ['home/photos/2024/b.jpg', 3],
      ['home/photos/a.jpg', 2],
      ['home/notes.txt', 1],
    ]);
    expect(scan.items).toEqual([
      { name: 'photos', kind: 'folder' },
      { name: 'notes.txt', kind: 'file' },
    ]);
    expect(scan.problems).toEqual([{ name: 'photos/2024/back-up', message: 'Skipped: it links back to a folder that contains it.' }]);
  });

  it('reports what it cannot use instead of failing: relative paths, missing files', async () => {
    const scan = await scanLocal(['relative/path.txt', join(root, 'gone.txt')], '');
    expect(scan.files).toEqual([]);
    expect(scan.problems.map((problem) => problem.name)).toEqual(['path.txt', 'gone.txt']);
  });

  it('names a problem as the user sees it, never by the path it was given', async () => {
    const scan = await scanLocal(['../../etc/passwd', join(root, 'deep', 'gone.txt'), '/'], '');
    expect(scan.problems.map((problem) => problem.name)).toEqual(['passwd', 'gone.txt', 'An item']);
    for (const problem of scan.problems) expect(`${problem.name} ${problem.message}`).not.toContain(root);
    expect(JSON.stringify(scan.problems)).not.toMatch(/etc|\.\./);
  });

  it('keeps the folder’s sorted order in a folder of many entries, with subfolders and broken links where they sort', async () => {
    const big = join(root, 'big');
    mkdirSync(join(big, 'm-sub'), { recursive: true });
    const names: string[] = [];
    for (let i = 0; i < 150; i++) {
      const name = `f-${String(i).padStart(3, '0')}.txt`;
      writeFileSync(join(big, name), 'x'.repeat(i));
      names.push(name);
    }
    writeFileSync(join(big, 'm-sub', 'inner.txt'), 'inner');
    symlinkSync(join(big, 'nowhere'), join(big, 'g-dangling'));
    try {
      const scan = await scanLocal([big], '');
      // f-… sort before g-dangling, which sorts before m-sub.
      expect(scan.files.map((file) => file.key)).toEqual([...names.map((name) => `big/${name}`), 'big/m-sub/inner.txt']);
      expect(scan.files.slice(0, 150).map((file) => file.size)).toEqual(names.map((_, i) => i));
      expect(scan.problems).toEqual([{ name: 'big/g-dangling', message: 'It is no longer there (or it is a link to something that is not).' }]);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('refuses, with a sentence, an upload of more files than it will hold (a dropped home folder)', async () => {
    await expect(scanLocal([join(root, 'photos')], '', 1)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'This upload has more than 1 files. Upload its folders one at a time instead.',
    });
  });
});
