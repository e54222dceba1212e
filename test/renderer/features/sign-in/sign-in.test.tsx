// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult, SessionState } from '../../../../common/ipc';
import { createFakeApi, deferred, fail, file, folder, ok, signedOut } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const addressField = () => screen.getByLabelText('Organisation address') as HTMLInputElement;
const usernameField = () => screen.getByLabelText('Username') as HTMLInputElement;
const passwordField = () => screen.getByLabelText('Password') as HTMLInputElement;

function fillIn({ address = 'desk.example.com', username = 'ann', password = 'correct horse' } = {}) {
  fireEvent.change(addressField(), { target: { value: address } });
  fireEvent.change(usernameField(), { target: { value: username } });
  fireEvent.change(passwordField(), { target: { value: password } });
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

describe('sign-in screen', () => {
  it('pre-fills the last organisation address and username and puts the cursor in the password field', async () => {
    const { api } = createFakeApi(signedOut({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann' }));
    renderApp(api);

    await screen.findByTestId('sign-in-form');
    expect(addressField().value).toBe('https://desk.example.com');
    expect(usernameField().value).toBe('ann');
    expect(document.activeElement).toBe(passwordField());
  });

  it('puts the cursor in the organisation address when nothing is remembered', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);

    await screen.findByTestId('sign-in-form');
    expect(document.activeElement).toBe(addressField());
  });

  it('says why the previous session ended', async () => {
    const { api } = createFakeApi(signedOut({ reason: 'Your session expired. Sign in again to continue.' }));
    renderApp(api);

    expect(await screen.findByText('Your session expired. Sign in again to continue.')).toBeTruthy();
  });

  it('signs in and shows the buckets and the first bucket’s folder at its start prefix', async () => {
    const fake = createFakeApi(signedOut());
    const { api } = fake;
    api.listBuckets.mockResolvedValue(
      ok([
        { name: 'team-data', prefix: 'users/ann/', source: 'session' },
        { name: 'archive', prefix: '', source: 'account' },
      ]),
    );
    fake.serve('team-data', 'users/ann/', { folders: [folder('users/ann/reports/')], objects: [file('users/ann/notes.txt', 2048)] });
    renderApp(api);

    await screen.findByTestId('sign-in-form');
    fillIn();
    submit();

    expect(await screen.findByTestId('signed-in-as')).toHaveProperty(
      'textContent',
      expect.stringMatching(/ann.*desk\.example\.com/),
    );
    expect(api.signIn).toHaveBeenCalledWith({
      backendUrl: 'https://desk.example.com',
      username: 'ann',
      password: 'correct horse',
    });

    const buckets = await screen.findByTestId('bucket-list');
    expect(within(buckets).getAllByRole('button').map((b) => b.textContent)).toEqual(['team-datausers/ann/', 'archive']);

    const rows = await screen.findAllByTestId('object-row');
    expect(rows.map((row) => [row.dataset.kind, within(row).getAllByRole('gridcell')[0]?.textContent])).toEqual([
      ['folder', 'reports'],
      ['file', 'notes.txt'],
    ]);
    expect(api.openListing).toHaveBeenCalledWith({ bucket: 'team-data', prefix: 'users/ann/', listingId: expect.any(String) });
  });

  it('shows a busy button and locks the fields while signing in', async () => {
    const { api } = createFakeApi(signedOut());
    const reply = deferred<IpcResult<SessionState>>();
    api.signIn.mockReturnValue(reply.promise);
    renderApp(api);

    await screen.findByTestId('sign-in-form');
    fillIn();
    submit();

    const busyButton = await screen.findByRole('button', { name: /Signing in/ });
    expect(busyButton).toHaveProperty('disabled', true);
    expect(usernameField().matches(':disabled')).toBe(true);
    expect(screen.getByTestId('sign-in-form').getAttribute('aria-busy')).toBe('true');

    await act(async () => reply.resolve(fail('invalid_credentials')));
    expect(usernameField().matches(':disabled')).toBe(false);
  });

  it('submits the form without the button (Enter in a field)', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');
    fillIn();

    fireEvent.submit(screen.getByTestId('sign-in-form'));

    await waitFor(() => expect(api.signIn).toHaveBeenCalledTimes(1));
  });

  it('explains a malformed address when leaving the field, and does not send it', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');

    fireEvent.change(addressField(), { target: { value: 'http://desk.example.com' } });
    fireEvent.blur(addressField());
    expect(screen.getByTestId('backend-url-error').textContent).toMatch(/https/);

    fillIn({ address: 'http://desk.example.com' });
    submit();
    expect(api.signIn).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(addressField());
  });

  it('accepts a local development backend over plain http', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');

    fillIn({ address: '127.0.0.1:8787' });
    submit();

    await waitFor(() =>
      expect(api.signIn).toHaveBeenCalledWith(expect.objectContaining({ backendUrl: 'http://127.0.0.1:8787' })),
    );
  });

  it('asks for a missing username or password before calling the backend', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');

    fillIn({ username: ' ', password: '' });
    submit();

    expect(screen.getByText('Enter your username.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(api.signIn).not.toHaveBeenCalled();
  });

  describe('errors from the main process', () => {
    async function signInFailingWith(result: IpcResult<SessionState>) {
      const { api } = createFakeApi(signedOut());
      api.signIn.mockResolvedValue(result);
      renderApp(api);
      await screen.findByTestId('sign-in-form');
      fillIn();
      submit();
      await waitFor(() => expect(api.signIn).toHaveBeenCalled());
      await waitFor(() => expect(usernameField().matches(':disabled')).toBe(false));
      return api;
    }

    it('invalid_backend_url: shows the reason under the address field', async () => {
      await signInFailingWith(fail('invalid_backend_url', 'This address doesn’t point to an S3 Desk server.'));
      expect(screen.getByTestId('backend-url-error').textContent).toBe('This address doesn’t point to an S3 Desk server.');
      // Focus moves in an effect, which React may run a moment after the form re-enabled (outside act()).
      await waitFor(() => expect(document.activeElement).toBe(addressField()));
    });

    it('backend_unreachable: says which server could not be reached and what to check', async () => {
      await signInFailingWith(fail('backend_unreachable'));
      const notice = within(screen.getByTestId('sign-in-error'));
      expect(notice.getByText('Can’t reach desk.example.com')).toBeTruthy();
      expect(notice.getByText(/Check the address and your network connection/)).toBeTruthy();
    });

    it('invalid_credentials: says the username or password is wrong, clears the password and focuses it', async () => {
      await signInFailingWith(fail('invalid_credentials'));
      expect(within(screen.getByTestId('sign-in-error')).getByText('Username or password is incorrect')).toBeTruthy();
      expect(passwordField().value).toBe('');
      await waitFor(() => expect(document.activeElement).toBe(passwordField()));
    });

    it('identity_service_error: says the sign-in service could not grant access', async () => {
      await signInFailingWith(fail('identity_service_error'));
      expect(screen.getByTestId('sign-in-error').textContent).toMatch(/sign-in service couldn’t grant access/);
    });

    it('backend_error: names the server and passes on its explanation', async () => {
      await signInFailingWith(fail('backend_error', 'The server answered with an unexpected reply.'));
      const notice = screen.getByTestId('sign-in-error');
      expect(notice.textContent).toMatch(/desk\.example\.com ran into a problem/);
      expect(notice.textContent).toMatch(/unexpected reply/);
    });

    it('invalid_input: shows what to correct', async () => {
      await signInFailingWith(fail('invalid_input', 'Enter your username.'));
      expect(screen.getByTestId('sign-in-error').textContent).toMatch('Enter your username.');
    });

    it('announces errors politely to assistive technology', async () => {
      await signInFailingWith(fail('invalid_credentials'));
      expect(screen.getByTestId('sign-in-error').getAttribute('aria-live')).toBe('polite');
      expect(within(screen.getByTestId('sign-in-error')).getByRole('alert')).toBeTruthy();
    });
  });

  it('rate_limited: counts the wait down and only then allows another attempt', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { api } = createFakeApi(signedOut());
    api.signIn.mockResolvedValue(fail('rate_limited', 'Too many attempts.', { retryAfterSeconds: 3 }));
    renderApp(api);
    await screen.findByTestId('sign-in-form');
    fillIn();
    submit();

    const notice = screen.getByTestId('sign-in-error');
    // The countdown's text comes from the effect that starts its interval: once it shows, the interval runs.
    await waitFor(() => expect(notice.textContent).toMatch(/Try again in 3 seconds/));
    const button = () => screen.getByTestId('sign-in-submit') as HTMLButtonElement;
    expect(button().disabled).toBe(true);

    act(() => vi.advanceTimersByTime(1000));
    expect(notice.textContent).toMatch(/Try again in 2 seconds/);
    act(() => vi.advanceTimersByTime(1000));
    expect(notice.textContent).toMatch(/Try again in 1 second\b/);
    act(() => vi.advanceTimersByTime(1000));

    expect(notice.textContent).not.toMatch(/Try again in/);
    expect(button().disabled).toBe(false);
    submit();
    await waitFor(() => expect(api.signIn).toHaveBeenCalledTimes(2));
  });
});
