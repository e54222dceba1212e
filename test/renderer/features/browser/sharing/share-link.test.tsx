// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, ShareLinkCopied } from '../../../../../common/ipc';
import { formatDateTime } from '../../../../../renderer/src/shared/format/formatDate';
import { browse, grid, row, rowNames } from '../../../helpers/browse';
import { deferred, fail, file, folder, ok, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

const dialog = () => within(screen.getByTestId('share-dialog'));
const choice = (label: string) => dialog().getByRole('radio', { name: label }) as HTMLInputElement;
const EXPIRES_AT = '2030-01-01T13:00:00.000Z';

async function inFolder(): Promise<FakeApi> {
  const fake = browse({ 'team-data/': { folders: [folder('docs/')], objects: [file('report.pdf', 4096), file('notes.md', 200)] } });
  await waitFor(() => expect(rowNames()).toEqual(['docs', 'notes.md', 'report.pdf']));
  return fake;
}

function openFromMenu(name: string) {
  // A click on a row focuses the grid in a browser; jsdom needs telling.
  grid().focus();
  fireEvent.click(row(name));
  fireEvent.contextMenu(row(name));
  fireEvent.click(screen.getByTestId('menu-share-link'));
}

describe('share link', () => {
  it('opens from a file’s context menu: an hour chosen and focused, and why the link may stop sooner', async () => {
    await inFolder();
    openFromMenu('report.pdf');

    expect(dialog().getByRole('heading').textContent).toBe('Share “report.pdf”');
    expect(screen.getByTestId('share-dialog').getAttribute('aria-modal')).toBe('true');
    expect(dialog().getByRole('group', { name: 'Link works for' })).toBeTruthy();
    expect(dialog().getAllByRole('radio').map((radio) => radio.closest('label')?.textContent)).toEqual(['15 minutes', '1 hour', '12 hours', '1 day', '7 days']);
    expect(choice('1 hour').checked).toBe(true);
    expect(document.activeElement).toBe(choice('1 hour'));
    expect(dialog().getByTestId('share-explanation').textContent).toMatch(/signed with this session’s temporary AWS credentials, so it stops working when they expire/);
  });

  it('is offered for one file only: not for a folder, nor for several items', async () => {
    await inFolder();
    fireEvent.click(row('docs'));
    fireEvent.contextMenu(row('docs'));
    expect(screen.queryByTestId('menu-share-link')).toBeNull();
    fireEvent.keyDown(screen.getByTestId('context-menu'), { key: 'Escape' });

    fireEvent.click(row('notes.md'));
    fireEvent.click(row('report.pdf'), { ctrlKey: true });
    fireEvent.contextMenu(row('report.pdf'));
    expect(screen.queryByTestId('menu-share-link')).toBeNull();
  });

  it('copies a link for the chosen time, then says until when it works and gives focus to Done', async () => {
    const fake = await inFolder();
    fake.api.copyShareLink.mockResolvedValue(ok({ expiresAt: EXPIRES_AT, capped: false }));
    openFromMenu('report.pdf');
    fireEvent.click(choice('12 hours'));
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    const result = await screen.findByTestId('share-result');
    expect(fake.api.copyShareLink).toHaveBeenCalledWith({ bucket: 'team-data', key: 'report.pdf', expiresInSeconds: 12 * 3600 });
    expect(result.textContent).toBe(`Link copied. It works until ${formatDateTime(EXPIRES_AT)}.`);
    expect(result.getAttribute('role')).toBe('status');
    expect(screen.queryByTestId('share-capped')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(dialog().getByRole('button', { name: 'Done' })));

    fireEvent.click(dialog().getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('share-dialog')).toBeNull();
    expect(document.activeElement).toBe(grid());
  });

  it('copies with Enter from the choice, without reaching for the button', async () => {
    const fake = await inFolder();
    openFromMenu('notes.md');
    fireEvent.click(choice('7 days'));
    fireEvent.keyDown(choice('7 days'), { key: 'Enter' });

    await screen.findByTestId('share-result');
    expect(fake.api.copyShareLink).toHaveBeenCalledWith({ bucket: 'team-data', key: 'notes.md', expiresInSeconds: 7 * 24 * 3600 });
  });

  it('says why the link stops sooner than chosen: the session’s credentials', async () => {
    const fake = await inFolder();
    fake.api.copyShareLink.mockResolvedValue(ok({ expiresAt: EXPIRES_AT, capped: true, cappedBy: 'credentials' }));
    openFromMenu('report.pdf');
    fireEvent.click(choice('1 day'));
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    expect((await screen.findByTestId('share-capped')).textContent).toBe(
      'That’s sooner than the 1 day you chose: the link is signed with this session’s temporary AWS credentials, and stops working when they expire.',
    );
  });

  it('…or an archived file’s restored copy', async () => {
    const fake = await inFolder();
    fake.api.copyShareLink.mockResolvedValue(ok({ expiresAt: EXPIRES_AT, capped: true, cappedBy: 'restored-copy' }));
    openFromMenu('report.pdf');
    fireEvent.click(choice('7 days'));
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    expect((await screen.findByTestId('share-capped')).textContent).toBe(
      'That’s sooner than the 7 days you chose: the file is archived, and its restored copy is removed then.',
    );
  });

  it('holds the dialog while main signs the link: the button is busy and Escape waits', async () => {
    const fake = await inFolder();
    const reply = deferred<IpcResult<ShareLinkCopied>>();
    fake.api.copyShareLink.mockReturnValue(reply.promise);
    openFromMenu('report.pdf');
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    const busy = dialog().getByRole('button', { name: 'Copying…' });
    expect(busy).toHaveProperty('disabled', true);
    expect(choice('1 hour').matches(':disabled')).toBe(true);
    fireEvent.keyDown(screen.getByTestId('share-dialog'), { key: 'Escape' });
    expect(screen.getByTestId('share-dialog')).toBeTruthy();

    reply.resolve(ok({ expiresAt: EXPIRES_AT, capped: false }));
    await screen.findByTestId('share-result');
  });

  it('explains a refusal in the dialog, keeps the choice, and tries again', async () => {
    const fake = await inFolder();
    fake.api.copyShareLink.mockResolvedValueOnce(
      fail('archived_object', 's3://team-data/report.pdf is archived, so a link to it would not work. Restore it first, then share it while the restored copy lasts.'),
    );
    openFromMenu('report.pdf');
    fireEvent.click(choice('15 minutes'));
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    const error = await screen.findByTestId('share-error');
    expect(error.textContent).toContain('Couldn’t copy a link to “report.pdf”');
    expect(error.textContent).toContain('is archived, so a link to it would not work');
    expect(choice('15 minutes').checked).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(choice('15 minutes')));

    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));
    await screen.findByTestId('share-result');
    expect(fake.api.copyShareLink).toHaveBeenCalledTimes(2);
  });

  it('keeps main’s own words when the session’s credentials are being renewed', async () => {
    const fake = await inFolder();
    const renewing = 'This session’s AWS credentials expire within a minute and are being renewed, so a link made now would stop working at once. Try again in a moment.';
    fake.api.copyShareLink.mockResolvedValue(fail('session_expired', renewing));
    openFromMenu('report.pdf');
    fireEvent.click(dialog().getByRole('button', { name: 'Copy link' }));

    expect((await screen.findByTestId('share-error')).textContent).toContain(renewing);
  });

  it('is in a file’s details too; Cancel closes it, asking main nothing, and focus returns to the button', async () => {
    const fake = await inFolder();
    fireEvent.click(row('notes.md'));
    const button = within(screen.getByTestId('details-pane')).getByRole('button', { name: 'Share link…' });
    button.focus();
    fireEvent.click(button);

    expect(dialog().getByRole('heading').textContent).toBe('Share “notes.md”');
    fireEvent.click(dialog().getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('share-dialog')).toBeNull();
    expect(fake.api.copyShareLink).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(button);
  });

  it('Escape closes it too', async () => {
    await inFolder();
    openFromMenu('report.pdf');
    fireEvent.keyDown(choice('1 hour'), { key: 'Escape' });
    expect(screen.queryByTestId('share-dialog')).toBeNull();
  });
});
