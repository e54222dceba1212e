import type { BrowserWindow, Clipboard, Dialog, OpenDialogOptions, Shell } from 'electron';
import type { Desktop } from './shared/desktop';

export interface DesktopIntegrationOptions {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  clipboard: Pick<Clipboard, 'writeText'>;
  shell: Pick<Shell, 'showItemInFolder'>;
  /** The window dialogs belong to (sheets on macOS, modal elsewhere). */
  getWindow: () => BrowserWindow | null;
}

/**
 * The services' Desktop from Electron's dialog, clipboard and shell. Paths
 * chosen here never pass through the renderer: main asks, main keeps them.
 */
export function createDesktopIntegration(options: DesktopIntegrationOptions): Desktop {
  const ask = async (dialogOptions: OpenDialogOptions): Promise<string[] | null> => {
    const window = options.getWindow();
    const result = window ? await options.dialog.showOpenDialog(window, dialogOptions) : await options.dialog.showOpenDialog(dialogOptions);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
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
  };
}
