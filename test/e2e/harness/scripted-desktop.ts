import type { Desktop } from '../../../main/shared/desktop';

/**
 * The native dialogs, clipboard and file manager as a test scripts them:
 * each dialog answers what the test queued (or "cancelled" when nothing is),
 * and the clipboard and reveals are recorded.
 */
export function scriptedDesktop(): Desktop & {
  downloadFolders: Array<string | null>;
  uploadSources: Array<string[] | null>;
  clipboard: { writeText(text: string): void; text: string | null };
  revealed: string[];
} {
  const desktop = {
    downloadFolders: [] as Array<string | null>,
    uploadSources: [] as Array<string[] | null>,
    revealed: [] as string[],
    clipboard: {
      text: null as string | null,
      writeText(text: string) {
        desktop.clipboard.text = text;
      },
    },
    dialogs: {
      chooseDownloadFolder: async () => desktop.downloadFolders.shift() ?? null,
      chooseUploadSources: async () => desktop.uploadSources.shift() ?? null,
    },
    reveal: (path: string) => {
      desktop.revealed.push(path);
    },
  };
  return desktop;
}
