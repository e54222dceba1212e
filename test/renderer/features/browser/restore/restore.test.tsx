// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, ObjectDetails, RestoreSummary } from '../../../../../common/ipc';
import { browse, row, rowNames } from '../../../helpers/browse';
import { deferred, details, fail, file, folder, ok, summary, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

const dialog = () => within(screen.getByTestId('restore-dialog'));
const pane = () => within(screen.getByTestId('details-pane'));
const restored = (overrides: Partial<RestoreSummary> = {}): RestoreSummary => ({
  started: 0,
  inProgress: 0,
  extended: 0,
  notArchived: 0,
  failed: 0,
  failures: [],
  ...overrides,
});

/** A folder with a Glacier and a Deep Archive file, a readable one and a sub-folder; headObject says what `archive` each archived file has. */
async function inFolder(archive: Record<string, ObjectDetails['archive']> = {}): Promise<FakeApi> {
  const fake = browse({
    'team-data/backups/': {
      folders: [folder('backups/2017/')],
      objects: [
        file('backups/2019.tar', 300, undefined, 'GLACIER'),
        file('backups/2018.tar', 300, undefined, 'DEEP_ARCHIVE'),
        file('backups/notes.txt', 10),
      ],
    },
  });
  fake.api.headObject.mockImplementation(async (ref) => {
    const storageClass = ref.key.endsWith('2019.tar') ? 'GLACIER' : ref.key.endsWith('2018.tar') ? 'DEEP_ARCHIVE' : 'STANDARD';
    const state = archive[ref.key] ?? (storageClass === 'STANDARD' ? null : { restoreStatus: 'not-restored' as const, restoredUntil: null });
    return ok(details(ref, { storageClass, archive: state }));
  });
  fake.serve('team-data', '', { folders: [folder('backups/')] });
  await waitFor(() => expect(rowNames()).toEqual(['backups']));
  fireEvent.doubleClick(row('backups'));
  await waitFor(() => expect(rowNames()).toEqual(['2017', '2018.tar', '2019.tar', 'notes.txt']));
  return fake;
}

/** Opens a file's details, and waits for what headObject says of it. */
async function showDetails(name: string) {
  fireEvent.doubleClick(row(name));
  await waitFor(() => expect(screen.getByTestId('details-field-type').textContent).toBe('text/plain'));
}

describe('restoring from the details pane', () => {
  it('offers Restore… for an archived file only', async () => {
    await inFolder();
    await showDetails('notes.txt');
    expect(pane().queryByTestId('details-restore')).toBeNull();
    await showDetails('2019.tar');
    await waitFor(() => expect(pane().getByTestId('details-field-restore').textContent).toMatch(/Archived — restore it before downloading/));
    expect(pane().getByTestId('details-restore').textContent).toBe('Restore…');
  });

  it('asks for days and a tier, each tier with its retrieval time; starts the restore, closes, and shows it in progress', async () => {
    const fake = await inFolder();
    await showDetails('2019.tar');
    fireEvent.click(await pane().findByTestId('details-restore'));

    expect(dialog().getByRole('heading').textContent).toBe('Restore “2019.tar” from archive');
    const days = dialog().getByLabelText('Keep the restored copy for (days)') as HTMLInputElement;
    expect(days.value).toBe('7');
    expect(document.activeElement).toBe(days);
    expect(dialog().getByRole('radio', { name: /Standard/ })).toHaveProperty('checked', true);
    expect(dialog().getByRole('radio', { name: /Standard/ }).getAttribute('aria-describedby')).toBeTruthy();
    expect(dialog().getByRole('group', { name: 'Retrieval tier' }).textContent).toMatch(
      /Standard.*Ready in 3–5 hours\..*Bulk \(lowest cost\).*Ready in 5–12 hours\..*Expedited \(highest cost\).*Ready in 1–5 minutes\./,
    );

    // Restored the moment it is asked for, then in progress when the details are asked for again.
    fake.api.headObject.mockImplementation(async (ref) => ok(details(ref, { storageClass: 'GLACIER', archive: { restoreStatus: 'restoring', restoredUntil: null } })));
    fireEvent.change(days, { target: { value: '3' } });
    fireEvent.click(dialog().getByRole('radio', { name: /Expedited/ }));
    fireEvent.click(dialog().getByTestId('restore-start'));

    await waitFor(() => expect(screen.queryByTestId('restore-dialog')).toBeNull());
    expect(fake.api.restoreObjects).toHaveBeenCalledWith({ bucket: 'team-data', keys: ['backups/2019.tar'], prefixes: [], days: 3, tier: 'Expedited' });
    await waitFor(() => expect(pane().getByTestId('details-field-restore').textContent).toMatch(/^Restore in progress/));
    expect(pane().getByTestId('details-restore')).toHaveProperty('disabled', true);

    // "Check again" asks S3 where the restore stands.
    fake.api.headObject.mockImplementation(async (ref) =>
      ok(details(ref, { storageClass: 'GLACIER', archive: { restoreStatus: 'restored', restoredUntil: '2030-04-02T00:00:00.000Z' } })),
    );
    fireEvent.click(pane().getByTestId('details-restore-check'));
    await waitFor(() => expect(pane().getByTestId('details-field-restore').textContent).toMatch(/^Restored until .*2030/));
    expect(pane().getByTestId('details-restore').textContent).toBe('Extend restore…');
  });

  it('does not offer Expedited for Deep Archive, and says why', async () => {
    await inFolder();
    await showDetails('2018.tar');
    fireEvent.click(await pane().findByTestId('details-restore'));
    const expedited = dialog().getByRole('radio', { name: /Expedited/ });
    expect(expedited).toHaveProperty('disabled', true);
    expect(dialog().getByRole('group', { name: 'Retrieval tier' }).textContent).toMatch(
      /Standard.*Ready within 12 hours\..*Bulk.*Ready within 48 hours\..*Expedited.*Not available for Glacier Deep Archive\./,
    );
  });

  it('refuses a number of days outside 1 to 30, or not whole, without asking main', async () => {
    const fake = await inFolder();
    await showDetails('2019.tar');
    fireEvent.click(await pane().findByTestId('details-restore'));
    const days = dialog().getByLabelText('Keep the restored copy for (days)');
    for (const value of ['0', '31', '2.5', '']) {
      fireEvent.change(days, { target: { value } });
      fireEvent.keyDown(days, { key: 'Enter' });
      expect(dialog().getByTestId('restore-days-error').textContent).toBe('Enter a whole number of days from 1 to 30.');
      expect(days.getAttribute('aria-invalid')).toBe('true');
    }
    expect(fake.api.restoreObjects).not.toHaveBeenCalled();
  });

  it('says why S3 refused, keeping the dialog open, and the details refresh once it closes', async () => {
    const fake = await inFolder();
    await showDetails('2019.tar');
    fireEvent.click(await pane().findByTestId('details-restore'));
    fake.api.restoreObjects.mockResolvedValue(
      ok(restored({ failed: 1, failures: [{ key: 'backups/2019.tar', code: 'access_denied', message: "You don't have permission to restore s3://team-data/backups/2019.tar." }] })),
    );
    const asked = fake.api.headObject.mock.calls.length;
    fireEvent.click(dialog().getByTestId('restore-start'));

    expect((await dialog().findByTestId('restore-result')).textContent).toBe('Couldn’t restore 1 object');
    expect(dialog().getByTestId('restore-failures').textContent).toBe("2019.tar: You don't have permission to restore s3://team-data/backups/2019.tar.");
    expect(fake.api.headObject.mock.calls.length).toBe(asked);
    fireEvent.click(dialog().getByTestId('restore-done'));
    await waitFor(() => expect(fake.api.headObject.mock.calls.length).toBeGreaterThan(asked));
  });

  it('a failed request (the session ended) is shown in the dialog, which can try again', async () => {
    const fake = await inFolder();
    await showDetails('2019.tar');
    fireEvent.click(await pane().findByTestId('details-restore'));
    const answer = deferred<IpcResult<RestoreSummary>>();
    fake.api.restoreObjects.mockReturnValueOnce(answer.promise);
    fireEvent.click(dialog().getByTestId('restore-start'));
    expect(dialog().getByTestId('restore-start').textContent).toBe('Restoring…');
    expect(dialog().getByTestId('restore-cancel')).toHaveProperty('disabled', true);
    answer.resolve(fail('session_expired', 'Your session has ended.'));

    expect((await dialog().findByTestId('restore-error')).textContent).toMatch(/Couldn’t restore “2019\.tar”/);
    fireEvent.click(dialog().getByTestId('restore-start'));
    await waitFor(() => expect(screen.queryByTestId('restore-dialog')).toBeNull());
    expect(fake.api.restoreObjects).toHaveBeenCalledTimes(2);
  });
});

describe('restoring a selection', () => {
  it('Restore… in the menu of a selection holding archived files: a summary of what S3 did with each', async () => {
    const fake = await inFolder();
    fireEvent.click(row('2019.tar'));
    fireEvent.click(row('2018.tar'), { ctrlKey: true });
    fireEvent.click(row('2017'), { ctrlKey: true });
    fireEvent.contextMenu(row('2019.tar'), { clientX: 100, clientY: 100 });
    fake.api.restoreObjects.mockResolvedValue(
      ok(
        restored({
          started: 3,
          inProgress: 1,
          extended: 1,
          notArchived: 2,
          failed: 7,
          failures: [{ key: 'backups/2017/locked.tar', code: 'access_denied', message: "You don't have permission to restore s3://team-data/backups/2017/locked.tar." }],
        }),
      ),
    );
    fireEvent.click(within(screen.getByTestId('context-menu')).getByTestId('menu-restore'));

    expect(dialog().getByRole('heading').textContent).toBe('Restore 3 items from archive');
    // The folder's contents are unknown, so both archive classes' times are given.
    expect(dialog().getByRole('radio', { name: /Expedited/ })).toHaveProperty('disabled', false);
    expect(dialog().getByRole('group', { name: 'Retrieval tier' }).textContent).toMatch(/Glacier Flexible Retrieval: ready in 3–5 hours\. Deep Archive: ready within 12 hours\./);
    fireEvent.click(dialog().getByRole('radio', { name: /Bulk/ }));
    fireEvent.click(dialog().getByTestId('restore-start'));

    expect((await dialog().findByTestId('restore-result')).textContent).toBe('7 objects couldn’t be restored');
    expect(fake.api.restoreObjects).toHaveBeenCalledWith(
      { bucket: 'team-data', keys: ['backups/2018.tar', 'backups/2019.tar'], prefixes: ['backups/2017/'], days: 7, tier: 'Bulk' },
    );
    const text = screen.getByTestId('restore-dialog').textContent;
    expect(text).toMatch(/Restore started for 3 objects\./);
    expect(text).toMatch(/1 object was being restored already\./);
    expect(text).toMatch(/1 object was restored already: its copy now lasts 7 days from today\./);
    expect(text).toMatch(/2 objects aren’t archived, so they need no restore\./);
    expect(dialog().getByTestId('restore-failures').textContent).toBe("2017/locked.tar: You don't have permission to restore s3://team-data/backups/2017/locked.tar.");
    expect(text).toMatch(/and 6 more\./);
    expect(dialog().getByTestId('restore-timing').textContent).toMatch(/^Bulk \(lowest cost\): Glacier Flexible Retrieval: ready in 5–12 hours\. Deep Archive: ready within 48 hours\./);
    fireEvent.click(dialog().getByTestId('restore-done'));
    expect(screen.queryByTestId('restore-dialog')).toBeNull();
  });

  it('is not in the menu of files that are not archived', async () => {
    await inFolder();
    fireEvent.contextMenu(row('notes.txt'), { clientX: 100, clientY: 100 });
    expect(within(screen.getByTestId('context-menu')).queryByTestId('menu-restore')).toBeNull();
  });

  it('a folder download that would skip archived objects offers to restore them instead', async () => {
    const fake = await inFolder();
    fake.api.summarize.mockResolvedValue(ok(summary({ objectCount: 5, totalBytes: 900, archived: { count: 2, bytes: 600, storageClasses: ['DEEP_ARCHIVE'] } })));
    fake.api.restoreObjects.mockResolvedValue(ok(restored({ started: 2, notArchived: 3 })));
    fireEvent.click(row('2017'));
    fireEvent.click(screen.getByTestId('action-download'));

    const confirm = within(screen.getByTestId('confirm-dialog'));
    expect((await confirm.findByTestId('confirm-archived')).textContent).toMatch(/2 objects \(600 bytes\) will be skipped/);
    fireEvent.click(confirm.getByTestId('confirm-restore'));

    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(dialog().getByRole('heading').textContent).toBe('Restore “2017” from archive');
    // The count said they are all in Deep Archive: no Expedited.
    expect(dialog().getByRole('radio', { name: /Expedited/ })).toHaveProperty('disabled', true);
    fireEvent.click(dialog().getByTestId('restore-start'));
    expect((await dialog().findByTestId('restore-result')).textContent).toBe('Restore started for 2 objects.');
    expect(fake.api.restoreObjects).toHaveBeenCalledWith({ bucket: 'team-data', keys: [], prefixes: ['backups/2017/'], days: 7, tier: 'Standard' });
    expect(screen.getByTestId('restore-dialog').textContent).toMatch(/3 objects aren’t archived, so they need no restore\./);
    expect(fake.api.download).not.toHaveBeenCalled();
  });
});
