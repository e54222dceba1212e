import { useRef, useState } from 'react';
import { parentFolder } from '../../../../../common/ipc';
import { RestoreDialog } from './RestoreDialog';
import { archiveClassesOf } from './restoreTiers';

interface RestoreButtonProps {
  bucket: string;
  objectKey: string;
  name: string;
  storageClass: string;
  /** Where its restore stands, once known: a restored copy is extended by asking again; one under way cannot be asked for. */
  restoreStatus: 'not-restored' | 'restoring' | 'restored' | null;
  /** S3 answered and the dialog closed: the details should be asked for again. */
  onRestored: () => void;
}

/**
 * "Restore…" in an archived file's details: opens the restore dialog for it,
 * which closes by itself once the restore has started. The details are asked
 * for again once it has closed, so the dialog is not pulled from under the user.
 */
export function RestoreButton({ bucket, objectKey, name, storageClass, restoreStatus, onRestored }: RestoreButtonProps) {
  const [open, setOpen] = useState(false);
  const answered = useRef(false);
  const close = () => {
    setOpen(false);
    if (answered.current) onRestored();
    answered.current = false;
  };
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setOpen(true)}
        disabled={restoreStatus === 'restoring'}
        title={restoreStatus === 'restoring' ? 'A restore is in progress' : undefined}
        data-testid="details-restore"
      >
        {restoreStatus === 'restored' ? 'Extend restore…' : 'Restore…'}
      </button>
      {open ? (
        <RestoreDialog
          request={{ bucket, keys: [objectKey], prefixes: [], basePrefix: parentFolder(objectKey), what: `“${name}”`, classes: archiveClassesOf([storageClass]) }}
          closeWhenStarted
          onRestored={() => {
            answered.current = true;
          }}
          onClose={close}
        />
      ) : null}
    </>
  );
}
