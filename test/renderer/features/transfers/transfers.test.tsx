// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferJob } from '../../../../common/ipc';
import { browse, lastListed, row, rowNames } from '../../helpers/browse';
import { createFakeApi, fail, file, folder, ok, signedIn, transferJob } from '../../helpers/fake-api';
import { formatDateTime } from '../../../../renderer/src/shared/format/formatDate';
import { renderApp } from '../../helpers/render-app';

afterEach(cleanup);

const MB = 1024 * 1024;
const items = () => screen.queryAllByTestId('transfer-item');
const item = (label: string) => {
  const found = items().find((candidate) => within(candidate).queryByText(label));
  if (!found) throw new Error(`no transfer ${label}`);
  return within(found);
};

function withTransfers(jobs: TransferJob[]) {
  const fake = createFakeApi(signedIn());
  fake.api.listTransfers.mockResolvedValue(ok(jobs));
  renderApp(fake.api);
  return fake;
}

describe('the transfers panel', () => {
  it('is absent until there is a transfer', async () => {
    const fake = withTransfers([]);
    await screen.findByTestId('object-table');
    await waitFor(() => expect(fake.api.listTransfers).toHaveBeenCalled());
    expect(screen.queryByTestId('transfers-panel')).toBeNull();
  });

  it('lists the transfers main has at start, newest first, with direction, progress, speed and time left', async () => {
    withTransfers([
      transferJob({ id: 'j1', label: 'old.zip', status: 'done', bytesDone: MB, bytesTotal: MB, revealable: true }),
      transferJob({
        id: 'j2',
        label: 'photos (1,204 files)',
        direction: 'upload',
        status: 'running',
        bytesDone: 12 * MB,
        bytesTotal: 40 * MB,
        filesTotal: 1204,
        filesDone: 300,
        bytesPerSecond: 2 * MB,
      }),
    ]);

    await waitFor(() => expect(items()).toHaveLength(2));
    expect(items().map((element) => [element.dataset.direction, element.dataset.status])).toEqual([
      ['upload', 'running'],
      ['download', 'done'],
    ]);
    const running = item('photos (1,204 files)');
    expect(running.getByTestId('transfer-progress').getAttribute('aria-valuenow')).toBe('30');
    expect(running.getByTestId('transfer-detail').textContent).toBe('12 MB of 40 MB · 300 of 1,204 files · 2 MB/s · 14 s left');
    expect(running.getByTestId('transfer-status').textContent).toBe('Uploading');
    expect(screen.getByTestId('transfers-summary').textContent).toBe('1 running · 2 MB/s');
  });

  it('follows main’s updates while the user browses', async () => {
    const fake = browse({ 'team-data/': { folders: [folder('docs/')] }, 'team-data/docs/': { objects: [file('docs/a.md')] } });
    await waitFor(() => expect(rowNames()).toEqual(['docs']));
    const job = transferJob({ id: 'j1', label: 'video.mp4', status: 'running', bytesTotal: 100 * MB, bytesDone: 10 * MB, bytesPerSecond: 5 * MB });
    act(() => fake.emitTransfers([job]));
    expect(item('video.mp4').getByTestId('transfer-progress').getAttribute('aria-valuenow')).toBe('10');

    fireEvent.doubleClick(row('docs'));
    await waitFor(() => expect(rowNames()).toEqual(['a.md']));
    act(() => fake.emitTransfers([{ ...job, bytesDone: 60 * MB }]));

    expect(item('video.mp4').getByTestId('transfer-progress').getAttribute('aria-valuenow')).toBe('60');
    expect(fake.api.onTransfersChanged).toHaveBeenCalledTimes(1);
  });

  it('prefers an update that arrives before the initial list', async () => {
    const fake = createFakeApi(signedIn());
    let answer: (value: ReturnType<typeof ok<TransferJob[]>>) => void = () => undefined;
    fake.api.listTransfers.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    renderApp(fake.api);
    await waitFor(() => expect(fake.api.listTransfers).toHaveBeenCalled());

    act(() => fake.emitTransfers([transferJob({ label: 'new.bin', status: 'running' })]));
    await act(async () => answer(ok([transferJob({ label: 'stale.bin', status: 'queued' })])));

    expect(items()).toHaveLength(1);
    expect(item('new.bin')).toBeTruthy();
  });

  it('cancels a running transfer', async () => {
    const job = transferJob({ id: 'j1', label: 'big.iso', status: 'running' });
    const fake = withTransfers([job]);
    fake.api.cancelTransfer.mockResolvedValue(ok({ ...job, status: 'cancelled', retryable: true }));

    fireEvent.click((await screen.findByTestId('transfer-cancel')));

    await waitFor(() => expect(items()[0]?.dataset.status).toBe('cancelled'));
    expect(fake.api.cancelTransfer).toHaveBeenCalledWith('j1');
    expect(screen.queryByTestId('transfer-cancel')).toBeNull();
    expect(screen.getByTestId('transfer-retry')).toBeTruthy();
  });

  it('explains a failed transfer and retries it', async () => {
    const job = transferJob({
      id: 'j1',
      label: 'report.pdf',
      status: 'failed',
      retryable: true,
      error: { code: 'network_error', message: 'socket hang up' },
    });
    const fake = withTransfers([job]);
    fake.api.retryTransfer.mockResolvedValue(ok({ ...job, status: 'queued', error: null }));

    expect((await screen.findByTestId('transfer-error')).textContent).toMatch(/Can’t connect to storage/);
    expect(screen.getByTestId('transfer-status').textContent).toBe('Failed');

    fireEvent.click(screen.getByTestId('transfer-retry'));

    await waitFor(() => expect(items()[0]?.dataset.status).toBe('queued'));
    expect(fake.api.retryTransfer).toHaveBeenCalledWith('j1');
    expect(screen.queryByTestId('transfer-error')).toBeNull();
  });

  it('says why an action on a transfer failed, next to it', async () => {
    const fake = withTransfers([transferJob({ id: 'j1', label: 'x.bin', status: 'running' })]);
    fake.api.cancelTransfer.mockResolvedValue(fail('no_such_transfer', 'No such transfer.'));
    fireEvent.click(await screen.findByTestId('transfer-cancel'));
    expect((await within(items()[0] as HTMLElement).findByRole('alert')).textContent).toMatch(/Couldn’t cancel it/);
  });

  it('shows a finished download in its folder', async () => {
    const fake = withTransfers([transferJob({ id: 'j1', label: 'report.pdf', status: 'done', revealable: true })]);
    fireEvent.click(await screen.findByTestId('transfer-show'));
    await waitFor(() => expect(fake.api.showTransfer).toHaveBeenCalledWith('j1'));
  });

  it('clears the finished transfers, keeping the running ones', async () => {
    const running = transferJob({ id: 'j2', label: 'running.bin', status: 'running' });
    const fake = withTransfers([transferJob({ id: 'j1', label: 'done.bin', status: 'done' }), running]);
    fake.api.clearFinishedTransfers.mockResolvedValue(ok([running]));

    fireEvent.click(await screen.findByTestId('transfers-clear'));

    await waitFor(() => expect(items()).toHaveLength(1));
    expect(item('running.bin')).toBeTruthy();
    expect(screen.queryByTestId('transfers-clear')).toBeNull();
  });

  it('collapses to its header and opens again when a new transfer starts', async () => {
    const fake = browse({ 'team-data/': { objects: [file('a.txt')] } });
    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));
    await waitFor(() => expect(fake.api.listTransfers).toHaveBeenCalled());
    act(() => fake.emitTransfers([transferJob({ label: 'old.bin', status: 'done' })]));
    const toggle = await screen.findByTestId('transfers-toggle');

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')?.hidden).toBe(true);

    fireEvent.click(row('a.txt'));
    fireEvent.click(screen.getByTestId('action-download'));

    await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('true'));
    expect(items()).toHaveLength(2);
  });
});

