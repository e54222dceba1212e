import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DownloadRequest, TransferJob } from '../../../common/ipc';
import { DragOuts } from '../../../main/transfers/drag-out';
import { PrivateCopies, type PrivateCopyQueue } from '../../../main/transfers/private-copies';

function job(fields: Partial<TransferJob>): TransferJob {
  return {
    id: 'job-1',
    direction: 'download',
    label: '3 items',
    bucket: 'desk-shared',
    prefix: 'library/',
    status: 'queued',
    filesTotal: 3,
    filesDone: 0,
    counting: false,
    filesSkipped: 0,
    filesFailed: 0,
    bytesTotal: 0,
    bytesDone: 0,
    bytesPerSecond: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
    retryable: false,
    revealable: false,
    ...fields,
  };
}

/** The transfer queue as PrivateCopies uses it: the test plays each job's changes and writes what "arrived". */
function scriptedQueue() {
  const roots: string[] = [];
  const listeners = new Set<(jobs: TransferJob[]) => void>();
  const queue: PrivateCopyQueue = {
    downloadInto: (_request, root) => {
      roots.push(root);
      return job({ id: `job-${roots.length}` });
    },
    downloadedPath: () => null,
    onChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = async (jobs: TransferJob[]) => {
    await Promise.resolve();
    for (const listener of [...listeners]) listener(jobs);
  };
  /** Job `n` (1-based) finishes with these files (relative paths) written into its folder. */
  const finish = async (n: number, files: Record<string, string>, fields: Partial<TransferJob> = {}) => {
    const root = roots[n - 1]!;
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), bytes);
    }
    await emit([job({ id: `job-${n}`, status: 'done', filesDone: Object.keys(files).length, ...fields })]);
  };
  return { queue, roots, emit, finish };
}

/** The desktop as drag out uses it: drags and reveals recorded. */
function recordingDesktop() {
  const drags: string[][] = [];
  const revealed: string[] = [];
  return { drags, revealed, startDrag: (files: string[]) => void drags.push(files), reveal: (file: string) => void revealed.push(file) };
}

const selection: DownloadRequest = { bucket: 'desk-shared', keys: ['library/b.txt', 'library/a.csv'], prefixes: ['library/photos/'], basePrefix: 'library/' };

