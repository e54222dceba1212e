import { useState, type DragEvent } from 'react';
import type { ListingEntry } from '../entries';

interface DropUploadOptions {
  prefix: string;
  visible: ListingEntry[];
  /** Uploads the `files` dropped into `into` (useFolderActions: preload resolves their paths, never the page). */
  uploadDropped: (into: string, files: File[]) => void;
}

const carriesFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/**
 * Files dragged from the file manager onto the folder: into this folder, or
 * into the folder row they are dropped on. Only files with a local path can
 * be uploaded (not, say, an image dragged from a web page): preload tells
 * which, as the page cannot see a File's path.
 */
export function useDropUpload({ prefix, visible, uploadDropped }: DropUploadOptions) {
  const [dragOver, setDragOver] = useState(false);
  const [dropTargetIndex, setDropTargetIndex] = useState(-1);

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!dragOver) setDragOver(true);
  };

  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setDragOver(false);
    setDropTargetIndex(-1);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const target = visible[dropTargetIndex];
    const into = target?.kind === 'folder' ? target.folder.prefix : prefix;
    setDragOver(false);
    setDropTargetIndex(-1);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) uploadDropped(into, files);
  };

  /** The folder row files would land in, if not this folder. */
  const dropTarget = dragOver ? visible[dropTargetIndex] : undefined;

  return {
    dragOver,
    dropTargetIndex: dragOver ? dropTargetIndex : -1,
    dropTargetFolder: dropTarget?.kind === 'folder' ? dropTarget : undefined,
    onRowDragOver: (index: number | null) => setDropTargetIndex(index ?? -1),
    zoneHandlers: { onDragEnter: onDragOver, onDragOver, onDragLeave, onDrop },
  };
}
