// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UPDATE_NOT_VERIFIED_MESSAGE, type IpcResult, type UpdateState } from '../../../../common/ipc';
import { createFakeApi, deferred, fail, ok, signedIn, type FakeApi } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

afterEach(cleanup);

const CHECKED_AT = '2025-03-12T14:03:00.000Z';
const downloading = (percent: number | null): UpdateState => ({ status: 'downloading', version: '1.2.0', percent });
const ready = (waitingForTransfers = false): UpdateState => ({ status: 'ready', version: '1.2.0', waitingForTransfers });
const unverified = (detail = 'The update’s signature does not match S3 Desk’s release key.'): UpdateState => ({
  status: 'unverified',
  message: UPDATE_NOT_VERIFIED_MESSAGE,
  detail,
  checkedAt: CHECKED_AT,
});
const failed = (message = 'Could not check for updates. S3 Desk will try again later.'): UpdateState => ({
  status: 'error',
  message,
  checkedAt: CHECKED_AT,
});

/** The signed-in window with main's updater in `state`. */
async function windowWithUpdate(state: UpdateState): Promise<FakeApi> {
  const fake = createFakeApi(signedIn());
  fake.api.getUpdateState.mockResolvedValue(ok(state));
  renderApp(fake.api);
  await screen.findByTestId('update-indicator');
  await waitFor(() => expect(fake.api.getUpdateState).toHaveBeenCalled());
  // Events played before the window listens would be lost: its effects may run after the first paint.
  await waitFor(() => expect(fake.updateListenerCount).toBe(1));
  return fake;
}

const indicator = () => screen.getByTestId('update-indicator');

async function openMenu() {
  fireEvent.click(await screen.findByTestId('account-menu'));
  return within(screen.getByTestId('account-menu-panel'));
}