describe('uploads that finish', () => {
  it('list the folder they went to again when it is the one shown', async () => {
    const fake = browse({ 'team-data/': { objects: [file('a.txt')] } });
    await waitFor(() => expect(rowNames()).toEqual(['a.txt']));
    const upload = transferJob({ id: 'u1', direction: 'upload', label: 'b.txt', prefix: '', status: 'running' });
    act(() => fake.emitTransfers([upload]));
    fake.serve('team-data', '', { objects: [file('a.txt'), file('b.txt')] });

    act(() => fake.emitTransfers([{ ...upload, status: 'done', filesDone: 1, finishedAt: new Date().toISOString() }]));

    await waitFor(() => expect(rowNames()).toEqual(['a.txt', 'b.txt']));
    expect(fake.api.openListing).toHaveBeenCalledTimes(2);
  });

  it('make a cached listing of that folder stale, so going back lists it again', async () => {
    const fake = browse({
      'team-data/': { folders: [folder('docs/')], objects: [file('a.txt')] },
      'team-data/docs/': { objects: [file('docs/one.md')] },
    });
    await waitFor(() => expect(rowNames()).toEqual(['docs', 'a.txt']));
    fireEvent.doubleClick(row('docs'));
    await waitFor(() => expect(rowNames()).toEqual(['one.md']));
    fireEvent.click(screen.getByTestId('go-back'));
    await waitFor(() => expect(rowNames()).toEqual(['docs', 'a.txt']));
    expect(fake.api.openListing).toHaveBeenCalledTimes(2);

    const upload = transferJob({ id: 'u1', direction: 'upload', label: 'two.md', prefix: 'docs/', status: 'running' });
    act(() => fake.emitTransfers([upload]));
    act(() => fake.emitTransfers([{ ...upload, status: 'done', filesDone: 1 }]));
    fake.serve('team-data', 'docs/', { objects: [file('docs/one.md'), file('docs/two.md')] });

    // Not the folder shown: nothing is listed now…
    expect(fake.api.openListing).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByTestId('go-forward'));

    // …but it is listed again on the way back rather than shown from the cache.
    await waitFor(() => expect(rowNames()).toEqual(['one.md', 'two.md']));
    expect(lastListed(fake)).toBe('team-data/docs/');
    expect(fake.api.openListing).toHaveBeenCalledTimes(3);
  });
});

