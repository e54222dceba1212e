/**
 * What the taskbar button (Windows), dock icon (macOS) or launcher (Linux
 * docks that speak the LauncherEntry API) shows of the transfers: nothing, a
 * moving bar while their size is still unknown, or how far they got —
 * 'error' once one of them failed (red on Windows).
 */
export type TaskbarProgress = { kind: 'none' } | { kind: 'indeterminate' } | { kind: 'fraction'; fraction: number; mode: 'normal' | 'error' };

/** A system notification: plain text, never a key, token or full local path. */
export interface DesktopNotification {
  title: string;
  body: string;
}

/**
 * The desktop the services use without importing Electron: the clipboard,
 * the native file dialogs, the file manager, the taskbar, notifications and
 * default applications. main/desktop-integration.ts builds it from Electron;
 * harnesses pass scripted ones.
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
  /**
   * Starts a native drag of local files out of the window, to the desktop or a file manager: called
   * while the mouse button is still down (from the page's dragstart), with files that are complete.
   */
  startDrag(files: string[]): void;
  taskbar: { setProgress(progress: TaskbarProgress): void };
  /** Shows a system notification, where the system has them (silently nothing elsewhere). */
  notify(notification: DesktopNotification): void;
  /** Whether the app's window has the keyboard focus (false without a window). */
  isWindowFocused(): boolean;
  /** Opens a file with the system's default application for it: null once it opened, else the system's reason. */
  openPath(path: string): Promise<string | null>;
}

/**
 * For runs without a desktop (soak, bench, integration tests): dialogs answer
 * "cancelled", the clipboard is kept in memory, there is no taskbar, no
 * notification shows, no window has the focus, nothing can be opened, and
 * there is nowhere to drag files to.
 */
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
    startDrag: () => {},
    taskbar: { setProgress: () => {} },
    notify: () => {},
    isWindowFocused: () => false,
    openPath: async () => 'There is no desktop to open files on.',
    clipboardText: () => text,
  };
}
