import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../main/services/errors';
import { addTask, jobLabel, jobView, newJob, setState } from '../../../main/services/transfers/job';

const upload = (items: { count: number; name: string; kind: 'file' | 'folder' }) =>
  newJob({ direction: 'upload', bucket: 'b', prefix: 'p/', sessionId: 1, items, download: null });

describe('transfer jobs', () => {
  it('labels: a file by name, a folder with its file count, a selection by item count', () => {
    const file = upload({ count: 1, name: 'report.pdf', kind: 'file' });
    addTask(file, { key: 'p/report.pdf', size: 1, name: 'report.pdf', state: 'pending' });
    expect(jobLabel(file)).toBe('report.pdf');
    const folder = upload({ count: 1, name: 'photos', kind: 'folder' });
    for (let i = 0; i < 1204; i++) addTask(folder, { key: `p/photos/${i}`, size: 1, name: `photos/${i}`, state: 'pending' });
    expect(jobLabel(folder)).toBe('photos (1,204 files)');
    const selection = upload({ count: 3, name: '', kind: 'folder' });
    addTask(selection, { key: 'p/a', size: 1, name: 'a', state: 'pending' });
    expect(jobLabel(selection)).toBe('3 items (1 file)');
  });

  it('keeps counts and byte totals as files change state (skipped bytes are not owed)', () => {
    const job = upload({ count: 1, name: 'photos', kind: 'folder' });
    const a = addTask(job, { key: 'p/a', size: 10, name: 'a', state: 'pending' });
    addTask(job, { key: 'p/b', size: 20, name: 'b', state: 'skipped' });
    const c = addTask(job, { key: 'p/c', size: 30, name: 'c', state: 'pending' });
    setState(a, 'done');
    setState(c, 'failed');
    job.status = 'failed';
    job.error = new ServiceError('local_file_error', '“c” is no longer there.');
    expect(jobView(job, Date.now(), true)).toMatchObject({
      filesTotal: 3,
      filesDone: 1,
      filesSkipped: 1,
      filesFailed: 1,
      bytesTotal: 40,
      bytesPerSecond: 0,
      error: { code: 'local_file_error', message: '“c” is no longer there.' },
      retryable: true,
      revealable: false,
    });
    expect(jobView(job, Date.now(), false).retryable).toBe(false);
  });
});