describe('DragOuts', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 's3desk-drag-out-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  function setUp(keep?: number) {
    const queue = scriptedQueue();
    const desktop = recordingDesktop();
    let ids = 0;
    const drags = new DragOuts({ copies: new PrivateCopies({ transfers: queue.queue, root: temp }), desktop, keep, newId: () => `drag-${++ids}` });
    return { ...queue, desktop, drags };
  }

  it('prepares a selection through the transfer queue and answers its job at once, then the names once the files are there — never a path', async () => {
    const { drags, roots, finish } = setUp();
    const start = await drags.prepare(selection);
    expect(start).toEqual({ dragId: 'drag-1', job: expect.objectContaining({ id: 'job-1', status: 'queued' }) });
    const ready = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b', 'a.csv': 'a', 'photos/cat.jpg': 'cat' });
    const answer = await ready;
    expect(answer).toEqual({ status: 'ready', names: ['a.csv', 'b.txt', 'photos'], skipped: 0 });
    expect(JSON.stringify([start, answer])).not.toContain(roots[0]!);
    expect(JSON.stringify([start, answer])).not.toContain(temp);
  });

  it('starts the desktop’s drag with the prepared files and folders, as full paths, straight away', async () => {
    const { drags, roots, finish, desktop } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b', 'a.csv': 'a', 'photos/cat.jpg': 'cat' });
    await ready;
    drags.start('drag-1');
    expect(desktop.drags).toEqual([['a.csv', 'b.txt', 'photos'].map((name) => path.join(roots[0]!, name))]);
    // Again, as often as the user drags.
    drags.start('drag-1');
    expect(desktop.drags).toHaveLength(2);
  });

  it('drags only the files still there, and says so when none are', async () => {
    const { drags, roots, finish, desktop } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b', 'a.csv': 'a' });
    await ready;
    rmSync(path.join(roots[0]!, 'a.csv'));
    drags.start('drag-1');
    expect(desktop.drags).toEqual([[path.join(roots[0]!, 'b.txt')]]);
    rmSync(roots[0]!, { recursive: true });
    expect(() => drags.start('drag-1')).toThrow(expect.objectContaining({ code: 'local_file_error', message: expect.stringMatching(/no longer on this computer/) }));
    expect(desktop.drags).toHaveLength(1);
  });

  it('refuses an id it does not know, and a drag whose files are still downloading', async () => {
    const { drags, desktop } = setUp();
    expect(() => drags.start('no-such-drag')).toThrow(expect.objectContaining({ code: 'invalid_input', message: 'This drag out is no longer prepared. Choose Drag out… again.' }));
    await expect(drags.awaitReady('no-such-drag')).rejects.toMatchObject({ code: 'invalid_input' });
    await drags.prepare(selection);
    expect(() => drags.start('drag-1')).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(/still being downloaded/) }));
    expect(desktop.drags).toEqual([]);
  });

  it('answers cancelled when the user cancels the download, and forgets that drag', async () => {
    const { drags, emit } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await emit([job({ id: 'job-1', status: 'running' })]);
    await emit([job({ id: 'job-1', status: 'cancelled' })]);
    await expect(ready).resolves.toEqual({ status: 'cancelled' });
    expect(() => drags.start('drag-1')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('fails with the download’s own error', async () => {
    const { drags, emit } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await emit([job({ id: 'job-1', status: 'failed', filesFailed: 1, error: { code: 'access_denied', message: 'Access denied.' } })]);
    await expect(ready).rejects.toMatchObject({ code: 'access_denied', message: 'Access denied.' });
  });

  it('says how many archived files were left out, and that nothing can be dragged when everything was', async () => {
    const { drags, finish, emit } = setUp();
    await drags.prepare(selection);
    const partly = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b' }, { filesSkipped: 2 });
    await expect(partly).resolves.toEqual({ status: 'ready', names: ['b.txt'], skipped: 2 });

    await drags.prepare(selection);
    const wholly = drags.awaitReady('drag-2');
    await emit([job({ id: 'job-2', status: 'done', filesSkipped: 3 })]);
    await expect(wholly).rejects.toMatchObject({ code: 'archived_object', message: expect.stringMatching(/archived and must be restored/) });
  });

  it('keeps the last few drags only, forgetting the oldest first', async () => {
    const { drags, finish } = setUp(2);
    for (let n = 1; n <= 3; n += 1) {
      await drags.prepare(selection);
      await finish(n, { [`file-${n}.txt`]: String(n) });
    }
    await expect(drags.awaitReady('drag-1')).rejects.toMatchObject({ code: 'invalid_input', message: 'This drag out is no longer prepared. Choose Drag out… again.' });
    await expect(drags.awaitReady('drag-2')).resolves.toMatchObject({ names: ['file-2.txt'] });
    await expect(drags.awaitReady('drag-3')).resolves.toMatchObject({ names: ['file-3.txt'] });
  });

  it('forgets every drag when the session ends', async () => {
    const { drags, finish } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b' });
    await ready;
    drags.forgetAll();
    expect(() => drags.start('drag-1')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('shows the prepared files in the file manager, the first of them selected', async () => {
    const { drags, roots, finish, desktop } = setUp();
    await drags.prepare(selection);
    const ready = drags.awaitReady('drag-1');
    await finish(1, { 'b.txt': 'b', 'a.csv': 'a' });
    await ready;
    drags.reveal('drag-1');
    expect(desktop.revealed).toEqual([path.join(roots[0]!, 'a.csv')]);
  });

  it('starts a drag whose download finished before anyone asked for its names', async () => {
    const { drags, roots, finish, desktop } = setUp();
    await drags.prepare(selection);
    await finish(1, { 'a.csv': 'a' });
    // The page's answer may still be on its way: main knows the files once they are listed, all the same.
    await vi.waitFor(() => drags.start('drag-1'));
    expect(desktop.drags).toEqual([[path.join(roots[0]!, 'a.csv')]]);
  });
});
