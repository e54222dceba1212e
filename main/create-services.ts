import type { TransferJob } from '../common/ipc';
import { BackendClient, type BackendClientOptions } from './session/backend-client';
import type { RefreshObserver } from './shared/refresh-observer';
import { headlessDesktop, type Desktop } from './shared/desktop';
import { silentLogger, type Logger } from './shared/logger';
import { ObjectListings } from './browse/object-listings';
import { ObjectOperations } from './browse/object-operations';
import { PreviewService } from './browse/preview-service';
import { ObjectRestores } from './browse/restore-objects';
import { ShareLinks } from './sharing/share-links';
import { BucketDirectory } from './browse/bucket-directory';
import { SessionClients } from './aws/session-clients';
import type { SecretStore } from './session/secret-store';
import { SessionService } from './session/session-service';
import { SettingsStore } from './session/settings-store';
import { tmpdir } from 'node:os';
import type { EventSources } from './ipc/register-ipc';
import { TransferService } from './transfers/transfer-service';
import { notifyFinishedTransfers } from './transfers/finish-notifications';
import { ObjectOpener } from './transfers/open-object';
import { DragOuts } from './transfers/drag-out';
import { PrivateCopies } from './transfers/private-copies';
import { followTransfersOnTaskbar } from './transfers/taskbar-progress';
import { CopyService } from './operations/copy-service';
import type { CopyOptions } from './operations/copy-settings';
import type { MarkOfTheWeb } from './transfers/mark-of-the-web';
import { TransferJournal } from './transfers/transfer-journal';
import { UploadRegistry } from './transfers/upload-registry';
import { UpdateService, type UpdatePolicy } from './updates/update-service';
import type { TransferActivity, UpdaterPort } from './updates/updater-port';
import type { PolicyReading } from './session/policy';

export interface ServicesConfig {
  /** KeytarSecretStore in the app; MemorySecretStore or a real keytar store in harnesses. */
  secrets: SecretStore;
  /** Path of the settings JSON file (the app uses <userData>/settings.json). */
  settingsPath: string;
  /** One endpoint for Cognito Identity and S3, e.g. the local stack's; unset for real AWS. */
  awsEndpoint?: string;
  /** Pre-fills the sign-in form when nothing was used before. */
  suggestedBackendUrl?: string | null;
  logger?: Logger;
  clock?: () => number;
  backend?: BackendClientOptions;
  /** Sees every token and credential refresh start and end (the soak command counts concurrency). */
  observer?: RefreshObserver;
  /**
   * Clipboard, file dialogs, file manager, taskbar, notifications and default applications; Electron's
   * in the app, headless (dialogs cancel, nothing shows or opens) by default.
   */
  desktop?: Desktop;
  /** Where files downloaded to be opened or dragged out go, each in a private folder made inside (the app: the system's temp folder); os.tmpdir() by default. */
  openedFilesRoot?: string;
  /** Where PreviewService's addresses point, ending in '/' (the app: 's3desk-preview://preview/'). */
  previewBaseUrl?: string;
  /** The page's origin, allowed to fetch() text previews across origins (the app: app://s3desk). */
  pageOrigin?: string;
  /** Files moved at once across all transfers. */
  maxConcurrentTransfers?: number;
  /** How finished downloads are marked as coming from the internet; this computer's kind of mark by default. */
  markOfTheWeb?: MarkOfTheWeb;
  /**
   * Where the UploadIds of unfinished multipart uploads are remembered (the app: <userData>/uploads.json), so
   * those a quit left behind are aborted at the identity's next sign-in. Unset: in memory, for this run only.
   */
  uploadRegistryPath?: string;
  /** Where the transfer queue is kept to resume after a restart (the app: <userData>/transfers.json); nowhere when unset. */
  transferJournalPath?: string;
  /** The organisation's policy file as read at start (none by default). */
  policy?: PolicyReading;
  /**
   * Whether a backend on this computer (localhost) may be signed in to. The app: development builds only
   * (!app.isPackaged); the policy's own backendUrl is allowed anyway. Default true, for tests and harnesses on the local stack.
   */
  allowLoopbackBackend?: boolean;
  /** Self-updating; left out (tests, harnesses, development) it is off and says so. */
  updates?: UpdatesConfig;
  /** Server-side copies and moves: thresholds, part sizes, concurrency (tests lower the 5 GiB multipart threshold). */
  copies?: CopyOptions;
}

export interface UpdatesConfig {
  /** The platform's electron-updater updater, built only when updates are on. */
  createUpdater: () => UpdaterPort;
  /** The feed built into this release, or null. */
  feedUrl: string | null;
  currentVersion: string;
  isPackaged: boolean;
}

const UPDATES_OFF: UpdatesConfig = {
  createUpdater: () => {
    throw new Error('No updater in this build.');
  },
  feedUrl: null,
  currentVersion: '0.0.0',
  isPackaged: false,
};

