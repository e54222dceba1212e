import { describe, expect, it } from 'vitest';
import {
  describeInterrupted,
  describeInterruption,
  describeProgress,
  describeStatus,
  summarizeTransfers,
} from '../../../../renderer/src/features/transfers/transfers';
import { formatDateTime } from '../../../../renderer/src/shared/format/formatDate';
import { transferJob } from '../../helpers/fake-api';

const MB = 1024 * 1024;

describe('transfer wording', () => {
  it('summarizes what is running and how fast', () => {
    expect(
      summarizeTransfers([
        transferJob({ status: 'running', bytesPerSecond: 30 * MB }),
        transferJob({ status: 'running', bytesPerSecond: 18 * MB }),
        transferJob({ status: 'done' }),
      ]),
    ).toBe('2 running · 48 MB/s');
    expect(summarizeTransfers([transferJob({ status: 'failed' }), transferJob({ status: 'queued' })])).toBe('1 queued · 1 failed');
    expect(summarizeTransfers([transferJob({ status: 'done' }), transferJob({ status: 'done' })])).toBe('2 done');
  });

  it('describes progress with speed and time left while running', () => {
    const job = transferJob({ status: 'running', bytesDone: 12 * MB, bytesTotal: 40 * MB, filesTotal: 10, filesDone: 3, bytesPerSecond: 2 * MB });
    expect(describeProgress(job)).toBe('12 MB of 40 MB · 3 of 10 files · 2 MB/s · 14 s left');
    expect(describeStatus(transferJob({ status: 'done', filesSkipped: 3 }))).toBe('Done, 3 skipped');
    expect(describeStatus(transferJob({ status: 'running', direction: 'upload' }))).toBe('Uploading');
    expect(describeStatus(transferJob({ status: 'running', direction: 'copy' }))).toBe('Copying');
    expect(describeStatus(transferJob({ status: 'running', direction: 'move' }))).toBe('Moving');
  });

  it('counts interrupted transfers in the summary', () => {
    expect(summarizeTransfers([transferJob({ status: 'interrupted' }), transferJob({ status: 'interrupted' })])).toBe('2 interrupted');
    expect(summarizeTransfers([transferJob({ status: 'failed' }), transferJob({ status: 'interrupted' }), transferJob({ status: 'done' })])).toBe(
      '1 failed · 1 interrupted',
    );
  });

  it('describes an interrupted transfer by how far it got: no speed, no time left', () => {
    const job = transferJob({ status: 'interrupted', bytesDone: 12 * MB, bytesTotal: 40 * MB, filesTotal: 10, filesDone: 3, bytesPerSecond: 2 * MB });
    expect(describeProgress(job)).toBe('12 MB of 40 MB · 3 of 10 files');
    expect(describeStatus(job)).toBe('Interrupted');
  });

  it('says why an interrupted transfer stopped, and when it last made progress if known', () => {
    const finishedAt = '2025-03-12T14:03:00.000Z';
    expect(describeInterruption(transferJob({ status: 'interrupted', finishedAt }))).toBe(
      `S3 Desk closed before this finished. Last progress: ${formatDateTime(finishedAt)}.`,
    );
    expect(describeInterruption(transferJob({ status: 'interrupted', finishedAt: null }))).toBe('S3 Desk closed before this finished.');
    expect(describeInterrupted(1)).toBe('1 transfer did not finish when S3 Desk last closed.');
    expect(describeInterrupted(3)).toBe('3 transfers did not finish when S3 Desk last closed.');
  });
});
