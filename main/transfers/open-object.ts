import path from 'node:path';
import type { ObjectRef, OpenObjectResult } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { truncateToBytes } from './local-path';
import type { PrivateCopies } from './private-copies';

export interface ObjectOpenerOptions {
  copies: Pick<PrivateCopies, 'fetch'>;
  /** Opens a file with the system's default application: null once it opened, else the system's reason (shell.openPath). */
  openPath(path: string): Promise<string | null>;
}

/** The system's reason is shown as it came, but not at any length. */
const MAX_REASON_BYTES = 300;

/**
 * "Open": downloads the object into a private folder (PrivateCopies) and
 * hands the copy to the application the system opens such files with. The
 * download shows in the transfers panel like any other, so a large object
 * has progress and can be cancelled; the answer comes once the file is open.
 */
export class ObjectOpener {
  constructor(private readonly options: ObjectOpenerOptions) {}

  async open(object: ObjectRef): Promise<OpenObjectResult> {
    const copy = await this.options.copies.fetch(object);
    if (copy.status === 'cancelled') return { status: 'cancelled' };
    const problem = await this.options.openPath(copy.path);
    if (problem !== null) {
      const name = path.basename(copy.path);
      throw new ServiceError('local_file_error', `“${name}” was downloaded but could not be opened: ${truncateToBytes(problem, MAX_REASON_BYTES)}`);
    }
    return { status: 'opened' };
  }
}
