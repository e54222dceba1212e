import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../renderer/src/lib/csv';
import { formatAge, formatDuration } from '../../renderer/src/lib/formatAge';
import { isArchiveClass } from '../../renderer/src/lib/storageClass';
import { describeProgress, describeStatus, summarizeTransfers } from '../../renderer/src/lib/transfers';
import { transferJob } from './fake-api';

const MB = 1024 * 1024;

describe('ages and durations', () => {
  const now = Date.parse('2025-03-12T14:03:00Z');
  it('says how long ago in a status-line voice', () => {
    expect(formatAge(now - 3_000, now)).toBe('just now');
    expect(formatAge(now - 45_000, now)).toBe('45 s ago');
    expect(formatAge(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatAge(now - 2 * 3_600_000, now)).toBe('2 h ago');
    expect(formatAge(now - 26 * 3_600_000, now)).toBe('1 day ago');
  });

  it('counts time left', () => {
    expect(formatDuration(7.2)).toBe('8 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3_900)).toBe('1 h 5 min');
  });
});

describe('CSV previews', () => {
  it('reads quoted fields, escaped quotes and newlines inside quotes', () => {
    expect(parseCsv('name,note\n"Smith, Ann","said ""hi""\nthen left"\nBob,ok\n')).toEqual([
      ['name', 'note'],
      ['Smith, Ann', 'said "hi"\nthen left'],
      ['Bob', 'ok'],
    ]);
  });

  it('drops a last line cut off by truncation, and stops at maxRows', () => {
    expect(parseCsv('a,b\n1,2\n3,', { complete: false })).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\n1\n2\n3\n', { maxRows: 2 })).toEqual([['a'], ['1']]);
  });

  it('recognises semicolon-separated files', () => {
    expect(parseCsv('a;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('storage classes', () => {
  it('treats Glacier Flexible Retrieval and Deep Archive as archived, Instant Retrieval not', () => {
    expect(isArchiveClass('GLACIER')).toBe(true);
    expect(isArchiveClass('DEEP_ARCHIVE')).toBe(true);
    expect(isArchiveClass('GLACIER_IR')).toBe(false);
    expect(isArchiveClass('STANDARD')).toBe(false);
  });
});

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
