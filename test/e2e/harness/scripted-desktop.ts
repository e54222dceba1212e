import type { Desktop, DesktopNotification, TaskbarProgress } from '../../../main/shared/desktop';

/**
 * The native dialogs, clipboard, file manager, taskbar, notifications,
 * default applications and drags as a test scripts them: each dialog answers
 * what the test queued (or "cancelled" when nothing is), the window has the
 * focus when the test says so, and the clipboard, reveals, taskbar progress,
 * notifications, opened files and the files of each drag out are recorded.
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
  /** The files of each native drag started, in order. */
  drags: string[][];
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
    drags: [] as string[][],
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
    startDrag: (files: string[]) => {
      desktop.drags.push([...files]);
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
