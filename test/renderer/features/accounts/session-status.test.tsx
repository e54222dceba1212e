// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, IpcResult, SessionState } from '../../../../common/ipc';
import { createFakeApi, deferred, fail, file, folder, ok, signedIn } from '../../helpers/fake-api';
import { renderApp } from '../../helpers/render-app';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

function reconnecting(message: string, nextAttemptAt: string | null): ConnectionStatus {
  return { status: 'reconnecting', message, nextAttemptAt };
}

const status = () => screen.getByTestId('session-status');

describe('session status', () => {
  it('shows a quiet “Connected” while the session renews normally', async () => {
    const { api } = createFakeApi(signedIn());
    renderApp(api);

    await screen.findByTestId('session-status');
    expect(status().dataset.status).toBe('online');
    const connected = within(status()).getByText('Connected');
    expect(connected.getAttribute('title')).toMatch(/Session renews automatically/);
    expect(screen.queryByTestId('reconnect-now')).toBeNull();
  });

  it('says it is reconnecting, why, and counts down to the next attempt', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { api } = createFakeApi(
      signedIn({ connection: reconnecting('Can’t reach desk.example.com.', inSeconds(3)) }),
    );
    renderApp(api);

    await waitFor(() => expect(status().dataset.status).toBe('reconnecting'));
    expect(within(status()).getByText('Reconnecting…')).toBeTruthy();
    expect(screen.getByTestId('reconnect-message').textContent).toBe('Can’t reach desk.example.com.');
    expect(screen.getByTestId('reconnect-countdown').textContent).toBe('Next try in 3 s');

    // waitFor saw a render React made outside act(), whose effects (the ticking interval)
    // may run only after the clock has moved on a busy machine: so wait for each tick's
    // text rather than read it at once; a late effect reads the moved clock all the same.
    const countdown = () => screen.getByTestId('reconnect-countdown').textContent;
    act(() => vi.advanceTimersByTime(1000));
    await waitFor(() => expect(countdown()).toBe('Next try in 2 s'));
    act(() => vi.advanceTimersByTime(2000));
    await waitFor(() => expect(countdown()).toBe('Trying now…'));
  });

  it('counts longer waits in minutes and seconds', async () => {
    const { api } = createFakeApi(signedIn({ connection: reconnecting('The server is busy.', inSeconds(125)) }));
    renderApp(api);
    expect((await screen.findByTestId('reconnect-countdown')).textContent).toMatch(/^Next try in 2 min \d+ s$/);
  });

  it('follows main’s events: reconnecting, then back online', async () => {
    const fake = createFakeApi(signedIn());
    renderApp(fake.api);
    await screen.findByTestId('session-status');

    act(() => fake.emit(signedIn({ connection: reconnecting('Connection refused.', inSeconds(30)) })));
    expect(status().dataset.status).toBe('reconnecting');

    act(() => fake.emit(signedIn()));
    expect(status().dataset.status).toBe('online');
  });

  it('retries now on request, and shows the state main answers with', async () => {
    const { api } = createFakeApi(signedIn({ connection: reconnecting('Connection refused.', inSeconds(60)) }));
    const reply = deferred<IpcResult<SessionState>>();
    api.reconnect.mockReturnValue(reply.promise);
    renderApp(api);

    fireEvent.click(await screen.findByTestId('reconnect-now'));

    expect(api.reconnect).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('reconnect-now')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('reconnect-countdown').textContent).toBe('Trying now…');

    await act(async () => reply.resolve(ok(signedIn())));
    expect(status().dataset.status).toBe('online');
  });

  it('says why “Retry now” failed and lets the user try again', async () => {
    const { api } = createFakeApi(signedIn({ connection: reconnecting('Connection refused.', inSeconds(60)) }));
    api.reconnect.mockResolvedValue(fail('backend_unreachable', 'Still can’t reach desk.example.com.'));
    renderApp(api);

    fireEvent.click(await screen.findByTestId('reconnect-now'));

    await waitFor(() =>
      expect(screen.getByTestId('reconnect-message').textContent).toBe('Still can’t reach desk.example.com.'),
    );
    expect(screen.getByTestId('reconnect-now')).toHaveProperty('disabled', false);
  });

  it('does not offer “Retry now” while an attempt is already running', async () => {
    const { api } = createFakeApi(signedIn({ connection: reconnecting('Connection refused.', null) }));
    renderApp(api);

    expect(await screen.findByTestId('reconnect-now')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('reconnect-countdown').textContent).toBe('Trying now…');
  });

  it('never blocks browsing while reconnecting', async () => {
    const fake = createFakeApi(signedIn({ connection: reconnecting('Connection refused.', inSeconds(30)) }));
    fake.serve('team-data', '', { folders: [folder('reports/')] });
    fake.serve('team-data', 'reports/', { objects: [file('reports/q1.pdf')] });
    renderApp(fake.api);

    fireEvent.doubleClick(await screen.findByTestId('object-row'));

    await waitFor(() => expect(screen.getByTestId('object-row').textContent).toMatch(/q1\.pdf/));
    expect(status().dataset.status).toBe('reconnecting');
  });

  it('marks a session that won’t be remembered, with the reason', async () => {
    const { api } = createFakeApi(signedIn({ remembered: false, rememberError: 'No Secret Service is running.' }));
    renderApp(api);

    await screen.findByTestId('session-status');
    expect(status().dataset.status).toBe('not-remembered');
    expect(within(status()).getByTestId('not-remembered').textContent).toBe(
      'This session won’t be remembered: No Secret Service is running.',
    );
  });

  it('puts reconnecting first when a session is both unremembered and reconnecting', async () => {
    const { api } = createFakeApi(
      signedIn({ remembered: false, connection: reconnecting('Connection refused.', inSeconds(30)) }),
    );
    renderApp(api);

    await screen.findByTestId('session-status');
    expect(status().dataset.status).toBe('reconnecting');
    expect(screen.getByTestId('not-remembered')).toBeTruthy();
  });
});