describe('update in the window chrome', () => {
  it('says quietly that an update is downloading, and how far it is', async () => {
    await windowWithUpdate(downloading(42));
    await waitFor(() => expect(within(indicator()).getByRole('status').textContent).toBe('Downloading update 1.2.0… 42%'));
    expect(indicator().dataset.status).toBe('downloading');
    expect(screen.queryByRole('button', { name: 'Restart to install' })).toBeNull();
  });

  it('leaves the share out until the first progress report', async () => {
    await windowWithUpdate(downloading(null));
    await waitFor(() => expect(within(indicator()).getByRole('status').textContent).toBe('Downloading update 1.2.0…'));
  });

  it('says an update is ready, and offers to restart to install it', async () => {
    await windowWithUpdate(ready());
    expect(await screen.findByText('Update ready — restart to install')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restart to install' })).toBeTruthy();
  });

  it('restarts to install on request', async () => {
    const { api } = await windowWithUpdate(ready());
    fireEvent.click(await screen.findByRole('button', { name: 'Restart to install' }));
    expect(api.installUpdate).toHaveBeenCalledTimes(1);
  });

  it('while transfers run, says it will restart once they finish instead, with nothing more to press', async () => {
    const { api } = await windowWithUpdate(ready());
    const reply = deferred<IpcResult<UpdateState>>();
    api.installUpdate.mockReturnValue(reply.promise);

    fireEvent.click(await screen.findByRole('button', { name: 'Restart to install' }));
    expect(screen.getByTestId('restart-to-install')).toHaveProperty('disabled', true);

    await act(async () => reply.resolve(ok(ready(true))));
    expect(indicator().dataset.status).toBe('waiting');
    expect(within(indicator()).getByRole('status').textContent).toBe(
      'S3 Desk will restart to install 1.2.0 when your transfers finish',
    );
    expect(screen.queryByRole('button', { name: 'Restart to install' })).toBeNull();
  });

  it('says it is waiting for the transfers when main already knows it was asked', async () => {
    await windowWithUpdate(ready(true));
    expect(await screen.findByText('S3 Desk will restart to install 1.2.0 when your transfers finish')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restart to install' })).toBeNull();
  });

  it('warns that a refused update could not be verified, with why', async () => {
    await windowWithUpdate(unverified());
    const notice = await screen.findByTestId('update-unverified');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(within(notice).getByText('This update could not be verified')).toBeTruthy();
    expect(within(notice).getByText('The update’s signature does not match S3 Desk’s release key.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restart to install' })).toBeNull();
  });

  it('checks again from the refusal notice', async () => {
    const { api } = await windowWithUpdate(unverified());
    fireEvent.click(within(await screen.findByTestId('update-unverified')).getByRole('button', { name: 'Check again' }));
    expect(api.checkForUpdates).toHaveBeenCalledTimes(1);
    // Main answers 'checking': the warning has been acted on.
    await waitFor(() => expect(screen.queryByTestId('update-unverified')).toBeNull());
  });

  it('puts the refusal notice away on request, and shows the next refusal again', async () => {
    const fake = await windowWithUpdate(unverified());
    fireEvent.click(within(await screen.findByTestId('update-unverified')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('update-unverified')).toBeNull();

    act(() => fake.emitUpdate(unverified('This version is not newer than the one running.')));
    expect(within(screen.getByTestId('update-unverified')).getByText('This version is not newer than the one running.')).toBeTruthy();
  });

  it('says quietly when a check failed, with a way to check again', async () => {
    const { api } = await windowWithUpdate(failed());
    const notice = await screen.findByTestId('update-error');
    expect(notice.getAttribute('role')).toBe('status');
    expect(within(notice).getByText('Could not check for updates. S3 Desk will try again later.')).toBeTruthy();

    fireEvent.click(within(notice).getByRole('button', { name: 'Check again' }));
    expect(api.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it.each<[string, UpdateState, string]>([
    ['off', { status: 'disabled', reason: 'Updates are off in development builds.' }, 'Updates are off in development builds.'],
    ['not checked yet', { status: 'idle' }, 'S3 Desk checks for updates automatically.'],
    ['checking', { status: 'checking' }, 'Checking…'],
    ['up to date', { status: 'up-to-date', currentVersion: '1.1.0', checkedAt: CHECKED_AT }, 'S3 Desk is up to date'],
  ])('shows nothing while updates are %s', async (_name, state, inMenu) => {
    await windowWithUpdate(state);
    // The state has arrived (the menu says it), and the chrome stays silent.
    const panel = await openMenu();
    await waitFor(() => expect(panel.getByTestId('update-menu-state').textContent).toBe(inMenu));
    expect(within(indicator()).getByRole('status').textContent).toBe('');
    expect(indicator().dataset.status).toBe('none');
    expect(screen.queryByTestId('update-unverified')).toBeNull();
    expect(screen.queryByTestId('update-error')).toBeNull();
  });

  it('follows main’s events: downloading, its progress, then ready', async () => {
    const fake = await windowWithUpdate({ status: 'checking' });

    act(() => fake.emitUpdate(downloading(null)));
    expect(within(indicator()).getByRole('status').textContent).toBe('Downloading update 1.2.0…');
    act(() => fake.emitUpdate(downloading(80)));
    expect(within(indicator()).getByRole('status').textContent).toBe('Downloading update 1.2.0… 80%');
    act(() => fake.emitUpdate(ready()));
    expect(screen.getByRole('button', { name: 'Restart to install' })).toBeTruthy();
  });

  it('lets an event win over a late answer to the first question', async () => {
    const fake = createFakeApi(signedIn());
    const first = deferred<IpcResult<UpdateState>>();
    fake.api.getUpdateState.mockReturnValue(first.promise);
    renderApp(fake.api);
    await screen.findByTestId('update-indicator');
    // The question is out once the window listens (both happen in its effects, which may run after the first paint).
    await waitFor(() => expect(fake.updateListenerCount).toBe(1));
    expect(fake.api.getUpdateState).toHaveBeenCalled();

    act(() => fake.emitUpdate(ready()));
    await act(async () => first.resolve(ok({ status: 'idle' })));
    expect(screen.getByRole('button', { name: 'Restart to install' })).toBeTruthy();
  });

  it('stops listening when the window leaves', async () => {
    const fake = await windowWithUpdate({ status: 'idle' });
    expect(fake.updateListenerCount).toBe(1);
    cleanup();
    expect(fake.updateListenerCount).toBe(0);
  });

  it('says so in place when main could not restart, and tries again on request', async () => {
    const { api } = await windowWithUpdate(ready());
    api.installUpdate.mockResolvedValueOnce(fail('internal_error', 'The updater is not responding.'));

    fireEvent.click(await screen.findByRole('button', { name: 'Restart to install' }));
    const notice = await screen.findByTestId('update-failure');
    expect(notice.textContent).toContain('Couldn’t restart to install the update: The updater is not responding.');

    fireEvent.click(within(notice).getByRole('button', { name: 'Try again' }));
    expect(api.installUpdate).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByTestId('update-failure')).toBeNull());
  });

  it('says so in place when “Check again” could not reach main', async () => {
    const { api } = await windowWithUpdate(failed());
    api.checkForUpdates.mockRejectedValueOnce(new Error('IPC channel closed'));

    fireEvent.click(within(await screen.findByTestId('update-error')).getByRole('button', { name: 'Check again' }));
    const notice = await screen.findByTestId('update-failure');
    expect(notice.textContent).toContain('Couldn’t check for updates: IPC channel closed');
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('update-failure')).toBeNull();
  });
});

describe('“Check for updates” in the account menu', () => {
  const words = (panel: ReturnType<typeof within>) => panel.getByTestId('update-menu-state').textContent;

  it.each<[UpdateState, string]>([
    [{ status: 'up-to-date', currentVersion: '1.1.0', checkedAt: CHECKED_AT }, 'S3 Desk is up to date'],
    [{ status: 'checking' }, 'Checking…'],
    [{ status: 'disabled', reason: 'Updates are off in development builds.' }, 'Updates are off in development builds.'],
    [{ status: 'idle' }, 'S3 Desk checks for updates automatically.'],
    [downloading(42), 'Downloading update 1.2.0… 42%'],
    [ready(), 'Update 1.2.0 is ready — restart to install'],
    [ready(true), 'S3 Desk will restart to install 1.2.0 when your transfers finish'],
    [unverified('The update is not signed.'), 'This update could not be verified. The update is not signed.'],
    [failed(), 'Could not check for updates. S3 Desk will try again later.'],
  ])('says how updates are (%j)', async (state, expected) => {
    await windowWithUpdate(state);
    const panel = await openMenu();
    await waitFor(() => expect(words(panel)).toBe(expected));
  });

  it('checks on request and shows main’s answer and its events', async () => {
    const fake = await windowWithUpdate({ status: 'up-to-date', currentVersion: '1.1.0', checkedAt: CHECKED_AT });
    const panel = await openMenu();
    const item = await panel.findByRole('button', { name: 'Check for updates' });
    await waitFor(() => expect(item).toHaveProperty('disabled', false));

    fireEvent.click(item);
    expect(fake.api.checkForUpdates).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(words(panel)).toBe('Checking…'));
    expect(item.getAttribute('aria-busy')).toBe('true');

    act(() => fake.emitUpdate({ status: 'up-to-date', currentVersion: '1.1.0', checkedAt: CHECKED_AT }));
    expect(words(panel)).toBe('S3 Desk is up to date');
    expect(item.getAttribute('aria-busy')).toBe('false');
  });

  it('cannot be pressed when updates are off, and says why', async () => {
    await windowWithUpdate({ status: 'disabled', reason: 'Your organisation turned automatic updates off.' });
    const panel = await openMenu();
    await waitFor(() => expect(words(panel)).toBe('Your organisation turned automatic updates off.'));
    const item = panel.getByRole('button', { name: 'Check for updates' });
    expect(item).toHaveProperty('disabled', true);
    expect(item.getAttribute('aria-describedby')).toBe(panel.getByTestId('update-menu-state').id);
  });

  it('says so in the menu when the check could not be asked for', async () => {
    const { api } = await windowWithUpdate({ status: 'idle' });
    api.checkForUpdates.mockResolvedValueOnce(fail('internal_error', 'The updater is not responding.'));
    const panel = await openMenu();

    fireEvent.click(panel.getByRole('button', { name: 'Check for updates' }));
    await waitFor(() => expect(words(panel)).toBe('Couldn’t check for updates: The updater is not responding.'));
    expect(screen.queryByTestId('update-failure')).toBeNull();
  });

  it('says so when the state could not be found out, and can still check', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.getUpdateState.mockResolvedValue(fail('internal_error', 'No handler for s3desk:updates:get-state.'));
    renderApp(fake.api);
    const panel = await openMenu();

    await waitFor(() => expect(words(panel)).toBe('Couldn’t find out about updates: No handler for s3desk:updates:get-state.'));
    fireEvent.click(panel.getByRole('button', { name: 'Check for updates' }));
    await waitFor(() => expect(words(panel)).toBe('Checking…'));
  });
});
