import { ArrowRightIcon, WarningIcon } from '../../../shared/ui/Icons';
import { describeLocation, type StartPlace } from '../placeNames';
import { asBreadcrumb } from './itemNames';
import { PasteDialog } from './PasteDialog';
import type { DragHint, DragMove } from './useDragMove';

interface DragMoveDialogProps {
  bucket: string;
  place: StartPlace;
  move: DragMove;
}

/** The plan of a move by drag, confirmed as a Cut and Paste into the folder dropped on would be. */
export function DragMoveDialog({ bucket, place, move }: DragMoveDialogProps) {
  const { pending } = move;
  if (!pending) return null;
  return (
    <PasteDialog
      clipboard={pending.items}
      bucket={bucket}
      prefix={pending.into}
      where={asBreadcrumb(describeLocation(place, bucket, pending.into))}
      onStarted={(job) => move.moveStarted(job, pending)}
      onClose={move.closeMove}
    />
  );
}

/** Under the pointer's path while rows are dragged: where they would go, or why they can't. Shown, not read: Cut and Paste is the way without a mouse. */
export function DragMoveHint({ hint }: { hint: DragHint | null }) {
  if (!hint) return null;
  return (
    <div className="drop-zone__hint" aria-hidden="true" data-testid="move-hint">
      {hint.kind === 'refused' ? <WarningIcon /> : <ArrowRightIcon />}
      {hint.kind === 'into' ? `Move to ${hint.name}` : hint.kind === 'refused' ? hint.title : 'Drop onto a folder to move into it'}
    </div>
  );
}
