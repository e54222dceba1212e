import { SelectionDialog } from './SelectionDialog';
import { UploadPlanDialog } from './UploadPlanDialog';
import type { FolderActions } from './useFolderActions';
import { describeLocation, type StartPlace } from '../placeNames';

/** The dialog a folder action opened, if any: an upload plan to confirm, or a download or delete. */
export function FolderDialogs({ actions, place }: { actions: FolderActions; place: StartPlace }) {
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
