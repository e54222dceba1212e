// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, SessionState } from '../../../../common/ipc';
import { account, createFakeApi, deferred, fail, file, folder, ok, resuming, signedIn, signedOut } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

let stopWatching: (() => void) | null = null;

afterEach(() => {
  stopWatching?.();
  stopWatching = null;
  cleanup();
});

/** Records whether an element with this test id ever appeared, however briefly. */
function watchFor(testId: string) {
  const seen = { ever: false };
  const selector = `[data-testid="${testId}"]`;
  // Added nodes keep their subtree after removal, so a flash is caught even if already gone.
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches(selector) || node.querySelector(selector))) seen.ever = true;
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  stopWatching = () => observer.disconnect();
  return seen;
}

const ann = account('ann', 'https://desk.example.com');
const bob = account('bob', 'https://files.example.org/s3desk');
const cat = account('cat', 'https://desk.example.com');

const savedRow = (id: string) => {
  const row = screen.getAllByTestId('saved-account').find((r) => r.dataset.accountId === id);
  if (!row) throw new Error(`no saved account ${id}`);
  return row;
};

const menuItem = (id: string) => {
  const item = screen.getAllByTestId('account-item').find((r) => r.dataset.accountId === id);
  if (!item) throw new Error(`no account item ${id}`);
  return item;
};

const usernameField = () => screen.getByLabelText('Username') as HTMLInputElement;
const passwordField = () => screen.getByLabelText('Password') as HTMLInputElement;
const addressField = () => screen.getByLabelText('Organisation address') as HTMLInputElement;

async function openMenu() {
  fireEvent.click(await screen.findByTestId('account-menu'));
  return within(screen.getByTestId('account-menu-panel'));
}

describe('resuming a saved account', () => {
  it('says who is being signed in where, and never shows the sign-in form on the way to the browser', async () => {
    const formSeen = watchFor('sign-in-form');
    const fake = createFakeApi(resuming(bob));
    renderApp(fake.api);

    expect((await screen.findByTestId('resuming')).textContent).toContain('Signing in as bob on files.example.org…');

    act(() => fake.emit(signedIn({ username: 'bob', backendUrl: bob.backendUrl })));

    expect((await screen.findByTestId('signed-in-as')).textContent).toMatch(/bob.*files\.example\.org/);
    expect(screen.queryByTestId('resuming')).toBeNull();
    expect(formSeen.ever).toBe(false);
  });

  it('follows main into resuming when it starts a silent sign-in after launch', async () => {
    const fake = createFakeApi(signedOut({ accounts: [ann] }));
    renderApp(fake.api);
    await screen.findByTestId('sign-in-form');

    act(() => fake.emit(resuming(ann)));

    expect(await screen.findByTestId('resuming')).toBeTruthy();
    expect(screen.queryByTestId('sign-in-form')).toBeNull();
  });

  it('lands on the sign-in screen with the reason, the account filled in and the cursor in the password when the silent sign-in fails', async () => {
    const fake = createFakeApi(resuming(ann));
    renderApp(fake.api);
    await screen.findByTestId('resuming');

    act(() =>
      fake.emit(
        signedOut({
          lastBackendUrl: 'https://desk.example.com',
          lastUsername: 'ann',
          reason: 'Your session has expired. Sign in again.',
        }),
      ),
    );

    expect((await screen.findByTestId('sign-in-reason')).textContent).toBe('Your session has expired. Sign in again.');
    expect(addressField().value).toBe('https://desk.example.com');
    expect(usernameField().value).toBe('ann');
    expect(document.activeElement).toBe(passwordField());
  });
});

