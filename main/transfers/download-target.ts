import path from 'node:path';
import type { DownloadRequest } from '../../common/ipc';

/**
 * Where a download goes and what it has put there: the folder the user
 * chose, the listing of the selection into files (its running totals show
 * while a 100k-key folder is listed), and the folders made on the way, so
 * that a download that does not finish can take the empty ones away again.
 * Its job drives the listing's start and end, since they change its status.
 */
export class DownloadTarget {
  private listed = false;
  private listing: AbortController | null = null;
  private listedFiles = 0;
  private listedBytes = 0;
  private topFolders: string[] = [];
  private firstFile: string | null = null;
  private readonly createdDirs = new Set<string>();
  /** Folders known to exist already (made or found by an earlier file of the job): not asked for again. */
  readonly existingDirs = new Set<string>();

  constructor(
    readonly request: DownloadRequest,
    /** The folder the user chose. */
    readonly root: string,
  ) {}

  /** Whether the selection has been listed into files. */
  get isListed(): boolean {
    return this.listed;
  }

  get isListing(): boolean {
    return this.listing !== null;
  }

  /** Files and bytes found so far, while the listing runs (and after it stopped short). */
  get found(): { files: number; bytes: number } {
    return { files: this.listedFiles, bytes: this.listedBytes };
  }

  beginListing(): AbortSignal {
    if (this.listed || this.listing) throw new Error('This download is already listed or being listed.');
    this.listing = new AbortController();
    return this.listing.signal;
  }

  progress(files: number, bytes: number): void {
    if (!this.listing) return;
    this.listedFiles = files;
    this.listedBytes = bytes;
  }

  /** Ends the listing; `topFolders` when it arrived. Answers whether it counts (it was not cancelled meanwhile). */
  endListing(topFolders: string[] | null): boolean {
    const counts = topFolders !== null && this.listing !== null && !this.listing.signal.aborted;
    this.listing = null;
    if (counts) {
      this.topFolders = topFolders;
      this.listed = true;
    }
    return counts;
  }

  abortListing(): void {
    this.listing?.abort();
  }

  addCreatedDirs(dirs: readonly string[]): void {
    for (const dir of dirs) this.createdDirs.add(dir);
  }

  /** The folders it made, deepest first, each handed out once. */
  takeCreatedDirs(): string[] {
    const dirs = [...this.createdDirs].sort((a, b) => b.length - a.length);
    this.createdDirs.clear();
    return dirs;
  }

  /** A file arrived at `localPath`; one straight in the chosen folder is what a one-file download reveals. */
  arrived(segments: readonly string[], localPath: string): void {
    if (segments.length === 1) this.firstFile ??= localPath;
  }

  /** What "show" reveals: the folder it made, or its first file. `doneSegments`: those of a file that arrived. */
  revealTarget(doneSegments: readonly string[] | undefined): string | null {
    if (this.topFolders[0]) return this.topFolders[0];
    if (this.firstFile) return this.firstFile;
    return doneSegments ? path.join(this.root, doneSegments[0]!) : null;
  }
}
