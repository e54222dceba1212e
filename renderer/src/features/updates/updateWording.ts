import type { IpcError, UpdateState } from '../../../../common/ipc';
import type { UpdateAction } from './useUpdateState';

type Downloading = Extract<UpdateState, { status: 'downloading' }>;

/** "Downloading update 1.2.0… 42%", or without the share before the first progress report. */
export function downloadingWords({ version, percent }: Downloading): string {
  return `Downloading update ${version}…${percent === null ? '' : ` ${percent}%`}`;
}

export function waitingWords(version: string): string {
  return `S3 Desk will restart to install ${version} when your transfers finish`;
}

/** The updater's state in a short line, for the account menu. */
export function describeUpdateState(state: UpdateState): string {
  switch (state.status) {
    case 'disabled':
      return state.reason;
    case 'idle':
      return 'S3 Desk checks for updates automatically.';
    case 'checking':
      return 'Checking…';
    case 'downloading':
      return downloadingWords(state);
    case 'up-to-date':
      return 'S3 Desk is up to date';
    case 'ready':
      return state.waitingForTransfers ? waitingWords(state.version) : `Update ${state.version} is ready — restart to install`;
    case 'unverified':
      return `${state.message}. ${state.detail}`;
    case 'error':
      return state.message;
  }
}

/** What went wrong when main could not be asked (the reply was a failure, or never came). */
export function describeUpdateFailure(action: UpdateAction | 'load', error: IpcError): string {
  const what =
    action === 'install'
      ? 'Couldn’t restart to install the update'
      : action === 'check'
        ? 'Couldn’t check for updates'
        : 'Couldn’t find out about updates';
  return error.message ? `${what}: ${error.message}` : `${what}.`;
}
