import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, NativeImage, NotificationConstructorOptions } from 'electron';
import { createDesktopIntegration, progressBarArguments, type DesktopIntegrationOptions } from '../../main/desktop-integration';

/** A window as the adapter uses it: its taskbar progress, drags and focus recorded or scripted. */
function fakeWindow(focused = false, destroyed = false) {
  return { setProgressBar: vi.fn(), isFocused: () => focused, isDestroyed: () => destroyed, webContents: { startDrag: vi.fn() } } as unknown as BrowserWindow & {
    setProgressBar: ReturnType<typeof vi.fn>;
    webContents: { startDrag: ReturnType<typeof vi.fn> };
  };
}

/** Stands in for the app's icon, made small: only passed along. */
const icon = { isEmpty: () => false } as unknown as NativeImage;

function integration(overrides: Partial<DesktopIntegrationOptions> = {}) {
  const shown: NotificationConstructorOptions[] = [];
  class Notification {
    static isSupported = () => true;
    constructor(private readonly options: NotificationConstructorOptions) {}
    show() {
      shown.push(this.options);
    }
  }
  const options: DesktopIntegrationOptions = {
    dialog: { showOpenDialog: vi.fn() },
    clipboard: { writeText: vi.fn() },
    shell: { showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') },
    Notification,
    getWindow: () => null,
    dragIcon: () => icon,
    ...overrides,
  };
  return { desktop: createDesktopIntegration(options), shown, options };
}

describe('createDesktopIntegration: the taskbar, notifications and default applications', () => {
  it('maps taskbar progress onto BrowserWindow.setProgressBar: -1 removes it, above 1 is indeterminate, the mode colours it', () => {
    expect(progressBarArguments({ kind: 'none' })).toEqual([-1, { mode: 'none' }]);
    expect(progressBarArguments({ kind: 'indeterminate' })).toEqual([2, { mode: 'indeterminate' }]);
    expect(progressBarArguments({ kind: 'fraction', fraction: 0.25, mode: 'normal' })).toEqual([0.25, { mode: 'normal' }]);
    expect(progressBarArguments({ kind: 'fraction', fraction: 0.6, mode: 'error' })).toEqual([0.6, { mode: 'error' }]);
    // Never past the ends, where Electron would read "remove" or "indeterminate".
    expect(progressBarArguments({ kind: 'fraction', fraction: 1.2, mode: 'normal' })).toEqual([1, { mode: 'normal' }]);
    expect(progressBarArguments({ kind: 'fraction', fraction: -0.1, mode: 'normal' })).toEqual([0, { mode: 'normal' }]);
  });

  it('sets the progress on the window, and does nothing without one', () => {
    const window = fakeWindow();
    let current: BrowserWindow | null = null;
    const { desktop } = integration({ getWindow: () => current });
    desktop.taskbar.setProgress({ kind: 'fraction', fraction: 0.5, mode: 'normal' });
    current = window;
    desktop.taskbar.setProgress({ kind: 'fraction', fraction: 0.5, mode: 'normal' });
    expect(window.setProgressBar).toHaveBeenCalledTimes(1);
    expect(window.setProgressBar).toHaveBeenCalledWith(0.5, { mode: 'normal' });
  });

  it('shows a notification only where the system has them', () => {
    const { desktop, shown, options } = integration();
    desktop.notify({ title: 'Download complete', body: '“report.pdf” has been downloaded.' });
    expect(shown).toEqual([{ title: 'Download complete', body: '“report.pdf” has been downloaded.' }]);
    (options.Notification as unknown as { isSupported: () => boolean }).isSupported = () => false;
    desktop.notify({ title: 'Upload complete', body: '“a.txt” has been uploaded.' });
    expect(shown).toHaveLength(1);
  });

  it('knows whether the window has the focus', () => {
    expect(integration().desktop.isWindowFocused()).toBe(false);
    expect(integration({ getWindow: () => fakeWindow(true) }).desktop.isWindowFocused()).toBe(true);
  });

  it('answers null once shell.openPath opened the file, and the system’s reason when it could not', async () => {
    const { desktop, options } = integration();
    await expect(desktop.openPath('/tmp/a.pdf')).resolves.toBeNull();
    expect(options.shell.openPath).toHaveBeenCalledWith('/tmp/a.pdf');
    const failing = integration({ shell: { showItemInFolder: vi.fn(), openPath: async () => 'Failed to open path' } });
    await expect(failing.desktop.openPath('/tmp/a.xyz')).resolves.toBe('Failed to open path');
  });

  it('drags files out of the window: every file, the first also as `file`, under the app’s icon', () => {
    const window = fakeWindow();
    const { desktop } = integration({ getWindow: () => window });
    desktop.startDrag(['/tmp/s3desk-open-1/item-2/a.txt', '/tmp/s3desk-open-1/item-2/photos']);
    expect(window.webContents.startDrag).toHaveBeenCalledWith({
      file: '/tmp/s3desk-open-1/item-2/a.txt',
      files: ['/tmp/s3desk-open-1/item-2/a.txt', '/tmp/s3desk-open-1/item-2/photos'],
      icon,
    });
  });

  it('starts no drag without a live window, or without files', () => {
    const closed = fakeWindow(false, true);
    integration({ getWindow: () => closed }).desktop.startDrag(['/tmp/a.txt']);
    expect(closed.webContents.startDrag).not.toHaveBeenCalled();
    const window = fakeWindow();
    integration({ getWindow: () => window }).desktop.startDrag([]);
    expect(window.webContents.startDrag).not.toHaveBeenCalled();
    expect(() => integration().desktop.startDrag(['/tmp/a.txt'])).not.toThrow();
  });
});
