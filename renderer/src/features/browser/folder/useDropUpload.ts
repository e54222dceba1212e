import { useState, type DragEvent } from 'react';
import { countOf } from '../../../shared/format/formatBytes';
import { useApi } from '../../../shared/ipc/api';
import type { ListingEntry } from '../entries';
import type { FolderNotice } from './useFolderActions';

interface DropUploadOptions {
  prefix: string;
  visible: ListingEntry[];
  setNotice: (notice: FolderNotice) => void;
  /** Uploads the local `paths` dropped into `into`. */
  uploadPaths: (into: string, paths: string[]) => void;
}

const carriesFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

function notLocalNotice(names: string[]): FolderNotice {
  return {
    title:
      names.length === 1
        ? `“${names[0]}” isn’t a file on this computer, so it can’t be uploaded`
        : `${countOf(names.length, 'item isn’t a file', 'items aren’t files')} on this computer, so they can’t be uploaded`,
    detail: 'Drag files or folders from your file manager instead.',
    tone: 'warning',
  };
}

/**
 * Files dragged from the file manager onto the folder: into this folder, or
 * into the folder row they are dropped on. Only files with a local path can
 * be uploaded (not, say, an image dragged from a web page).
 */
export function useDropUpload({ prefix, visible, setNotice, uploadPaths }: DropUploadOptions) {
  const api = useApi();
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
    const paths: string[] = [];
    const notLocal: string[] = [];
    for (const file of [...event.dataTransfer.files]) {
      const path = api.getPathForFile(file);
      if (path) paths.push(path);
      else notLocal.push(file.name || 'An item');
    }
    setNotice(notLocal.length > 0 ? notLocalNotice(notLocal) : null);
    if (paths.length > 0) uploadPaths(into, paths);
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
