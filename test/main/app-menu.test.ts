import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate, type AppMenuOptions } from '../../main/app-menu';

const options = (overrides: Partial<AppMenuOptions> = {}): AppMenuOptions => ({
  platform: 'linux',
  appName: 'S3 Desk',
  version: '1.2.3',
  development: false,
  openLogFolder: vi.fn(),
  ...overrides,
});

const labels = (menu: MenuItemConstructorOptions[]) => menu.map((item) => item.label?.replace('&', ''));
const submenu = (menu: MenuItemConstructorOptions[], label: string) =>
  menu.find((item) => item.label?.replace('&', '') === label)!.submenu as MenuItemConstructorOptions[];
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('appMenuTemplate', () => {
  it('macOS: the app menu first, with About, Hide and Quit', () => {
    const menu = appMenuTemplate(options({ platform: 'darwin' }));
    expect(labels(menu)).toEqual(['S3 Desk', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(menu, 'S3 Desk'))).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
  });

  it('Windows and Linux: no app menu, Exit in File, About in Help', () => {
    const menu = appMenuTemplate(options({ platform: 'win32' }));
    expect(labels(menu)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(menu, 'File'))).toEqual(['quit']);
    expect(roles(submenu(menu, 'Help'))).toContain('about');
  });

  it('Edit carries the standard roles, so copy and paste work in every field (on macOS only through them)', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      expect(roles(submenu(appMenuTemplate(options({ platform })), 'Edit'))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
      );
    }
  });

  it('packaged: zoom and full screen, but no reload and no DevTools', () => {
    const view = roles(submenu(appMenuTemplate(options()), 'View'));
    expect(view).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('development: reload and DevTools too', () => {
    expect(roles(submenu(appMenuTemplate(options({ development: true })), 'View'))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
  });

  it('Help names the version and opens the log folder', () => {
    const opts = options();
    const help = submenu(appMenuTemplate(opts), 'Help');
    expect(help[0]).toMatchObject({ label: 'S3 Desk 1.2.3', enabled: false });
    const openLogs = help.find((item) => item.label?.includes('Log Folder'))!;
    (openLogs.click as () => void)();
    expect(opts.openLogFolder).toHaveBeenCalledOnce();
  });
});