describe('transfers an earlier run left unfinished', () => {
  const savedAt = '2025-03-12T14:03:00.000Z';
  const interrupted = (overrides: Partial<TransferJob> = {}) =>
    transferJob({
      id: 'i1',
      label: 'backup.tar',
      status: 'interrupted',
      bytesDone: 12 * MB,
      bytesTotal: 40 * MB,
      filesTotal: 10,
      filesDone: 3,
      retryable: true,
      finishedAt: savedAt,
      ...overrides,
    });

  it('show as Interrupted, with how far they got, why and when, and Resume and Discard instead of Cancel or Retry', async () => {
    withTransfers([interrupted()]);

    const job = await waitFor(() => item('backup.tar'));
    expect(job.getByTestId('transfer-status').textContent).toBe('Interrupted');
    expect(job.getByTestId('transfer-progress').getAttribute('aria-valuenow')).toBe('30');
    expect(job.getByTestId('transfer-detail').textContent).toBe('12 MB of 40 MB · 3 of 10 files');
    expect(job.getByTestId('transfer-interrupted').textContent).toBe(
      `S3 Desk closed before this finished. Last progress: ${formatDateTime(savedAt)}.`,
    );
    expect(job.getByRole('button', { name: 'Resume backup.tar' })).toBeTruthy();
    expect(job.getByRole('button', { name: 'Discard backup.tar' })).toBeTruthy();
    expect(job.queryByTestId('transfer-cancel')).toBeNull();
    expect(job.queryByTestId('transfer-retry')).toBeNull();
    expect(screen.getByTestId('transfers-summary').textContent).toBe('1 interrupted');
  });

  it('resume: the job runs again under a new id and the interrupted entry goes', async () => {
    const fake = withTransfers([interrupted()]);
    fake.api.retryTransfer.mockResolvedValue(ok(transferJob({ id: 'j9', label: 'backup.tar', status: 'queued' })));

    fireEvent.click(await screen.findByRole('button', { name: 'Resume backup.tar' }));

    await waitFor(() => expect(items().map((element) => element.dataset.status)).toEqual(['queued']));
    expect(fake.api.retryTransfer).toHaveBeenCalledWith('i1');
    expect(screen.queryByTestId('transfers-interrupted')).toBeNull();
  });

  it('say next to the job why a resume failed', async () => {
    withTransfers([interrupted()]);
    fireEvent.click(await screen.findByTestId('transfer-resume'));
    expect((await within(items()[0] as HTMLElement).findByRole('alert')).textContent).toMatch(/Couldn’t resume it/);
  });

  it('discard, once the user confirms, throws away what the job had moved', async () => {
    const job = interrupted();
    const fake = withTransfers([job]);
    fake.api.cancelTransfer.mockResolvedValue(ok({ ...job, status: 'cancelled', retryable: false }));

    fireEvent.click(await screen.findByRole('button', { name: 'Discard backup.tar' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Discard backup.tar?' });
    expect(within(dialog).getByText('12 MB of 40 MB already transferred.')).toBeTruthy();
    // The safe answer has the focus.
    expect(document.activeElement).toBe(within(dialog).getByTestId('discard-keep'));

    fireEvent.click(within(dialog).getByTestId('discard-keep'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.api.cancelTransfer).not.toHaveBeenCalled();
    expect(items()).toHaveLength(1);

    fireEvent.click(screen.getByTestId('transfer-discard'));
    fireEvent.click(screen.getByTestId('discard-confirm'));

    await waitFor(() => expect(screen.queryByTestId('transfers-panel')).toBeNull());
    expect(fake.api.cancelTransfer).toHaveBeenCalledWith('i1');
  });

  it('discard without asking a job that had moved nothing', async () => {
    const job = interrupted({ bytesDone: 0, filesDone: 0 });
    const fake = withTransfers([job]);
    fake.api.cancelTransfer.mockResolvedValue(ok({ ...job, status: 'cancelled', retryable: false }));

    fireEvent.click(await screen.findByTestId('transfer-discard'));

    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(fake.api.cancelTransfer).toHaveBeenCalledWith('i1'));
  });

  it('are counted in a banner whose Resume all resumes each of them', async () => {
    const fake = withTransfers([
      interrupted({ id: 'i1', label: 'a.bin' }),
      transferJob({ id: 'j1', label: 'done.bin', status: 'done' }),
      interrupted({ id: 'i2', label: 'b.bin' }),
    ]);
    fake.api.retryTransfer.mockImplementation(async (id) => ok(transferJob({ id: `new-${id}`, status: 'queued' })));

    const banner = await screen.findByTestId('transfers-interrupted');
    expect(banner.getAttribute('role')).toBe('status');
    expect(within(banner).getByText('2 transfers did not finish when S3 Desk last closed.')).toBeTruthy();
    fireEvent.click(within(banner).getByRole('button', { name: 'Resume all' }));

    await waitFor(() => expect(screen.queryByTestId('transfers-interrupted')).toBeNull());
    expect(fake.api.retryTransfer.mock.calls.map(([id]) => id).sort()).toEqual(['i1', 'i2']);
    expect(items().map((element) => element.dataset.status)).toEqual(['queued', 'queued', 'done']);
  });

  it('are discarded all at once from the banner, after a confirmation', async () => {
    const jobs = [interrupted({ id: 'i1', label: 'a.bin' }), interrupted({ id: 'i2', label: 'b.bin', bytesDone: 0 })];
    const fake = withTransfers(jobs);
    fake.api.cancelTransfer.mockImplementation(async (id) => ok({ ...jobs.find((job) => job.id === id)!, status: 'cancelled' }));

    fireEvent.click(await screen.findByRole('button', { name: 'Discard all' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Discard 2 interrupted transfers?' });
    expect(fake.api.cancelTransfer).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));

    await waitFor(() => expect(screen.queryByTestId('transfers-panel')).toBeNull());
    expect(fake.api.cancelTransfer.mock.calls.map(([id]) => id).sort()).toEqual(['i1', 'i2']);
  });

  it('stay when the finished transfers are cleared', async () => {
    const waiting = interrupted();
    const fake = withTransfers([transferJob({ id: 'j1', label: 'done.bin', status: 'done' }), waiting]);
    fake.api.clearFinishedTransfers.mockResolvedValue(ok([waiting]));

    fireEvent.click(await screen.findByTestId('transfers-clear'));

    await waitFor(() => expect(items()).toHaveLength(1));
    expect(item('backup.tar')).toBeTruthy();
    // Nothing left that clearing would remove.
    expect(screen.queryByTestId('transfers-clear')).toBeNull();
    expect(screen.getByTestId('transfers-interrupted')).toBeTruthy();
  });
});
