import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type {
  CreateFolderRequest,
  FolderEntry,
  ObjectDetails,
  ObjectRef,
  Selection,
  SelectionSummary,
} from '../../common/ipc';
import { isArchiveClass, parseRestore } from './archive-status';
import { ServiceError } from '../shared/errors';
import { printableS3Uri } from '../shared/unsafe-characters';
import { isFolderMarker, listRecursive, type ListedObject } from './list-recursive';
import { mapS3Error } from '../aws/s3-errors';
import { describeKeys } from './selected-keys';
import type { SessionClients } from '../aws/session-clients';

export interface ObjectOperationsOptions {
  clients: Pick<SessionClients, 'client'>;
  /** Electron's clipboard in the app: main writes it, so the page needs no clipboard permission. */
  clipboard: { writeText(text: string): void };
}

const SAMPLE_SIZE = 20;

/**
 * What the browser does to objects besides listing them: details, the
 * s3:// address, what a selection holds, creating folders (deleting is a
 * transfer job: main/transfers/delete-job.ts).
 * Folders are expanded by listing them (never a HEAD per object).
 */
export class ObjectOperations {
  private readonly clients: Pick<SessionClients, 'client'>;
  private readonly clipboard: { writeText(text: string): void };

  constructor(options: ObjectOperationsOptions) {
    this.clients = options.clients;
    this.clipboard = options.clipboard;
  }

  async headObject(ref: ObjectRef): Promise<ObjectDetails> {
    const { s3 } = this.clients.client();
    const { bucket, key } = ref;
    try {
      const reply = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const storageClass = reply.StorageClass ?? 'STANDARD';
      const needsRestore = isArchiveClass(storageClass) || reply.ArchiveStatus !== undefined;
      return {
        bucket,
        key,
        s3Uri: s3Uri(ref),
        size: reply.ContentLength ?? 0,
        contentType: reply.ContentType ?? null,
        eTag: reply.ETag ?? null,
        storageClass,
        lastModified: reply.LastModified ? reply.LastModified.toISOString() : null,
        metadata: Object.fromEntries(Object.entries(reply.Metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
        archive: needsRestore ? parseRestore(reply.Restore) : null,
      };
    } catch (error) {
      throw mapS3Error(error, { action: 'read', bucket, key });
    }
  }

  /** Copies the object's s3:// address with its dangerous characters percent-encoded (printableS3Uri). */
  async copyS3Uri(ref: ObjectRef): Promise<string> {
    const uri = printableS3Uri(ref);
    this.clipboard.writeText(uri);
    return uri;
  }

  /** Counts what a selection holds. Empty-folder markers are not counted: nobody sees them as objects. */
  async summarize(selection: Selection): Promise<SelectionSummary> {
    const { s3 } = this.clients.client();
    const summary: SelectionSummary = { objectCount: 0, totalBytes: 0, archived: { count: 0, bytes: 0, storageClasses: [] }, sample: [] };
    const archivedClasses = new Set<string>();
    const add = (object: ListedObject) => {
      if (isFolderMarker(object)) return;
      summary.objectCount += 1;
      summary.totalBytes += object.size;
      if (object.archived) {
        summary.archived.count += 1;
        summary.archived.bytes += object.size;
        archivedClasses.add(object.storageClass);
      }
      if (summary.sample.length < SAMPLE_SIZE) summary.sample.push(object.key);
    };
    await this.forEachSelected(s3, selection, add);
    summary.archived.storageClasses = [...archivedClasses].sort();
    return summary;
  }

  /** An empty "name/" object: how S3 consoles make a folder that has nothing in it yet. */
  async createFolder(request: CreateFolderRequest): Promise<FolderEntry> {
    const { s3 } = this.clients.client();
    const { bucket, prefix } = request;
    const name = request.name.trim();
    const folder = `${prefix}${name}/`;
    try {
      const existing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, MaxKeys: 1 }));
      if ((existing.KeyCount ?? existing.Contents?.length ?? 0) > 0) {
        throw new ServiceError('already_exists', `A folder named “${name}” already exists here.`);
      }
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: folder, Body: '', ContentLength: 0 }));
    } catch (error) {
      throw mapS3Error(error, { action: 'create a folder in', bucket, prefix });
    }
    return { prefix: folder, name };
  }

  private async forEachSelected(s3: S3Client, selection: Selection, visit: (object: ListedObject) => void): Promise<void> {
    const { bucket } = selection;
    if (selection.keys.length > 0) {
      try {
        const { found } = await describeKeys(s3, bucket, selection.keys);
        found.forEach(visit);
      } catch (error) {
        throw mapS3Error(error, { action: 'read', bucket, prefix: commonFolder(selection.keys) });
      }
    }
    for (const prefix of selection.prefixes) {
      try {
        for await (const object of listRecursive(s3, bucket, prefix)) visit(object);
      } catch (error) {
        throw mapS3Error(error, { action: 'list', bucket, prefix });
      }
    }
  }
}

export function s3Uri(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}`;
}


/** The folder part shared by keys, to say where something failed. */
function commonFolder(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let shared = keys[0]!;
  for (const key of keys) {
    let i = 0;
    while (i < shared.length && i < key.length && shared[i] === key[i]) i++;
    shared = shared.slice(0, i);
  }
  return shared.slice(0, shared.lastIndexOf('/') + 1);
}
