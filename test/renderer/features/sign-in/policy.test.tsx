// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi, fail, noPolicy, ok, signedIn, signedOut } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

afterEach(cleanup);

const POLICY_URL = 'https://desk.example.org/s3desk';
const PROBLEM =
  'Your organisation’s S3 Desk policy (/etc/s3desk/policy.json) was ignored because it is not valid JSON. Tell your administrator.';

const addressField = () => screen.getByLabelText('Organisation address') as HTMLInputElement;

/** The sign-in screen as main shows it with this policy: main has already pre-filled its address. */
async function signInScreenWith(policy: ReturnType<typeof noPolicy>, lastBackendUrl = policy.backendUrl) {
  const fake = createFakeApi(signedOut({ lastBackendUrl }));
  fake.api.getOrganisationPolicy.mockResolvedValue(ok(policy));
  renderApp(fake.api);
  await screen.findByTestId('sign-in-form');
  return fake;
}

describe('organisation policy on the sign-in screen', () => {
  it('asks for the policy once', async () => {
    const { api } = await signInScreenWith(noPolicy());
    await waitFor(() => expect(api.getOrganisationPolicy).toHaveBeenCalledTimes(1));
  });

  it('shows a locked address read-only (still selectable), set by the organisation', async () => {
    await signInScreenWith(noPolicy({ backendUrl: POLICY_URL, backendUrlLocked: true }));

    expect(await screen.findByText('Set by your organisation')).toBeTruthy();
    const field = addressField();
    expect(field.value).toBe(POLICY_URL);
    expect(field.readOnly).toBe(true);
    expect(field.getAttribute('aria-readonly')).toBe('true');
    expect(field.disabled).toBe(false);
    expect(field.getAttribute('aria-describedby')).toBe(screen.getByTestId('backend-url-locked').parentElement?.id);
  });

  it('signs in to the locked address, whatever was remembered or typed', async () => {
    const { api } = await signInScreenWith(
      noPolicy({ backendUrl: POLICY_URL, backendUrlLocked: true }),
      'https://elsewhere.example.com',
    );
    await screen.findByText('Set by your organisation');

    fireEvent.change(addressField(), { target: { value: 'https://typed.example.com' } });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ann' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() =>
      expect(api.signIn).toHaveBeenCalledWith({ backendUrl: POLICY_URL, username: 'ann', password: 'correct horse' }),
    );
  });

  it('keeps a pre-filled address editable when the policy does not lock it', async () => {
    const { api } = await signInScreenWith(noPolicy({ backendUrl: POLICY_URL }));
    await waitFor(() => expect(api.getOrganisationPolicy).toHaveBeenCalled());

    expect(addressField().value).toBe(POLICY_URL);
    expect(addressField().readOnly).toBe(false);
    expect(screen.queryByText('Set by your organisation')).toBeNull();
    fireEvent.change(addressField(), { target: { value: 'https://typed.example.com' } });
    expect(addressField().value).toBe('https://typed.example.com');
  });

  it('says why a policy file was ignored', async () => {
    await signInScreenWith(noPolicy({ problem: PROBLEM }));
    const notice = await screen.findByTestId('policy-problem');
    expect(notice.textContent).toBe(PROBLEM);
    expect(addressField().readOnly).toBe(false);
  });

  it('locks nothing and still signs in when the policy cannot be asked for (main still enforces it)', async () => {
    const fake = createFakeApi(signedOut());
    fake.api.getOrganisationPolicy.mockResolvedValue(fail('internal_error', 'No handler.'));
    renderApp(fake.api);
    await screen.findByTestId('sign-in-form');
    await waitFor(() => expect(fake.api.getOrganisationPolicy).toHaveBeenCalled());

    fireEvent.change(addressField(), { target: { value: 'desk.example.com' } });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ann' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(fake.api.signIn).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('policy-problem')).toBeNull();
  });

  it('locks the address when adding another account too', async () => {
    const fake = createFakeApi(signedIn({ backendUrl: POLICY_URL }));
    fake.api.getOrganisationPolicy.mockResolvedValue(ok(noPolicy({ backendUrl: POLICY_URL, backendUrlLocked: true })));
    renderApp(fake.api);

    fireEvent.click(await screen.findByTestId('account-menu'));
    fireEvent.click(screen.getByTestId('add-account'));
    const screenForAdding = await screen.findByTestId('add-account-screen');
    expect(await within(screenForAdding).findByText('Set by your organisation')).toBeTruthy();
    expect(addressField().readOnly).toBe(true);
  });
});

describe('organisation policy in the signed-in window', () => {
  it('says once why a policy file was ignored, until put away', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.getOrganisationPolicy.mockResolvedValue(ok(noPolicy({ problem: PROBLEM })));
    renderApp(fake.api);

    const notice = await screen.findByTestId('policy-problem');
    expect(within(notice).getByText(PROBLEM)).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('policy-problem')).toBeNull();
  });

  it('says nothing when the policy is fine', async () => {
    const fake = createFakeApi(signedIn());
    fake.api.getOrganisationPolicy.mockResolvedValue(ok(noPolicy({ backendUrl: POLICY_URL, backendUrlLocked: true })));
    renderApp(fake.api);
    await screen.findByTestId('account-menu');
    await waitFor(() => expect(fake.api.getOrganisationPolicy).toHaveBeenCalled());
    expect(screen.queryByTestId('policy-problem')).toBeNull();
  });
});