describe('sign-in screen: saved accounts', () => {
  it('lists each saved account by username and host', async () => {
    const { api } = createFakeApi(signedOut({ accounts: [ann, bob] }));
    renderApp(api);

    const list = await screen.findByTestId('saved-accounts');
    const rows = within(list).getAllByTestId('saved-account');
    expect(rows.map((row) => row.dataset.accountId)).toEqual([ann.id, bob.id]);
    expect(within(savedRow(bob.id)).getByText('bob')).toBeTruthy();
    expect(within(savedRow(bob.id)).getByText('files.example.org')).toBeTruthy();
    // The password form is still there, for an account not in the list.
    expect(screen.getByTestId('sign-in-form')).toBeTruthy();
  });

  it('shows no list when nothing is saved', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');
    expect(screen.queryByTestId('saved-accounts')).toBeNull();
  });

  it('continues as a saved account without a password, busy until main answers', async () => {
    const { api } = createFakeApi(signedOut({ accounts: [ann, bob] }));
    const reply = deferred<IpcResult<SessionState>>();
    api.switchAccount.mockReturnValue(reply.promise);
    renderApp(api);

    fireEvent.click(within(await screen.findByTestId('saved-accounts')).getAllByTestId('continue-account')[1]!);

    expect(api.switchAccount).toHaveBeenCalledWith(bob.id);
    const button = within(savedRow(bob.id)).getByTestId('continue-account');
    expect(button.textContent).toMatch(/Signing in…/);
    expect(button).toHaveProperty('disabled', true);
    // One sign-in at a time: the other account and the form wait.
    expect(within(savedRow(ann.id)).getByTestId('continue-account')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('sign-in-submit')).toHaveProperty('disabled', true);

    await act(async () => reply.resolve(ok(signedIn({ username: 'bob', backendUrl: bob.backendUrl }))));

    expect((await screen.findByTestId('signed-in-as')).textContent).toMatch(/bob/);
  });

  it('says why continuing failed, in the account’s row, and keeps what was typed in the form', async () => {
    const fake = createFakeApi(signedOut({ accounts: [ann, bob] }));
    fake.api.switchAccount.mockImplementation(async () => {
      // Main shows the resuming screen while it tries, then goes back.
      fake.emit(resuming(bob));
      fake.emit(signedOut({ accounts: [ann, bob] }));
      return fail('backend_unreachable', 'files.example.org did not answer.');
    });
    renderApp(fake.api);
    await screen.findByTestId('sign-in-form');
    fireEvent.change(addressField(), { target: { value: 'desk.example.com' } });
    fireEvent.change(usernameField(), { target: { value: 'dan' } });

    fireEvent.click(within(savedRow(bob.id)).getByTestId('continue-account'));

    const error = await within(savedRow(bob.id)).findByTestId('account-error');
    expect(error.textContent).toMatch(/Couldn’t sign in as bob on files\.example\.org/);
    expect(error.textContent).toMatch(/Can’t reach files\.example\.org/);
    expect(within(savedRow(ann.id)).queryByTestId('account-error')).toBeNull();
    expect(within(savedRow(bob.id)).getByTestId('continue-account')).toHaveProperty('disabled', false);
    expect(usernameField().value).toBe('dan');
    expect(addressField().value).toBe('desk.example.com');
  });

  it('shows an administrator’s message in full when the identity service is misconfigured', async () => {
    const message =
      'The identity pool us-east-1:1234 does not trust the developer provider "login.example". Add it to the pool’s authentication providers.';
    const { api } = createFakeApi(signedOut({ accounts: [ann] }));
    api.switchAccount.mockResolvedValue(fail('identity_misconfigured', message));
    renderApp(api);

    fireEvent.click(within(await screen.findByTestId('saved-accounts')).getByTestId('continue-account'));

    const error = await screen.findByTestId('account-error');
    expect(within(error).getByText(message)).toBeTruthy();
    expect(within(error).getByText('Show this message to your administrator.')).toBeTruthy();
  });

  it('asks before forgetting a saved account, and can be talked out of it', async () => {
    const { api } = createFakeApi(signedOut({ accounts: [ann, bob] }));
    renderApp(api);
    await screen.findByTestId('saved-accounts');

    fireEvent.click(within(savedRow(bob.id)).getByTestId('forget-saved-account'));

    expect(within(savedRow(bob.id)).getByText('Forget bob on files.example.org?')).toBeTruthy();
    expect(api.forgetAccount).not.toHaveBeenCalled();
    // Focus rests on the harmless choice.
    expect(document.activeElement?.textContent).toBe('Cancel');

    fireEvent.click(within(savedRow(bob.id)).getByTestId('cancel-forget'));

    expect(within(savedRow(bob.id)).queryByTestId('confirm-forget')).toBeNull();
    expect(document.activeElement).toBe(within(savedRow(bob.id)).getByTestId('forget-saved-account'));
    expect(api.forgetAccount).not.toHaveBeenCalled();
  });

  it('forgets a saved account once confirmed, and shows the list main answers with', async () => {
    const { api } = createFakeApi(signedOut({ accounts: [ann, bob] }));
    api.forgetAccount.mockResolvedValue(ok(signedOut({ accounts: [ann] })));
    renderApp(api);
    await screen.findByTestId('saved-accounts');

    fireEvent.click(within(savedRow(bob.id)).getByTestId('forget-saved-account'));
    fireEvent.click(within(savedRow(bob.id)).getByTestId('confirm-forget'));

    await waitFor(() =>
      expect(screen.getAllByTestId('saved-account').map((row) => row.dataset.accountId)).toEqual([ann.id]),
    );
    expect(api.forgetAccount).toHaveBeenCalledWith(bob.id);
  });

  it('keeps the account and says why when forgetting fails', async () => {
    const { api } = createFakeApi(signedOut({ accounts: [ann, bob] }));
    api.forgetAccount.mockResolvedValue(fail('internal_error', 'The keychain is locked.'));
    renderApp(api);
    await screen.findByTestId('saved-accounts');

    fireEvent.click(within(savedRow(bob.id)).getByTestId('forget-saved-account'));
    fireEvent.click(within(savedRow(bob.id)).getByTestId('confirm-forget'));

    const error = await within(savedRow(bob.id)).findByTestId('account-error');
    expect(error.textContent).toMatch(/Couldn’t forget bob on files\.example\.org/);
    expect(error.textContent).toMatch(/The keychain is locked\./);
    expect(screen.getAllByTestId('saved-account')).toHaveLength(2);
  });

  it('warns, without blocking, when the keychain can’t remember the sign-in', async () => {
    const { api } = createFakeApi(
      signedOut({ keychain: { available: false, reason: 'No Secret Service is running.' } }),
    );
    renderApp(api);

    expect((await screen.findByTestId('keychain-warning')).textContent).toMatch(
      'Your sign-in won’t be remembered on this computer: No Secret Service is running.',
    );
    fireEvent.change(addressField(), { target: { value: 'desk.example.com' } });
    fireEvent.change(usernameField(), { target: { value: 'ann' } });
    fireEvent.change(passwordField(), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));

    expect(await screen.findByTestId('signed-in-as')).toBeTruthy();
  });

  it('shows no keychain warning when the keychain works', async () => {
    const { api } = createFakeApi(signedOut());
    renderApp(api);
    await screen.findByTestId('sign-in-form');
    expect(screen.queryByTestId('keychain-warning')).toBeNull();
  });

  it('shows an administrator’s message in full when a password sign-in meets a misconfigured identity service', async () => {
    const message = 'GetOpenIdTokenForDeveloperIdentity was denied: the backend’s IAM role lacks cognito-identity:GetOpenIdTokenForDeveloperIdentity.';
    const { api } = createFakeApi(signedOut({ lastBackendUrl: 'https://desk.example.com', lastUsername: 'ann' }));
    api.signIn.mockResolvedValue(fail('identity_misconfigured', message));
    renderApp(api);
    await screen.findByTestId('sign-in-form');
    fireEvent.change(passwordField(), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));

    const notice = within(screen.getByTestId('sign-in-error'));
    expect(await notice.findByText(message)).toBeTruthy();
    expect(notice.getByText('Show this message to your administrator.')).toBeTruthy();
  });
});

