import type { DroppedFilesRequest, DroppedUpload, DroppedUploadRequest, IpcResult, UploadPlan } from '../common/ipc';

/** What planDroppedUpload works with; preload passes Electron's, the E2E bridge its stand-ins. */
export interface DropPorts {
  /** webUtils.getPathForFile: a File's local path, '' for a File that is not a local file; throws for anything that is not a File. */
  pathForFile(file: unknown): string;
  /** Sends the preload-only planDroppedUpload operation to main. */
  send(request: DroppedUploadRequest): Promise<IpcResult<UploadPlan>>;
}

const notDroppedFiles: IpcResult<never> = {
  ok: false,
  error: { code: 'invalid_input', message: 'Only files dropped on the window can be uploaded this way. Nothing was uploaded.' },
};

/**
 * window.api.planDroppedUpload: resolves the page's File objects to their
 * local paths here, out of the page's reach, and sends main exactly those
 * paths. The page never sees a path and cannot name one: anything that is not
 * a File refuses the whole request before anything is sent; a File with no
 * local path (an image dragged from a web page) is reported by name.
 */
export async function planDroppedUpload(request: DroppedFilesRequest, { pathForFile, send }: DropPorts): Promise<IpcResult<DroppedUpload>> {
  const files: unknown = (request as Partial<DroppedFilesRequest> | null | undefined)?.files;
  if (!Array.isArray(files) || files.length === 0) return notDroppedFiles;
  const paths: string[] = [];
  const notLocal: string[] = [];
  for (const file of files as unknown[]) {
    let path: unknown;
    try {
      path = pathForFile(file);
    } catch {
      return notDroppedFiles;
    }
    if (typeof path !== 'string') return notDroppedFiles;
    if (path) paths.push(path);
    else notLocal.push(nameOf(file));
  }
  if (paths.length === 0) return { ok: true, value: { plan: null, notLocal } };
  const reply = await send({ bucket: request.bucket, prefix: request.prefix, paths });
  return reply.ok ? { ok: true, value: { plan: reply.value, notLocal } } : reply;
}

function nameOf(file: unknown): string {
  const name = (file as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}
