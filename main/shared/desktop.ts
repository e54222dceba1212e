/**
 * The desktop the services use without importing Electron: the clipboard,
 * the native file dialogs and the file manager. main/desktop-integration.ts
 * builds it from Electron; harnesses pass scripted ones.
 */
export interface Desktop {
  clipboard: { writeText(text: string): void };
  dialogs: {
    /** A folder to download into; null when the user cancelled. */
    chooseDownloadFolder(): Promise<string | null>;
    /** Files (or one folder) to upload; null when the user cancelled. */
    chooseUploadSources(kind: 'files' | 'folder'): Promise<string[] | null>;
  };
  /** Shows a file in the system's file manager. */
  reveal(path: string): void;
}

/** For runs without a desktop (soak, bench, integration tests): dialogs answer "cancelled", the clipboard is kept in memory. */
export function headlessDesktop(): Desktop & { clipboardText(): string | null } {
  let text: string | null = null;
  return {
    clipboard: {
      writeText: (value) => {
        text = value;
      },
    },
    dialogs: {
      chooseDownloadFolder: async () => null,
      chooseUploadSources: async () => null,
    },
    reveal: () => {},
    clipboardText: () => text,
  };
}
