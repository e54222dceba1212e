import { PasteDialog } from './PasteDialog';
import { RenameDialog } from './RenameDialog';
import { SelectionDialog } from './SelectionDialog';
import { ShareLinkDialog } from '../sharing/ShareLinkDialog';
import { RestoreDialog } from '../restore/RestoreDialog';
import { UploadPlanDialog } from './UploadPlanDialog';
import { asBreadcrumb } from './itemNames';
import type { CopyPasteActions } from './useCopyPaste';
import type { FolderActions } from './useFolderActions';
import { describeLocation, type StartPlace } from '../placeNames';

interface FolderDialogsProps {
  bucket: string;
  prefix: string;
  actions: FolderActions;
  copies: CopyPasteActions;
  place: StartPlace;
}

/** The dialog a folder action opened, if any: an upload plan to confirm, a download or delete, a rename, a share link or a paste. */
export function FolderDialogs({ bucket, prefix, actions, copies, place }: FolderDialogsProps) {
  const { dialog, setDialog, started, deleteStarted } = actions;
  const close = () => setDialog(null);
  if (dialog?.kind === 'upload') {
    return (
      <UploadPlanDialog
        plan={dialog.plan}
        where={describeLocation(place, dialog.plan.bucket, dialog.plan.prefix)}
        onStarted={(job) => {
          close();
          started(job);
        }}
        onClose={close}
      />
    );
  }
  if (dialog?.kind === 'rename') {
    return (
      <RenameDialog
        bucket={bucket}
        entry={dialog.entry}
        onStarted={(job) => {
          close();
          started(job);
        }}
        onClose={close}
      />
    );
  }
  if (dialog?.kind === 'share') {
    return <ShareLinkDialog bucket={bucket} objectKey={dialog.entry.object.key} name={dialog.entry.name} onClose={close} />;
  }
  if (dialog?.kind === 'restore') return <RestoreDialog request={dialog.request} onClose={close} />;
  if (dialog?.kind === 'paste') {
    const { clipboard } = dialog;
    return (
      <PasteDialog
        clipboard={clipboard}
        bucket={bucket}
        prefix={prefix}
        where={asBreadcrumb(describeLocation(place, bucket, prefix))}
        onStarted={(job) => {
          close();
          copies.pasteStarted(job, clipboard);
        }}
        onClose={close}
      />
    );
  }
  if (!dialog) return null;
  return (
    <SelectionDialog
      kind={dialog.kind}
      request={dialog.request}
      onClose={close}
      onDownloadStarted={started}
      onDeleteStarted={deleteStarted}
    />
  );
}
