import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DownloadRequest, DragOutReady, DragOutStart } from '../../common/ipc';
import type { Desktop } from '../shared/desktop';
import { ServiceError } from '../shared/errors';
import type { PrivateCopies, PrivateSelection } from './private-copies';

export interface DragOutsOptions {
  copies: Pick<PrivateCopies, 'fetchSelection'>;
  desktop: Pick<Desktop, 'startDrag' | 'reveal'>;
  /** How many prepared drags are remembered; the oldest is forgotten first (default 8). */
  keep?: number;
  /** Names a new drag (default: a random UUID, which the page cannot guess). */
  newId?: () => string;
}

/** A drag being prepared, and the files it drags once they are all there. */
interface PreparedDrag {
  arrival: Promise<PrivateSelection>;
  entries: string[] | null;
}

const DEFAULT_KEEP = 8;

/**
 * Drag out: files of the bucket dragged to the desktop or a file manager.
 * A native drag must start while the mouse button is down, with files that
 * are already complete (a drop copies what is on disk at that moment), so it
 * takes two steps. `prepare` downloads the selection into a private folder
 * through the transfer queue (PrivateCopies), and answers at once with the
 * job, which the user can follow and cancel like any download; `awaitReady`
 * answers once the files are there. `start`, called from the page's
 * dragstart, hands them to the desktop's drag straight away: nothing is
 * awaited before it. The page only ever holds the drag's id and the names;
 * the local paths stay here.
 */
export class DragOuts {
  private readonly drags = new Map<string, PreparedDrag>();
  private readonly keep: number;
  private readonly newId: () => string;

  constructor(private readonly options: DragOutsOptions) {
    this.keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
    this.newId = options.newId ?? randomUUID;
  }

  async prepare(request: DownloadRequest): Promise<DragOutStart> {
    const { job, arrival } = await this.options.copies.fetchSelection(request);
    const drag: PreparedDrag = { arrival, entries: null };
    // Noted as soon as they are there (and a failure counted as handled): the page may ask later, or never.
    arrival.then(
      (arrived) => {
        if (arrived.status === 'ready') drag.entries = arrived.entries;
      },
      () => undefined,
    );
    const dragId = this.newId();
    this.drags.set(dragId, drag);
    for (const old of this.drags.keys()) {
      if (this.drags.size <= this.keep) break;
      this.drags.delete(old);
    }
    return { dragId, job };
  }

  /** Waits for the drag's download: the names of what it will drag, or cancelled; a failed download throws its error. */
  async awaitReady(dragId: string): Promise<DragOutReady> {
    const drag = this.drag(dragId);
    let arrived: PrivateSelection;
    try {
      arrived = await drag.arrival;
    } catch (error) {
      this.forget(dragId, drag);
      throw error;
    }
    if (arrived.status === 'cancelled') {
      this.forget(dragId, drag);
      return { status: 'cancelled' };
    }
    drag.entries = arrived.entries;
    return { status: 'ready', names: arrived.entries.map((entry) => path.basename(entry)), skipped: arrived.job.filesSkipped };
  }

  /** Starts the native drag of the prepared files that are still there. */
  start(dragId: string): void {
    this.options.desktop.startDrag(this.presentEntries(dragId));
  }

  /** Shows the prepared files in the file manager (the first of them selected): for a drop made by hand. */
  reveal(dragId: string): void {
    const [first] = this.presentEntries(dragId);
    if (first !== undefined) this.options.desktop.reveal(first);
  }

  /** Forgets every drag: the session that prepared them ended, and the next one must not drag them. */
  forgetAll(): void {
    this.drags.clear();
  }

  private presentEntries(dragId: string): string[] {
    const { entries } = this.drag(dragId);
    if (!entries) throw new ServiceError('invalid_input', 'These items are still being downloaded: wait until they are ready to drag.');
    // Synchronous on purpose: the drag must start before the mouse button is released.
    const present = entries.filter((entry) => existsSync(entry));
    if (present.length === 0) {
      throw new ServiceError('local_file_error', 'The downloaded copies are no longer on this computer. Choose Drag out… again.');
    }
    return present;
  }

  private drag(dragId: string): PreparedDrag {
    const drag = this.drags.get(dragId);
    if (!drag) throw new ServiceError('invalid_input', 'This drag out is no longer prepared. Choose Drag out… again.');
    return drag;
  }

  private forget(dragId: string, drag: PreparedDrag): void {
    if (this.drags.get(dragId) === drag) this.drags.delete(dragId);
  }
}
