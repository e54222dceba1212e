import type { Dispatch, SetStateAction } from 'react';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { describeActionError } from '../actionErrors';
import type { FileListingEntry } from '../entries';
import type { FolderNotice } from './useFolderActions';

/**
 * "Open": main downloads the file into a private folder and hands it to the
 * application the system opens such files with. Meanwhile the folder says
 * so (the download itself is in the transfers panel); once it is open the
 * notice goes, and a failure (archived, gone, no application) replaces it.
 */
export function useOpenFile(bucket: string, setNotice: Dispatch<SetStateAction<FolderNotice>>) {
  const api = useApi();
  return (entry: FileListingEntry) => {
    const opening: FolderNotice = { title: `Opening “${entry.name}”…`, detail: 'It is downloaded first: the transfers panel shows how far it got.', tone: 'info' };
    setNotice(opening);
    // Only this notice goes: one that took its place meanwhile is about something else.
    const clear = () => setNotice((current) => (current === opening ? null : current));
    handleIpcResult(api.openObject({ bucket, key: entry.object.key }), clear, (error) =>
      setNotice({ ...describeActionError(error, `open “${entry.name}”`), tone: 'error' }),
    );
  };
}
