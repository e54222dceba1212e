import { z } from 'zod';
import { bucketNameSchema, folderPrefixSchema, handleIdSchema, isSomethingSelected, objectKeySchema, selectedObjectsSchema } from './browse';

/**
 * Server-side copies, moves and renames: S3 copies the bytes itself
 * (CopyObject, UploadPartCopy), nothing passes through this computer. Each is
 * planned first (what goes, how much, which names clash at the destination),
 * then started with the user's answer to the clashes, and runs as a job in the
 * transfer list (direction 'copy' or 'move'), cancelled and retried like any other.
 */

/** The folder an object or a folder prefix is in: "a/b/c.txt" → "a/b/", "a/b/" → "a/", "c.txt" → "". */
export function parentFolder(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/** Whether every selected item sits in the same folder: each keeps its own name at the destination, so two could not land on one key. */
export const isInOneFolder = (selection: { keys: string[]; prefixes: string[] }) =>
  new Set([...selection.keys, ...selection.prefixes].map(parentFolder)).size <= 1;

/** A new name for one file or folder: what the user types, so trimmed, and never a path. */
export const itemNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(255)
  .refine((name) => !name.includes('/'), 'A name cannot contain "/".')
  .refine((name) => name !== '.' && name !== '..', 'A name cannot be "." or "..".');

export const copyModeSchema = z.enum(['copy', 'move']);

export const planCopyRequestSchema = selectedObjectsSchema
  .extend({
    mode: copyModeSchema,
    /** Any bucket the session can reach: the same one or another. */
    destinationBucket: bucketNameSchema,
    /** The folder the selected items go into, keeping their names. */
    destinationPrefix: folderPrefixSchema,
  })
  .strict()
  .refine(isSomethingSelected, 'nothing is selected')
  .refine(isInOneFolder, 'the selected items are not in one folder');

export const planRenameRequestSchema = z
  .object({
    bucket: bucketNameSchema,
    /** The file's key, or the folder's prefix (ending in "/"). */
    from: objectKeySchema,
    newName: itemNameSchema,
  })
  .strict();

/** What to do where a destination key already exists: replace it, leave it (and the source) alone, or copy beside it as "name (1).ext". */
export const clashChoiceSchema = z.enum(['replace', 'skip', 'keep-both']);

export const startCopyRequestSchema = z
  .object({
    planId: handleIdSchema,
    /** Applies to every clash of the plan; a plan without clashes takes any. */
    clashes: clashChoiceSchema,
  })
  .strict();

export type CopyMode = z.infer<typeof copyModeSchema>;
export type ClashChoice = z.infer<typeof clashChoiceSchema>;
export type PlanCopyRequest = z.infer<typeof planCopyRequestSchema>;
export type PlanRenameRequest = z.infer<typeof planRenameRequestSchema>;
export type StartCopyRequest = z.infer<typeof startCopyRequestSchema>;

/** A copy, move or rename ready to start: what the confirmation shows. */
export interface CopyPlan {
  planId: string;
  mode: CopyMode;
  /** The bucket and folder the selection is in. */
  sourceBucket: string;
  sourcePrefix: string;
  destinationBucket: string;
  destinationPrefix: string;
  /** Objects that go (empty-folder markers go along, uncounted, as in summarize), and their bytes. */
  objectCount: number;
  totalBytes: number;
  /** Destination keys that already exist (first 20), for the clash prompt; clashCount says how many there are. */
  clashes: string[];
  clashCount: number;
  /** Objects in an archive storage class: they copy only while a restored copy exists. */
  archivedCount: number;
}