describe('account menu', () => {
  it('shows who is signed in, on which backend and region, and the other saved accounts', async () => {
    const { api } = createFakeApi(signedIn({ username: 'ann', backendUrl: 'https://desk.example.com', others: [bob, cat] }));
    renderApp(api);

    const trigger = await screen.findByTestId('account-menu');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('signed-in-as').textContent).toMatch(/ann.*desk\.example\.com/);

    const panel = await openMenu();

    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(panel.getByText('https://desk.example.com')).toBeTruthy();
    expect(panel.getByText(/Region eu-west-1/)).toBeTruthy();
    expect(panel.getAllByTestId('account-item').map((item) => item.dataset.accountId)).toEqual([bob.id, cat.id]);
    expect(panel.getByTestId('add-account')).toBeTruthy();
    expect(panel.getByTestId('forget-current-account')).toBeTruthy();
    expect(panel.getByTestId('sign-out')).toBeTruthy();
  });

  it('moves focus into the panel, and Escape closes it and gives focus back to the button', async () => {
    const { api } = createFakeApi(signedIn({ others: [bob] }));
    renderApp(api);
    await openMenu();
    const panel = screen.getByTestId('account-menu-panel');
    expect(panel.contains(document.activeElement)).toBe(true);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });

    expect(screen.queryByTestId('account-menu-panel')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('account-menu'));
  });

  it('closes on a click elsewhere, and the button toggles it', async () => {
    const { api } = createFakeApi(signedIn());
    renderApp(api);
    await openMenu();

    fireEvent.mouseDown(await screen.findByTestId('bucket-list'));
    expect(screen.queryByTestId('account-menu-panel')).toBeNull();

    await openMenu();
    fireEvent.mouseDown(screen.getByTestId('account-menu-panel'));
    expect(screen.getByTestId('account-menu-panel')).toBeTruthy();

    fireEvent.click(screen.getByTestId('account-menu'));
    expect(screen.queryByTestId('account-menu-panel')).toBeNull();
  });

  it('moves between its buttons with the arrow keys', async () => {
    const { api } = createFakeApi(signedIn());
    renderApp(api);
    const panel = await openMenu();
    expect(document.activeElement).toBe(panel.getByTestId('add-account'));

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(panel.getByTestId('forget-current-account'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(panel.getByTestId('check-for-updates'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(panel.getByTestId('sign-out'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(panel.getByTestId('add-account'));
  });

  it('switches to another account: the resuming screen, then that account’s browser from its start', async () => {
    const fake = createFakeApi(signedIn({ username: 'ann', others: [bob] }));
    const reply = deferred<IpcResult<SessionState>>();
    fake.api.switchAccount.mockReturnValue(reply.promise);
    const panel = (renderApp(fake.api), await openMenu());

    fireEvent.click(within(menuItem(bob.id)).getByTestId('switch-account'));
    expect(fake.api.switchAccount).toHaveBeenCalledWith(bob.id);
    expect(panel.getByTestId('switch-account').textContent).toMatch(/Switching…/);

    act(() => fake.emit(resuming(bob, { accounts: [ann, bob] })));
    expect(screen.getByTestId('resuming').textContent).toContain('Signing in as bob on files.example.org…');

    const bobSignedIn = signedIn({ username: 'bob', backendUrl: bob.backendUrl, others: [ann] });
    fake.api.listBuckets.mockResolvedValue(ok([{ name: 'bob-files', prefix: '', source: 'session' }]));
    act(() => fake.emit(bobSignedIn));
    await act(async () => reply.resolve(ok(bobSignedIn)));

    expect(screen.getByTestId('signed-in-as').textContent).toMatch(/bob.*files\.example\.org/);
    expect(await within(screen.getByTestId('bucket-list')).findByText('bob-files')).toBeTruthy();
    expect(screen.queryByTestId('account-error')).toBeNull();
  });

  it('says why a switch failed, and stays with the current account', async () => {
    const fake = createFakeApi(signedIn({ username: 'ann', others: [bob] }));
    fake.api.switchAccount.mockImplementation(async () => {
      fake.emit(resuming(bob, { accounts: [ann, bob] }));
      fake.emit(signedIn({ username: 'ann', others: [bob] }));
      return fail('backend_unreachable', 'Connection refused.');
    });
    renderApp(fake.api);
    await openMenu();

    fireEvent.click(within(menuItem(bob.id)).getByTestId('switch-account'));

    const error = await screen.findByTestId('account-error');
    expect(error.textContent).toMatch(/Couldn’t sign in as bob on files\.example\.org/);
    expect(error.textContent).toMatch(/Can’t reach files\.example\.org/);
    expect(screen.getByTestId('signed-in-as').textContent).toMatch(/ann/);

    fireEvent.click(within(error).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('account-error')).toBeNull();
  });

  it('shows a failed switch inside the menu when it is still open', async () => {
    const { api } = createFakeApi(signedIn({ others: [bob] }));
    api.switchAccount.mockResolvedValue(fail('no_such_account', 'No such account.'));
    renderApp(api);
    await openMenu();

    fireEvent.click(within(menuItem(bob.id)).getByTestId('switch-account'));

    const error = await within(menuItem(bob.id)).findByTestId('account-error');
    expect(error.textContent).toMatch(/no longer saved on this computer/);
    // Closing the menu puts the message away: it has been read.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByTestId('account-error')).toBeNull();
  });

  it('forgets another account after confirming', async () => {
    const { api } = createFakeApi(signedIn({ others: [bob, cat] }));
    api.forgetAccount.mockResolvedValue(ok(signedIn({ others: [cat] })));
    renderApp(api);
    await openMenu();

    fireEvent.click(within(menuItem(bob.id)).getByTestId('forget-account'));
    expect(api.forgetAccount).not.toHaveBeenCalled();
    fireEvent.click(within(menuItem(bob.id)).getByTestId('confirm-forget'));

    await waitFor(() =>
      expect(screen.getAllByTestId('account-item').map((item) => item.dataset.accountId)).toEqual([cat.id]),
    );
    expect(api.forgetAccount).toHaveBeenCalledWith(bob.id);
    // Still signed in, menu still open.
    expect(screen.getByTestId('account-menu-panel')).toBeTruthy();
  });

  it('Escape in the confirmation backs out of it, not out of the menu', async () => {
    const { api } = createFakeApi(signedIn({ others: [bob] }));
    renderApp(api);
    await openMenu();

    fireEvent.click(within(menuItem(bob.id)).getByTestId('forget-account'));
    fireEvent.keyDown(within(menuItem(bob.id)).getByTestId('cancel-forget'), { key: 'Escape' });

    expect(within(menuItem(bob.id)).queryByTestId('confirm-forget')).toBeNull();
    expect(screen.getByTestId('account-menu-panel')).toBeTruthy();
    expect(api.forgetAccount).not.toHaveBeenCalled();
  });

  it('forgets the current account after confirming, which signs out', async () => {
    const { api } = createFakeApi(signedIn({ username: 'ann', others: [bob] }));
    api.forgetAccount.mockResolvedValue(ok(signedOut({ accounts: [bob] })));
    renderApp(api);
    const panel = await openMenu();

    fireEvent.click(panel.getByTestId('forget-current-account'));
    expect(panel.getByText('Forget ann on desk.example.com?')).toBeTruthy();
    fireEvent.click(panel.getByTestId('confirm-forget'));

    expect(await screen.findByTestId('sign-in-form')).toBeTruthy();
    expect(api.forgetAccount).toHaveBeenCalledWith(ann.id);
    expect(screen.getAllByTestId('saved-account').map((row) => row.dataset.accountId)).toEqual([bob.id]);
  });

  it('does not offer to forget a session that was never remembered', async () => {
    const { api } = createFakeApi(signedIn({ remembered: false, rememberError: 'The keychain is locked.' }));
    renderApp(api);
    const panel = await openMenu();
    expect(panel.queryByTestId('forget-current-account')).toBeNull();
    expect(panel.getByTestId('sign-out')).toBeTruthy();
  });

  it('adds an account: a sign-in screen that Cancel leaves without changing anything', async () => {
    const fake = createFakeApi(signedIn({ username: 'ann' }));
    const { api } = fake;
    fake.serve('team-data', '', { folders: [folder('reports/')] });
    fake.serve('team-data', 'reports/', { objects: [file('reports/q1.pdf')] });
    renderApp(api);
    const rows = () => screen.queryAllByTestId('object-row').map((row) => row.textContent);
    await waitFor(() => expect(rows()).toEqual([expect.stringContaining('reports')]));
    fireEvent.doubleClick(screen.getByTestId('object-row'));
    await waitFor(() => expect(rows()).toEqual([expect.stringContaining('q1.pdf')]));
    const listings = api.openListing.mock.calls.length;

    fireEvent.click((await openMenu()).getByTestId('add-account'));

    expect(screen.getByRole('heading', { name: 'Add an account' })).toBeTruthy();
    expect(screen.getByTestId('sign-in-form')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Signed in as/ })).toBeNull();
    // The same organisation is the likeliest; the username is left to type.
    expect(addressField().value).toBe('https://desk.example.com');
    expect(document.activeElement).toBe(usernameField());

    fireEvent.click(screen.getByTestId('sign-in-cancel'));

    expect(screen.queryByTestId('sign-in-form')).toBeNull();
    expect(rows()).toEqual([expect.stringContaining('q1.pdf')]);
    expect(api.openListing.mock.calls.length).toBe(listings);
    expect(document.activeElement).toBe(screen.getByTestId('account-menu'));
    expect(api.signIn).not.toHaveBeenCalled();
    expect(api.signOut).not.toHaveBeenCalled();
  });

  it('adds an account: Escape cancels too', async () => {
    const { api } = createFakeApi(signedIn());
    renderApp(api);
    fireEvent.click((await openMenu()).getByTestId('add-account'));

    fireEvent.keyDown(usernameField(), { key: 'Escape' });

    expect(screen.queryByTestId('sign-in-form')).toBeNull();
    expect(screen.getByRole('button', { name: /Signed in as/ })).toBeTruthy();
  });

  it('adds an account: signing in switches to it', async () => {
    const { api } = createFakeApi(signedIn({ username: 'ann' }));
    api.signIn.mockResolvedValue(ok(signedIn({ username: 'bob', backendUrl: bob.backendUrl, others: [ann] })));
    renderApp(api);
    fireEvent.click((await openMenu()).getByTestId('add-account'));

    fireEvent.change(addressField(), { target: { value: 'https://files.example.org/s3desk' } });
    fireEvent.change(usernameField(), { target: { value: 'bob' } });
    fireEvent.change(passwordField(), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));

    await waitFor(() => expect(screen.queryByTestId('sign-in-form')).toBeNull());
    expect(api.signIn).toHaveBeenCalledWith({ backendUrl: 'https://files.example.org/s3desk', username: 'bob', password: 'pw' });
    expect(screen.getByTestId('signed-in-as').textContent).toMatch(/bob/);
    // The previous account is now one of the others.
    expect((await openMenu()).getAllByTestId('account-item').map((item) => item.dataset.accountId)).toEqual([ann.id]);
  });

  it('signs out from the menu', async () => {
    const { api } = createFakeApi(signedIn({ others: [bob] }));
    api.signOut.mockResolvedValue(ok(signedOut({ lastUsername: 'ann', accounts: [ann, bob] })));
    renderApp(api);

    fireEvent.click((await openMenu()).getByTestId('sign-out'));

    expect(await screen.findByTestId('sign-in-form')).toBeTruthy();
    expect(screen.getAllByTestId('saved-account')).toHaveLength(2);
  });
});
