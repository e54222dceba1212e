import { describe, expect, it } from 'vitest';
import { describeProgress, describeStatus, summarizeTransfers } from '../../../../renderer/src/features/transfers/transfers';
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
  });
});
