import type { BrowserWindow, Clipboard, Dialog, NativeImage, Notification, NotificationConstructorOptions, OpenDialogOptions, Shell } from 'electron';
import type { Desktop, TaskbarProgress } from './shared/desktop';

/** Electron's Notification class as used here: made, shown, and asked whether this system has notifications. */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): Pick<Notification, 'show'>;
  isSupported(): boolean;
}

export interface DesktopIntegrationOptions {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  shell: Pick<Shell, 'showItemInFolder' | 'openPath'>;
  Notification: NotificationClass;
  /** The window dialogs belong to (sheets on macOS, modal elsewhere), whose taskbar button shows progress, and files are dragged out of. */
  getWindow: () => BrowserWindow | null;
  /** The image under the cursor while files are dragged out: the app's icon, small (macOS refuses an empty one). */
  dragIcon: () => NativeImage;
}

/**
 * The services' Desktop from Electron's dialog, clipboard, shell, the
 * window's taskbar button and drags, and Notification. Paths chosen here never pass
 * through the renderer: main asks, main keeps them.
 */
export function createDesktopIntegration(options: DesktopIntegrationOptions): Desktop {
  const ask = async (dialogOptions: OpenDialogOptions): Promise<string[] | null> => {
    const window = options.getWindow();
    const result = window ? await options.dialog.showOpenDialog(window, dialogOptions) : await options.dialog.showOpenDialog(dialogOptions);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };
  const liveWindow = () => {
    const window = options.getWindow();
    return window && !window.isDestroyed() ? window : null;
  };
  return {
    clipboard: { writeText: (text) => options.clipboard.writeText(text) },
    dialogs: {
      chooseDownloadFolder: async () =>
        (await ask({ title: 'Download to', buttonLabel: 'Download Here', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] }))?.[0] ?? null,
      // Linux and Windows dialogs pick files or folders, not both: hence two kinds.
      chooseUploadSources: (kind) =>
        ask(
          kind === 'files'
            ? { title: 'Upload files', buttonLabel: 'Upload', properties: ['openFile', 'multiSelections'] }
            : { title: 'Upload a folder', buttonLabel: 'Upload', properties: ['openDirectory'] },
        ),
    },
    reveal: (path) => options.shell.showItemInFolder(path),
    startDrag: (files) => {
      const window = liveWindow();
      const [first] = files;
      // `file` is required; `files`, when given, is what is dragged (all of them, the first included).
      if (window && first !== undefined) window.webContents.startDrag({ file: first, files, icon: options.dragIcon() });
    },
    taskbar: {
      setProgress: (progress) => {
        const window = liveWindow();
        if (window) window.setProgressBar(...progressBarArguments(progress));
      },
    },
    notify: ({ title, body }) => {
      if (!options.Notification.isSupported()) return;
      new options.Notification({ title, body }).show();
    },
    isWindowFocused: () => liveWindow()?.isFocused() ?? false,
    // shell.openPath resolves to '' once the file opened, else to the system's reason.
    openPath: async (path) => (await options.shell.openPath(path)) || null,
  };
}

/**
 * BrowserWindow.setProgressBar's arguments: below 0 removes the bar, above 1
 * makes it indeterminate (on Windows; other systems have no moving bar and
 * show nothing for it), and the mode colours it on Windows.
 */
export function progressBarArguments(progress: TaskbarProgress): Parameters<BrowserWindow['setProgressBar']> {
  switch (progress.kind) {
    case 'none':
      return [-1, { mode: 'none' }];
    case 'indeterminate':
      return [2, { mode: 'indeterminate' }];
    case 'fraction':
      return [Math.min(1, Math.max(0, progress.fraction)), { mode: progress.mode }];
  }
}
