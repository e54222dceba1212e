import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES } from '../../common/ipc';
import { fakeElectron as fake, fromOurPage } from './helpers/fake-electron';

vi.mock('electron', async () => (await import('./helpers/fake-electron')).fakeElectron.electron);
vi.mock('keytar', async () => (await import('./helpers/fake-electron')).fakeKeytar);

/**
 * main/index.ts in development (not packaged) with Electron and keytar replaced
 * by recording fakes: proves the composition root wires services, IPC (with
 * the sender check), the app:// scheme, the menu and the window together,
 * without an Electron binary. composition-root-packaged.test.ts covers a packaged build.
 */
describe('main/index.ts (composition root), development', () => {
  fake.userData.path = mkdtempSync(join(tmpdir(), 's3desk-userdata-'));
  afterAll(() => {
    rmSync(fake.userData.path, { recursive: true, force: true });
    delete process.env.S3DESK_BACKEND_URL;
  });

  it('sandboxes every renderer, registers every channel, and opens one hardened window on app://s3desk/', async () => {
    process.env.S3DESK_BACKEND_URL = 'http://127.0.0.1:8787';
    await import('../../main/index');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect([...fake.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((name) => IPC_OPERATIONS[name].channel).sort());
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: true });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.c?js$/);
    expect(window.loaded).toEqual(['app://s3desk/index.html']);
  });

  it('registers app: and s3desk-preview: as privileged schemes, before anything loads', () => {
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 's3desk-preview', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
    ]);
  });

  it('serves the renderer on app://s3desk/ with the CSP as a header', async () => {
    const page = await fake.protocolHandlers.get('app')!(new Request('app://s3desk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(await page.text()).toBe(readFileSync(join(process.cwd(), 'renderer', 'index.html'), 'utf8'));
    expect((await fake.protocolHandlers.get('app')!(new Request('app://s3desk/../package.json'))).status).toBe(404);
  });

  it('serves previews on the s3desk-preview: scheme from main, and nothing without a live handle', async () => {
    const handle = fake.protocolHandlers.get('s3desk-preview')!;
    const response = await handle(new Request('s3desk-preview://preview/00000000-0000-0000-0000-000000000000'));
    expect(response.status).toBe(404);
  });

  it('answers the window with the session state, pre-filled from S3DESK_BACKEND_URL, and refuses other senders', async () => {
    const window = fake.windows[0]!;
    const getState = fake.handlers.get(IPC_OPERATIONS.getSessionState.channel)!;
    const fromUs = fromOurPage(window.webContents);
    expect(await getState(fromUs)).toEqual({
      ok: true,
      value: {
        status: 'signed-out',
        lastBackendUrl: 'http://127.0.0.1:8787',
        lastUsername: null,
        reason: null,
        accounts: [],
        keychain: { available: true },
      },
    });
    expect(await getState({ ...fromUs, sender: {} })).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(await getState({ ...fromUs, senderFrame: { url: 'file:///work/main/renderer/index.html', parent: null } })).toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    });
  });

  it('has the development menu (reload, DevTools) and says updates are off in development', async () => {
    const [menu] = fake.menus as Array<Array<{ label?: string; submenu: Array<{ role?: string }> }>>;
    const view = menu!.find((item) => item.label === '&View')!;
    expect(view.submenu.map((item) => item.role)).toContain('toggleDevTools');
    const updates = await fake.handlers.get(IPC_OPERATIONS.getUpdateState.channel)!(fromOurPage(fake.windows[0]!.webContents));
    expect(updates).toEqual({ ok: true, value: { status: 'disabled', reason: 'Updates are off in development builds.' } });
  });

  it('catches up on token refreshes when the computer wakes or the screen is unlocked', () => {
    expect([...fake.powerListeners.keys()].sort()).toEqual(['resume', 'unlock-screen']);
    expect(() => fake.powerListeners.get('resume')!()).not.toThrow();
  });

  it('pushes session state changes to the window', async () => {
    const window = fake.windows[0]!;
    const signOut = fake.handlers.get(IPC_OPERATIONS.signOut.channel)!;
    await signOut(fromOurPage(window.webContents));
    expect(window.sent.at(-1)?.[0]).toBe(IPC_EVENTS.onSessionStateChanged.channel);
  });
});
