import { describe, expect, it, vi } from 'vitest';
import type { TransferJob } from '../../../common/ipc';
import { ServiceError } from '../../../main/shared/errors';
import { ObjectOpener } from '../../../main/transfers/open-object';
import type { PrivateCopy } from '../../../main/transfers/private-copies';

const object = { bucket: 'desk-shared', key: 'library/reports/q1 report.pdf' };
const ready = (path: string): PrivateCopy => ({ status: 'ready', path, job: { id: 'job-1' } as TransferJob });

describe('ObjectOpener', () => {
  it('opens the private copy with the system’s default application', async () => {
    const openPath = vi.fn(async () => null);
    const opener = new ObjectOpener({ copies: { fetch: async () => ready('/tmp/s3desk-open-x/item-y/q1 report.pdf') }, openPath });
    await expect(opener.open(object)).resolves.toEqual({ status: 'opened' });
    expect(openPath).toHaveBeenCalledWith('/tmp/s3desk-open-x/item-y/q1 report.pdf');
  });

  it('opens nothing when the download was cancelled', async () => {
    const openPath = vi.fn(async () => null);
    const opener = new ObjectOpener({ copies: { fetch: async () => ({ status: 'cancelled' }) }, openPath });
    await expect(opener.open(object)).resolves.toEqual({ status: 'cancelled' });
    expect(openPath).not.toHaveBeenCalled();
  });

  it('says that the file was downloaded but the system could not open it, with the system’s reason', async () => {
    const opener = new ObjectOpener({
      copies: { fetch: async () => ready('/tmp/s3desk-open-x/item-y/data.xyz') },
      openPath: async () => 'No application is associated with the specified file.',
    });
    await expect(opener.open(object)).rejects.toEqual(
      new ServiceError('local_file_error', '“data.xyz” was downloaded but could not be opened: No application is associated with the specified file.'),
    );
  });

  it('passes on why the copy could not be made (archived, gone, not allowed)', async () => {
    const archived = new ServiceError('archived_object', '“old.csv” is archived and must be restored before it can be opened.');
    const openPath = vi.fn(async () => null);
    const opener = new ObjectOpener({
      copies: {
        fetch: async () => {
          throw archived;
        },
      },
      openPath,
    });
    await expect(opener.open(object)).rejects.toBe(archived);
    expect(openPath).not.toHaveBeenCalled();
  });
});
