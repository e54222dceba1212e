// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, SessionState } from '../../common/ipc';
import { createFakeApi, deferred, fail, signedIn, signedOut } from './helpers/fake-api';
import { renderApp } from './helpers/render-app';

afterEach(cleanup);

describe('session', () => {
  it('shows a neutral splash, not the sign-in form, until main says who is signed in', async () => {
    const fake = createFakeApi();
    const answer = deferred<IpcResult<SessionState>>();
    fake.api.getSessionState.mockReturnValue(answer.promise);
    renderApp(fake.api);

    expect(screen.getByTestId('splash')).toBeTruthy();
    expect(screen.queryByTestId('sign-in-form')).toBeNull();

    await act(async () => answer.resolve({ ok: true, value: signedIn({ username: 'ann' }) }));

    expect(screen.queryByTestId('splash')).toBeNull();
    expect(screen.queryByTestId('sign-in-form')).toBeNull();
    expect((await screen.findByTestId('signed-in-as')).textContent).toMatch(/ann/);
  });

  it('offers to try again when the session state cannot be read', async () => {
    const fake = createFakeApi(signedOut());
    fake.api.getSessionState.mockResolvedValueOnce(fail('internal_error', 'Something broke.'));
    renderApp(fake.api);

    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));

    expect(await screen.findByTestId('sign-in-form')).toBeTruthy();
  });

  it('returns to the sign-in screen, with the reason, when main signs the user out', async () => {
    const fake = createFakeApi(signedIn());
    renderApp(fake.api);
    await screen.findByTestId('signed-in-as');

    act(() =>
      fake.emit(
        signedOut({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann', reason: 'Your session expired. Sign in again.' }),
      ),
    );

    expect(await screen.findByTestId('sign-in-form')).toBeTruthy();
    expect(screen.getByText('Your session expired. Sign in again.')).toBeTruthy();
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('ann');
  });

  it('follows a sign-in that happened elsewhere (e.g. a silent sign-in at start-up)', async () => {
    const fake = createFakeApi(signedOut());
    renderApp(fake.api);
    await screen.findByTestId('sign-in-form');

    act(() => fake.emit(signedIn({ username: 'bob' })));

    expect((await screen.findByTestId('signed-in-as')).textContent).toMatch(/bob/);
  });

  it('signs out with Sign out in the account menu', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.signOut.mockResolvedValue({ ok: true, value: signedOut({ lastUsername: 'ann' }) });
    renderApp(fake.api);

    fireEvent.click(await screen.findByTestId('account-menu'));
    fireEvent.click(screen.getByTestId('sign-out'));

    expect(await screen.findByTestId('sign-in-form')).toBeTruthy();
    expect(fake.api.signOut).toHaveBeenCalledTimes(1);
  });

  it('stays signed in and says why when signing out fails', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.signOut.mockResolvedValue(fail('internal_error', 'Couldn’t reach the keychain.'));
    renderApp(fake.api);

    fireEvent.click(await screen.findByTestId('account-menu'));
    fireEvent.click(screen.getByTestId('sign-out'));

    expect(await screen.findByText('Couldn’t reach the keychain.')).toBeTruthy();
    expect(screen.getByTestId('sign-out')).toHaveProperty('disabled', false);
    expect(screen.getByTestId('signed-in-as')).toBeTruthy();
  });

  it('warns when the session will not be remembered, and why', async () => {
    const fake = createFakeApi(signedIn({ remembered: false, rememberError: 'The system keychain is locked.' }));
    renderApp(fake.api);

    expect((await screen.findByTestId('not-remembered')).textContent).toBe(
      'This session won’t be remembered: The system keychain is locked.',
    );
  });

  it('shows no such warning for a remembered session', async () => {
    const fake = createFakeApi(signedIn({ remembered: true }));
    renderApp(fake.api);
    await screen.findByTestId('signed-in-as');
    expect(screen.queryByTestId('not-remembered')).toBeNull();
  });

  it('stops listening to session events when closed', async () => {
    const fake = createFakeApi(signedOut());
    const { unmount } = renderApp(fake.api);
    await screen.findByTestId('sign-in-form');
    expect(fake.listenerCount).toBe(1);

    unmount();

    await waitFor(() => expect(fake.listenerCount).toBe(0));
  });
});
