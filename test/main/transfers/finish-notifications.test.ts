import { beforeEach, describe, expect, it } from 'vitest';
import type { TransferJob } from '../../../common/ipc';
import type { DesktopNotification } from '../../../main/shared/desktop';
import { finishNotification, notifyFinishedTransfers } from '../../../main/transfers/finish-notifications';

function job(fields: Partial<TransferJob> = {}): TransferJob {
  return {
    id: 'job-1',
    direction: 'download',
    label: 'photos (1,204 files)',
    bucket: 'desk-private',
    prefix: 'us-east-1:00000000-0000-0000-0000-000000000000/',
    status: 'running',
    filesTotal: 1_204,
    filesDone: 0,
    counting: false,
    filesSkipped: 0,
    filesFailed: 0,
    bytesTotal: 1_000,
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

describe('notifyFinishedTransfers', () => {
  let clock: number;
  let focused: boolean;
  let shown: DesktopNotification[];
  let emit: (jobs: TransferJob[]) => void;

  beforeEach(() => {
    clock = 1_000_000;
    focused = false;
    shown = [];
    notifyFinishedTransfers({
      transfers: {
        onChanged: (listener) => {
          emit = listener;
          return () => {};
        },
      },
      desktop: { notify: (notification) => shown.push(notification), isWindowFocused: () => focused },
      now: () => clock,
      minDurationMs: 10_000,
    });
  });

  it('tells of a long download that finished while the window was in the background', () => {
    emit([job({ status: 'queued' })]);
    clock += 12_000;
    emit([job({ status: 'done', filesDone: 1_204 })]);
    expect(shown).toEqual([{ title: 'Download complete', body: '“photos (1,204 files)” has been downloaded.' }]);
  });

  it('tells of a long transfer that failed, naming it but not the error (which may name a whole key)', () => {
    emit([job({ direction: 'upload', label: 'report.pdf', filesTotal: 1 })]);
    clock += 30_000;
    const error = { code: 'access_denied' as const, message: 'You may not upload to s3://desk-private/us-east-1:00000000/report.pdf.' };
    emit([job({ direction: 'upload', label: 'report.pdf', filesTotal: 1, filesFailed: 1, status: 'failed', error })]);
    expect(shown).toEqual([{ title: 'Upload failed', body: '“report.pdf” could not be uploaded. Open S3 Desk to see why and try again.' }]);
    expect(JSON.stringify(shown)).not.toContain('s3://');
  });

  it('says nothing of a short transfer, of one that ended while the window had the focus, or of a cancel', () => {
    emit([job({ id: 'quick' })]);
    clock += 9_999;
    emit([job({ id: 'quick', status: 'done' })]);

    emit([job({ id: 'watched' })]);
    clock += 60_000;
    focused = true;
    emit([job({ id: 'watched', status: 'done' })]);

    focused = false;
    emit([job({ id: 'stopped' })]);
    clock += 60_000;
    emit([job({ id: 'stopped', status: 'cancelled' })]);
    expect(shown).toEqual([]);
  });

  it('measures a retry from its new start, not from the first attempt', () => {
    emit([job()]);
    clock += 60_000;
    focused = true;
    emit([job({ status: 'failed' })]);
    focused = false;
    emit([job({ status: 'queued' })]);
    clock += 2_000;
    emit([job({ status: 'done' })]);
    expect(shown).toEqual([]);
  });

  it('tells each job once, and forgets a job cleared from the list', () => {
    emit([job()]);
    clock += 20_000;
    emit([job({ status: 'done' })]);
    emit([job({ status: 'done' })]);
    expect(shown).toHaveLength(1);
    emit([job({ id: 'cleared' })]);
    emit([]);
    clock += 20_000;
    emit([job({ id: 'cleared', status: 'done' })]);
    expect(shown).toHaveLength(1);
  });
});

describe('finishNotification', () => {
  it('names partial failures and skipped files', () => {
    expect(finishNotification(job({ status: 'failed', filesDone: 1_200, filesFailed: 4 })).body).toBe(
      '“photos (1,204 files)” could not be downloaded completely (4 of 1,204 failed). Open S3 Desk to see why and try again.',
    );
    expect(finishNotification(job({ status: 'done', filesDone: 1_201, filesSkipped: 3 })).body).toBe('“photos (1,204 files)” has been downloaded (3 skipped).');
    expect(finishNotification(job({ status: 'done', direction: 'move', label: 'notes.md → notes 2024.md' }))).toEqual({
      title: 'Move complete',
      body: '“notes.md → notes 2024.md” has been moved.',
    });
  });

  it('shows a name without characters that hide or reorder it, cut short when long', () => {
    expect(finishNotification(job({ status: 'done', label: 'invoice\u202efdp.exe' })).body).toBe('“invoicefdp.exe” has been downloaded.');
    const long = finishNotification(job({ status: 'done', label: `${'ä'.repeat(200)}.txt` })).body;
    expect(long).toBe(`“${'ä'.repeat(60)}…” has been downloaded.`);
  });
});
