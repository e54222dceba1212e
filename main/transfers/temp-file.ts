import { open, type FileHandle } from 'node:fs/promises';

/**
 * A download's temp file, written at offsets: the ranges of a large object
 * arrive in parallel and each goes to its own place, and a download resumed
 * after a restart writes into the file it left.
 */
export interface TempFile {
  /** Writes every buffer, in order, from `position` on (one positional writev; concurrent calls at other positions are safe). */
  writev(buffers: Buffer[], position: number): Promise<void>;
  /** Cuts the file to `length` bytes (a download that starts over). */
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens a temp file: 'create' makes a new one and fails (EEXIST) when anything has that name; 'reopen' continues one left by an earlier run. */
export async function openTempFile(path: string, mode: 'create' | 'reopen'): Promise<TempFile> {
  return new NodeTempFile(await open(path, mode === 'create' ? 'wx' : 'r+'));
}

class NodeTempFile implements TempFile {
  constructor(private readonly handle: FileHandle) {}

  async writev(buffers: Buffer[], position: number): Promise<void> {
    let at = position;
    let pending = buffers;
    // pwritev may write less than asked (rare on a local disk, a full disk throws instead): go on from where it stopped.
    while (pending.length > 0) {
      const { bytesWritten } = await this.handle.writev(pending, at);
      at += bytesWritten;
      pending = remainder(pending, bytesWritten);
    }
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** What is left of `buffers` once `written` bytes of them are out. */
function remainder(buffers: Buffer[], written: number): Buffer[] {
  let skip = written;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}
