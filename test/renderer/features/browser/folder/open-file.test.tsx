// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, OpenObjectResult } from '../../../../../common/ipc';
import { browse, row, rowNames } from '../../../helpers/browse';
import { deferred, fail, file, ok, type FakeApi } from '../../../helpers/fake-api';

afterEach(cleanup);

async function inFolder(): Promise<FakeApi> {
  const fake = browse({ 'team-data/': { objects: [file('report.pdf', 100), file('cold.tar', 300, undefined, 'GLACIER')] } });
  await waitFor(() => expect(rowNames()).toEqual(['cold.tar', 'report.pdf']));
  return fake;
}

const openFromMenu = (name: string) => {
  fireEvent.contextMenu(row(name), { clientX: 100, clientY: 100 });
  fireEvent.click(within(screen.getByTestId('context-menu')).getByTestId('menu-open-file'));
};

describe('Open (with the default application), from a file’s context menu', () => {
  it('asks main to open the file, says so while it downloads, and clears that once it is open', async () => {
    const fake = await inFolder();
    const answer = deferred<IpcResult<OpenObjectResult>>();
    fake.api.openObject.mockReturnValue(answer.promise);
    openFromMenu('report.pdf');

    expect(fake.api.openObject).toHaveBeenCalledWith({ bucket: 'team-data', key: 'report.pdf' });
    expect(screen.getByTestId('action-notice').textContent).toMatch(/Opening “report\.pdf”…/);
    answer.resolve(ok({ status: 'opened' }));
    await waitFor(() => expect(screen.queryByTestId('action-notice')).toBeNull());
  });

  it('shows why it could not be opened', async () => {
    const fake = await inFolder();
    fake.api.openObject.mockResolvedValue(fail('local_file_error', '“report.pdf” was downloaded but could not be opened: No application is associated with it.'));
    openFromMenu('report.pdf');
    const error = await screen.findByTestId('action-error');
    expect(error.textContent).toMatch(/Couldn’t open “report\.pdf”/);
    expect(error.textContent).toMatch(/No application is associated with it/);
  });

  it('is not offered for an archived file, which cannot be read until it is restored', async () => {
    const fake = await inFolder();
    fireEvent.contextMenu(row('cold.tar'), { clientX: 100, clientY: 100 });
    const open = within(screen.getByTestId('context-menu')).getByTestId('menu-open-file');
    expect(open).toHaveProperty('disabled', true);
    fireEvent.click(open);
    expect(fake.api.openObject).not.toHaveBeenCalled();
  });
});
