import type { Desktop, DesktopNotification, TaskbarProgress } from '../../../main/shared/desktop';

/**
 * The native dialogs, clipboard, file manager, taskbar, notifications and
 * default applications as a test scripts them: each dialog answers what the
 * test queued (or "cancelled" when nothing is), the window has the focus when
 * the test says so, and the clipboard, reveals, taskbar progress,
 * notifications and opened files are recorded.
 */
export function scriptedDesktop(): Desktop & {
  downloadFolders: Array<string | null>;
  uploadSources: Array<string[] | null>;
  clipboard: { writeText(text: string): void; text: string | null };
  revealed: string[];
  taskbarProgress: TaskbarProgress[];
  notifications: DesktopNotification[];
  windowFocused: boolean;
  opened: string[];
  /** What openPath answers next (null: it opened); it opens by default. */
  openProblems: Array<string | null>;
} {
  const desktop = {
    downloadFolders: [] as Array<string | null>,
    uploadSources: [] as Array<string[] | null>,
    revealed: [] as string[],
    taskbarProgress: [] as TaskbarProgress[],
    notifications: [] as DesktopNotification[],
    windowFocused: true,
    opened: [] as string[],
    openProblems: [] as Array<string | null>,
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
    taskbar: {
      setProgress: (progress: TaskbarProgress) => {
        desktop.taskbarProgress.push(progress);
      },
    },
    notify: (notification: DesktopNotification) => {
      desktop.notifications.push(notification);
    },
    isWindowFocused: () => desktop.windowFocused,
    openPath: async (path: string) => {
      desktop.opened.push(path);
      return desktop.openProblems.shift() ?? null;
    },
  };
  return desktop;
}
