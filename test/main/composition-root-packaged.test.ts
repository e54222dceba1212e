import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_OPERATIONS } from '../../common/ipc';
import { fakeElectron as fake, fromOurPage } from './helpers/fake-electron';

vi.mock('electron', async () => (await import('./helpers/fake-electron')).fakeElectron.electron);
vi.mock('keytar', async () => (await import('./helpers/fake-electron')).fakeKeytar);

/** main/index.ts as a packaged build: development variables ignored, DevTools closed, no reload in the menu. */
describe('main/index.ts (composition root), packaged', () => {
  fake.userData.path = mkdtempSync(join(tmpdir(), 's3desk-userdata-'));
  const variables = ['S3DESK_BACKEND_URL', 'S3DESK_AWS_ENDPOINT', 'ELECTRON_RENDERER_URL'] as const;
  afterAll(() => {
    rmSync(fake.userData.path, { recursive: true, force: true });
    for (const name of variables) delete process.env[name];
  });

  it('ignores S3DESK_BACKEND_URL, S3DESK_AWS_ENDPOINT and ELECTRON_RENDERER_URL', async () => {
    process.env.S3DESK_BACKEND_URL = 'http://127.0.0.1:8787';
    process.env.S3DESK_AWS_ENDPOINT = 'http://127.0.0.1:4566';
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    fake.electron.app.isPackaged = true;
    // Electron sets it for a packaged app; app-update.yml and the icon live there.
    Object.assign(process, { resourcesPath: fake.userData.path });
    await import('../../main/index');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    const window = fake.windows[0]!;
    expect(window.loaded).toEqual(['app://s3desk/index.html']);
    const state = await fake.handlers.get(IPC_OPERATIONS.getSessionState.channel)!(fromOurPage(window.webContents));
    expect(state).toMatchObject({ ok: true, value: { status: 'signed-out', lastBackendUrl: null } });
  });

  it('will not sign in to this computer: the page cannot use sign-in to reach local ports', async () => {
    const signIn = fake.handlers.get(IPC_OPERATIONS.signIn.channel)!;
    const reply = await signIn(fromOurPage(fake.windows[0]!.webContents), { backendUrl: 'http://127.0.0.1:6379', username: 'demo', password: 'pw' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid_backend_url',
        message: 'S3 Desk signs in only to your organisation’s server, not to an address on this computer (such as localhost). Enter your organisation’s https:// address.',
      },
    });
  });

  it('reads no feed from a build without app-update.yml: updates say so instead of failing', async () => {
    const updates = await fake.handlers.get(IPC_OPERATIONS.getUpdateState.channel)!(fromOurPage(fake.windows[0]!.webContents));
    expect(updates).toEqual({ ok: true, value: { status: 'disabled', reason: 'This build of S3 Desk has no update feed.' } });
  });

  it('keeps DevTools closed (no policy allows them here) and leaves reload and DevTools out of the menu', () => {
    expect(fake.windows[0]!.options.webPreferences).toMatchObject({ devTools: false });
    const [menu] = fake.menus as Array<Array<{ label?: string; submenu: Array<{ role?: string }> }>>;
    const roles = menu!.flatMap((item) => item.submenu.map((entry) => entry.role));
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });
});
