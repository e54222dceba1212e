import { z } from 'zod';
import { ipcEvent, operation } from './operation';

/**
 * The updates domain: checking for a new version, its progress, installing
 * it when the person asks. No state carries a feed address (it may hold an
 * organisation's credentials) or anything else secret.
 */

/** The sentence shown for every refused update, whatever the reason. */
export const UPDATE_NOT_VERIFIED_MESSAGE = 'This update could not be verified';

export type UpdateState =
  | {
      /** Updates are off: policy, an unpackaged build, or an install the updater cannot replace. */
      status: 'disabled';
      reason: string;
    }
  | { status: 'idle' }
  | { status: 'checking' }
  | {
      /** A verified update is being downloaded. */
      status: 'downloading';
      version: string;
      /** 0–100; null until the first progress report. */
      percent: number | null;
    }
  | {
      status: 'up-to-date';
      currentVersion: string;
      /** ISO 8601. */
      checkedAt: string;
    }
  | {
      /** 'Update ready — restart to install'. */
      status: 'ready';
      version: string;
      /** installUpdate was asked while transfers ran: it happens by itself when they finish. */
      waitingForTransfers: boolean;
    }
  | {
      /** Refused: unsigned, bad signature, another key, tampered file, or not newer. Nothing was installed. */
      status: 'unverified';
      message: typeof UPDATE_NOT_VERIFIED_MESSAGE;
      /** Why, in a short sentence safe to show. */
      detail: string;
      checkedAt: string;
    }
  | {
      /** The check or download failed for another reason (network, feed unavailable). */
      status: 'error';
      message: string;
      checkedAt: string;
    };

export type UpdateStatus = UpdateState['status'];

const noArguments = z.tuple([]);
const updates = operation<UpdateState>();

export const updateOperations = {
  getUpdateState: updates('s3desk:updates:get-state', noArguments),
  /** Checks now (unless a check or download is already running); replies with the state once the check has started. */
  checkForUpdates: updates('s3desk:updates:check', noArguments),
  /** Restarts into the ready update, or — while transfers run — waits for them to finish first. */
  installUpdate: updates('s3desk:updates:install', noArguments),
};

export const updateEvents = {
  onUpdateStateChanged: ipcEvent<UpdateState>('s3desk:updates:state-changed'),
};
