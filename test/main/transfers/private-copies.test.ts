import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TransferJob } from '../../../common/ipc';
import { PrivateCopies, type PrivateCopyQueue } from '../../../main/transfers/private-copies';

function job(fields: Partial<TransferJob>): TransferJob {
  return {
    id: 'job-1',
    direction: 'download',
    label: 'report.pdf',
    bucket: 'desk-shared',
    prefix: 'library/',
    status: 'queued',
    filesTotal: 1,
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

/**
 * The transfer queue as a private copy sees it: downloadInto records what it was asked and the
 * test plays the job's changes; a finished download's file is written where the queue would put it.
 */
function scriptedQueue() {
  const asked: Array<{ request: Parameters<PrivateCopyQueue['downloadInto']>[0]; root: string }> = [];
  const listeners = new Set<(jobs: TransferJob[]) => void>();
  let landed: string | null = null;
  const queue: PrivateCopyQueue = {
    downloadInto: (request, root) => {
      asked.push({ request, root });
      return job({ id: `job-${asked.length}` });
    },
    downloadedPath: () => landed,
    onChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = async (jobs: TransferJob[]) => {
    await Promise.resolve();
    for (const listener of [...listeners]) listener(jobs);
  };
  /** The download arrives: its file is written in the folder it was given, as the queue would. */
  const arrive = async (name: string, bytes: string) => {
    const { root } = asked.at(-1)!;
    landed = path.join(root, name);
    writeFileSync(landed, bytes);
    await emit([job({ id: `job-${asked.length}`, status: 'done', filesDone: 1 })]);
  };
  return { queue, asked, emit, arrive, listeners };
}

describe('PrivateCopies', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 's3desk-private-copies-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('downloads the object through the queue into a folder of its own that only this user can enter', async () => {
    const { queue, asked, arrive, listeners } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const fetched = copies.fetch({ bucket: 'desk-shared', key: 'library/reports/q1 report.pdf' });
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]!.request).toEqual({ bucket: 'desk-shared', keys: ['library/reports/q1 report.pdf'], prefixes: [], basePrefix: 'library/reports/' });
    await arrive('q1 report.pdf', 'the report');
    const copy = await fetched;
    expect(copy).toMatchObject({ status: 'ready', path: path.join(asked[0]!.root, 'q1 report.pdf') });
    // The copy's folder, inside this run's folder, inside the root: both private.
    const runFolder = path.dirname(asked[0]!.root);
    expect(path.dirname(runFolder)).toBe(temp);
    if (process.platform !== 'win32') {
      expect(statSync(runFolder).mode & 0o777).toBe(0o700);
      expect(statSync(asked[0]!.root).mode & 0o777).toBe(0o700);
    }
    // It stopped listening once its job finished.
    expect(listeners.size).toBe(0);
  });

  it('gives every copy a new folder, so two objects of one name never meet', async () => {
    const { queue, asked, arrive } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const first = copies.fetch({ bucket: 'desk-shared', key: 'a/notes.txt' });
    await expect.poll(() => asked.length).toBe(1);
    await arrive('notes.txt', 'a');
    await first;
    const second = copies.fetch({ bucket: 'desk-shared', key: 'b/notes.txt' });
    await expect.poll(() => asked.length).toBe(2);
    await arrive('notes.txt', 'b');
    await second;
    expect(asked[0]!.root).not.toBe(asked[1]!.root);
    expect(path.dirname(asked[0]!.root)).toBe(path.dirname(asked[1]!.root));
  });

  it('answers cancelled when the user cancels the download, or clears it from the list', async () => {
    const { queue, asked, emit } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const cancelled = copies.fetch({ bucket: 'desk-shared', key: 'big.iso' });
    await expect.poll(() => asked.length).toBe(1);
    await emit([job({ id: 'job-1', status: 'running' })]);
    await emit([job({ id: 'job-1', status: 'cancelled' })]);
    await expect(cancelled).resolves.toEqual({ status: 'cancelled' });

    const cleared = copies.fetch({ bucket: 'desk-shared', key: 'big.iso' });
    await expect.poll(() => asked.length).toBe(2);
    await emit([]);
    await expect(cleared).resolves.toEqual({ status: 'cancelled' });
  });

  it('fails with the download’s own error', async () => {
    const { queue, asked, emit } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const fetched = copies.fetch({ bucket: 'desk-shared', key: 'gone.txt' });
    await expect.poll(() => asked.length).toBe(1);
    const error = { code: 'no_such_key' as const, message: 'It no longer exists.' };
    await emit([job({ id: 'job-1', status: 'failed', filesFailed: 1, error })]);
    await expect(fetched).rejects.toMatchObject({ code: 'no_such_key', message: 'It no longer exists.' });
  });

  it('says clearly that an archived object must be restored first (the download skipped it)', async () => {
    const { queue, asked, emit } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const fetched = copies.fetch({ bucket: 'desk-shared', key: 'library/archive/old.csv' });
    await expect.poll(() => asked.length).toBe(1);
    await emit([job({ id: 'job-1', status: 'done', filesSkipped: 1 })]);
    await expect(fetched).rejects.toMatchObject({ code: 'archived_object', message: '“old.csv” is archived and must be restored before it can be opened.' });
  });

  it('says where it could not make its folder, and tries again next time', async () => {
    const { queue, asked, arrive } = scriptedQueue();
    const missing = path.join(temp, 'not there');
    const copies = new PrivateCopies({ transfers: queue, root: missing });
    await expect(copies.fetch({ bucket: 'desk-shared', key: 'a.txt' })).rejects.toMatchObject({ code: 'local_file_error' });
    expect(asked).toEqual([]);
    // The folder exists now (the system's temp folder came back): the next copy works.
    mkdirSync(missing);
    const fetched = copies.fetch({ bucket: 'desk-shared', key: 'a.txt' });
    await expect.poll(() => asked.length).toBe(1);
    await arrive('a.txt', 'a');
    await expect(fetched).resolves.toMatchObject({ status: 'ready' });
  });

  it('downloads a selection into one private folder, answering its job at once and then what arrived at its top, in name order', async () => {
    const { queue, asked, emit } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const request = { bucket: 'desk-shared', keys: ['library/b.txt', 'library/a.csv'], prefixes: ['library/photos/'], basePrefix: 'library/' };
    const { job: started, arrival } = await copies.fetchSelection(request);
    expect(started).toMatchObject({ id: 'job-1', status: 'queued' });
    expect(asked).toEqual([{ request, root: expect.any(String) }]);
    const { root } = asked[0]!;
    if (process.platform !== 'win32') expect(statSync(root).mode & 0o777).toBe(0o700);
    mkdirSync(path.join(root, 'photos'));
    writeFileSync(path.join(root, 'photos', 'cat.jpg'), 'cat');
    writeFileSync(path.join(root, 'b.txt'), 'b');
    writeFileSync(path.join(root, 'a.csv'), 'a');
    await emit([job({ id: 'job-1', status: 'done', filesDone: 3 })]);
    await expect(arrival).resolves.toMatchObject({ status: 'ready', entries: ['a.csv', 'b.txt', 'photos'].map((name) => path.join(root, name)) });
  });

  it('says why a selection’s download gave nothing: all of it archived, or folders without files', async () => {
    const { queue, emit } = scriptedQueue();
    const copies = new PrivateCopies({ transfers: queue, root: temp });
    const request = { bucket: 'desk-shared', keys: [], prefixes: ['library/archive/'], basePrefix: 'library/' };
    const archived = await copies.fetchSelection(request);
    await emit([job({ id: 'job-1', status: 'done', filesSkipped: 2 })]);
    await expect(archived.arrival).rejects.toMatchObject({ code: 'archived_object', message: 'Everything selected is archived and must be restored before it can be downloaded.' });
    const empty = await copies.fetchSelection(request);
    await emit([job({ id: 'job-2', status: 'done', filesTotal: 0 })]);
    await expect(empty.arrival).rejects.toMatchObject({ code: 'invalid_input', message: 'There was nothing to download: the selected folders hold no files.' });
  });
});