export interface Services {
  session: SessionService;
  /** The active session's S3 client, shared by every S3 service. */
  clients: SessionClients;
  buckets: BucketDirectory;
  listings: ObjectListings;
  objects: ObjectOperations;
  previews: PreviewService;
  /** Restores of archived objects (Glacier Flexible Retrieval, Deep Archive). */
  restores: ObjectRestores;
  /** Share links, made in main and put on the clipboard only. */
  sharing: ShareLinks;
  transfers: TransferService;
  /** Open with the default application, through a download of `transfers`. */
  opener: ObjectOpener;
  /** Drag out to the desktop, through a download of `transfers` into a private folder. */
  dragOuts: DragOuts;
  /** Server-side copies, moves and renames, run as jobs of `transfers`. */
  copies: CopyService;
  updates: UpdateService;
  /** Every contract event, as window.api offers it: forwardEvents and the E2E bridge subscribe here. */
  events: EventSources;
  dispose(): void;
}

/**
 * Wires the main-process services together without Electron (call
 * `session.resume()` afterwards to sign in silently with the saved account), so the app's
 * composition root and an E2E harness (Playwright exposeBinding) build the
 * very same objects.
 */
export async function createServices(config: ServicesConfig): Promise<Services> {
  const logger = config.logger ?? silentLogger;
  const session = new SessionService({
    backend: new BackendClient({ logger, ...config.backend }),
    secrets: config.secrets,
    settings: new SettingsStore(config.settingsPath),
    clock: config.clock,
    logger,
    observer: config.observer,
    suggestedBackendUrl: config.suggestedBackendUrl ?? null,
    policy: config.policy,
    allowLoopbackBackend: config.allowLoopbackBackend,
  });
  await session.init();
  const clients = new SessionClients({ session, awsEndpoint: config.awsEndpoint, logger, observer: config.observer, clock: config.clock });
  const buckets = new BucketDirectory(clients);
  const listings = new ObjectListings({ clients, logger });
  const desktop = config.desktop ?? headlessDesktop();
  const objects = new ObjectOperations({ clients, clipboard: desktop.clipboard });
  const restores = new ObjectRestores(clients);
  const previews = new PreviewService({ clients, baseUrl: config.previewBaseUrl ?? 's3desk-preview://preview/', pageOrigin: config.pageOrigin, logger });
  const sharing = new ShareLinks({ clients, clipboard: desktop.clipboard });
  // One registry for uploads and multipart copies: the clean-up at sign-in aborts what either left unfinished.
  const uploadRegistry = new UploadRegistry({ path: config.uploadRegistryPath, logger });
  const transfers = new TransferService({
    clients,
    dialogs: desktop.dialogs,
    reveal: (path) => desktop.reveal(path),
    logger,
    maxConcurrentFiles: config.maxConcurrentTransfers,
    markOfTheWeb: config.markOfTheWeb,
    uploadRegistry,
    journal: new TransferJournal({ path: config.transferJournalPath, logger }),
  });
  const copies = new CopyService({ ...config.copies, clients, transfers, uploads: uploadRegistry, logger });
  const privateCopies = new PrivateCopies({ transfers, root: config.openedFilesRoot ?? tmpdir() });
  const opener = new ObjectOpener({ copies: privateCopies, openPath: (path) => desktop.openPath(path) });
  const dragOuts = new DragOuts({ copies: privateCopies, desktop });
  const stopForgettingDrags = clients.onSessionEnded(() => dragOuts.forgetAll());
  const stopTaskbar = followTransfersOnTaskbar({ transfers, taskbar: desktop.taskbar, now: config.clock });
  const stopNotifying = notifyFinishedTransfers({ transfers, desktop, now: config.clock });
  // Once signed in (silently or not), abort what this identity's earlier runs left unfinished.
  const stopCleaningUp = session.onStateChanged(() => void transfers.cleanUpAbandonedUploads());
  const policy: UpdatePolicy = config.policy?.policy ?? { updateFeedUrl: null, disableUpdates: false };
  const updates = new UpdateService({ ...(config.updates ?? UPDATES_OFF), policy, transfers: transferActivity(transfers), logger });
  return {
    session,
    clients,
    buckets,
    listings,
    objects,
    previews,
    restores,
    sharing,
    transfers,
    opener,
    dragOuts,
    copies,
    updates,
    events: {
      onSessionStateChanged: (listener) => session.onStateChanged(listener),
      onListingEvent: (listener) => listings.onEvent(listener),
      onTransfersChanged: (listener) => transfers.onChanged(listener),
      onUpdateStateChanged: (listener) => updates.onStateChanged(listener),
    },
    dispose: () => {
      stopCleaningUp();
      stopForgettingDrags();
      stopTaskbar();
      stopNotifying();
      updates.dispose();
      copies.dispose();
      transfers.dispose();
      previews.dispose();
      listings.dispose();
      clients.dispose();
      session.dispose();
    },
  };
}

/** Transfers as the updater sees them: a restart would cut off the ones queued or running. */
function transferActivity(transfers: TransferService): TransferActivity {
  const busy = (jobs: TransferJob[]) => jobs.some((job) => job.status === 'queued' || job.status === 'running');
  return {
    isBusy: () => busy(transfers.list()),
    onIdle: (listener) =>
      transfers.onChanged((jobs) => {
        if (!busy(jobs)) listener();
      }),
  };
}
