import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeDownloadFileSystem } from '../../../main/transfers/download-file';
import { InterruptedTransfers } from '../../../main/transfers/interrupted-transfers';
import { TransferJournal, type JournalJob } from '../../../main/transfers/transfer-journal';

const MIB = 1024 * 1024;
const job = (id: string, owner: string, extra: Partial<JournalJob> = {}): JournalJob => ({
  id,
  direction: 'upload',
  owner,
  bucket: 'team',
  prefix: 'in/',
  items: { count: 1, name: 'photos', kind: 'folder' },
  done: { files: 2, bytes: 2 * MIB },
  files: [
    { key: 'in/photos/a.raw', size: 30 * MIB, name: 'photos/a.raw', path: '/home/me/photos/a.raw', checkpoint: { kind: 'upload', reached: { uploadId: `${id}-upload`, partSize: 8 * MIB, file: { size: 30 * MIB, modifiedMs: 1 } } } },
  ],
  savedAt: Date.UTC(2026, 10, 28, 17, 5),
  ...extra,
});

function journalWith(jobs: unknown[]): TransferJournal {
  const path = join(mkdtempSync(join(tmpdir(), 's3desk-journal-')), 'transfers.json');
  writeFileSync(path, JSON.stringify({ version: 1, jobs }));
  return new TransferJournal({ path });
}

describe('transfers an earlier run left unfinished', () => {
  it('are shown to their own identity only, as interrupted, with how far they got', async () => {
    const left = new InterruptedTransfers(journalWith([job('mine', 'alice'), job('theirs', 'bob')]), nodeDownloadFileSystem);
    expect(await left.restore('alice')).toEqual(new Set(['mine-upload']));
    expect(left.views()).toEqual([
      expect.objectContaining({ id: 'mine', status: 'interrupted', label: 'photos (3 files)', filesTotal: 3, filesDone: 2, bytesTotal: 32 * MIB, bytesDone: 2 * MIB, retryable: true }),
    ]);
    // Everyone's stay in the journal until their own identity decides.
    expect(left.all().map((entry) => entry.id)).toEqual(['mine', 'theirs']);
  });

  it('are hidden once signed out, and another identity sees only its own', async () => {
    const left = new InterruptedTransfers(journalWith([job('mine', 'alice'), job('theirs', 'bob')]), nodeDownloadFileSystem);
    await left.restore('alice');
    left.hide();
    expect(left.views()).toEqual([]);
    expect(left.take('mine')).toBeNull();
    await left.restore('bob');
    expect(left.views().map((view) => view.id)).toEqual(['theirs']);
    expect(left.take('theirs')?.id).toBe('theirs');
    expect(left.all().map((entry) => entry.id)).toEqual(['mine']);
  });

  it('a journal entry that is not valid is left out; the others stay', async () => {
    const left = new InterruptedTransfers(journalWith([{ id: 'broken' }, job('mine', 'alice')]), nodeDownloadFileSystem);
    await left.restore('alice');
    expect(left.views().map((view) => view.id)).toEqual(['mine']);
  });
});
