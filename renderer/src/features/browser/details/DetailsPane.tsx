import { useEffect, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { ObjectDetails } from '../../../../../common/ipc';
import { useObjectDetails } from './useObjectDetails';
import { describeActionError } from '../actionErrors';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import type { ListingEntry } from '../entries';
import { countOf, formatBytes } from '../../../shared/format/formatBytes';
import { formatDateTime } from '../../../shared/format/formatDate';
import { formatStorageClass, isArchiveClass } from '../storageClass';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FileTypeIcon } from '../../../shared/ui/FileTypeIcon';
import { ArchiveIcon, CheckIcon, CopyIcon, FolderIcon } from '../../../shared/ui/Icons';
import { Preview } from './Preview';
import { ShareLinkButton } from '../sharing/ShareLinkButton';
import { RestoreButton } from '../restore/RestoreButton';
import { Spinner } from '../../../shared/ui/Spinner';
import './DetailsPane.css';

interface DetailsPaneProps {
  bucket: string;
  /** The selected entries, in list order. */
  selected: ListingEntry[];
  /** Escape: back to the list. */
  onLeave: () => void;
  paneRef?: Ref<HTMLElement>;
}

/** What is selected: one object's details and preview, a folder, or a count. */
export function DetailsPane({ bucket, selected, onLeave, paneRef }: DetailsPaneProps) {
  const single = selected.length === 1 ? selected[0] : undefined;
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      onLeave();
    }
  };
  return (
    <aside ref={paneRef} className="details" aria-label="Details" tabIndex={-1} onKeyDown={onKeyDown} data-testid="details-pane">
      {single?.kind === 'file' ? (
        <FileDetails key={single.id} bucket={bucket} entry={single} />
      ) : single?.kind === 'folder' ? (
        <FolderDetails key={single.id} bucket={bucket} entry={single} />
      ) : selected.length > 1 ? (
        <SelectionDetails selected={selected} />
      ) : (
        <p className="details__empty" data-testid="details-empty">
          Select a file to see its details and a preview.
        </p>
      )}
    </aside>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="details__field">
      <dt>{label}</dt>
      <dd data-testid={`details-field-${id}`}>{children}</dd>
    </div>
  );
}

function CopyUriButton({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const api = useApi();
  const [state, setState] = useState<{ status: 'idle' | 'busy' | 'copied' } | { status: 'error'; message: string }>({ status: 'idle' });

  useEffect(() => {
    if (state.status !== 'copied') return;
    const timer = setTimeout(() => setState({ status: 'idle' }), 2000);
    return () => clearTimeout(timer);
  }, [state.status]);

  const copy = () => {
    setState({ status: 'busy' });
    handleIpcResult(
      api.copyS3Uri({ bucket, key: objectKey }),
      () => setState({ status: 'copied' }),
      (error) => setState({ status: 'error', message: describeActionError(error, 'copy the S3 URI').detail }),
    );
  };

  return (
    <div className="details__copy">
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={copy}
        disabled={state.status === 'busy'}
        data-copied={state.status === 'copied' ? 'true' : undefined}
        data-testid="copy-s3-uri"
      >
        {state.status === 'copied' ? <CheckIcon /> : <CopyIcon />}
        {state.status === 'copied' ? 'Copied' : 'Copy S3 URI'}
      </button>
      <span className="visually-hidden" role="status">
        {state.status === 'copied' ? 'S3 URI copied to the clipboard' : ''}
      </span>
      {state.status === 'error' ? (
        <p className="details__copy-error" role="alert" data-testid="copy-s3-uri-error">
          Couldn’t copy: {state.message}
        </p>
      ) : null}
    </div>
  );
}

function describeRestore(archive: NonNullable<ObjectDetails['archive']>): string {
  switch (archive.restoreStatus) {
    case 'not-restored':
      return 'Archived — restore it before downloading or previewing';
    case 'restoring':
      return 'Restore in progress';
    case 'restored':
      return archive.restoredUntil ? `Restored until ${formatDateTime(archive.restoredUntil)}` : 'Restored';
  }
}

function FileDetails({ bucket, entry }: { bucket: string; entry: Extract<ListingEntry, { kind: 'file' }> }) {
  const details = useObjectDetails(bucket, entry.object.key);
  const info = details.status === 'ready' ? details.value : null;
  const storageClass = info?.storageClass ?? entry.object.storageClass;
  const metadata = info ? Object.entries(info.metadata) : [];
  return (
    <div className="details__content">
      <header className="details__header">
        <FileTypeIcon name={entry.name} className="details__icon" />
        <h2 className="details__title" title={entry.object.key}>
          {entry.name || '(unnamed)'}
        </h2>
      </header>
      <div className="details__actions">
        <CopyUriButton bucket={bucket} objectKey={entry.object.key} />
        <ShareLinkButton bucket={bucket} objectKey={entry.object.key} name={entry.name} />
        {isArchiveClass(storageClass) ? (
          <RestoreButton
            bucket={bucket}
            objectKey={entry.object.key}
            name={entry.name}
            storageClass={storageClass}
            restoreStatus={info?.archive?.restoreStatus ?? null}
            onRestored={details.retry}
          />
        ) : null}
      </div>
      {details.status === 'error' ? (
        <ErrorNotice
          {...describeActionError(details.error, `show the details of ${entry.name}`)}
          onRetry={details.retry}
          retryLabel="Retry"
          testId="details-error"
        />
      ) : null}
      <dl className="details__fields" aria-busy={details.status === 'loading'}>
        <Field label="Size" id="size">
          {formatBytes(info?.size ?? entry.object.size)}
          {(info?.size ?? entry.object.size) >= 1024 ? (
            <span className="details__muted"> ({(info?.size ?? entry.object.size).toLocaleString()} bytes)</span>
          ) : null}
        </Field>
        <Field label="Last modified" id="modified">
          {formatDateTime(info?.lastModified ?? entry.object.lastModified)}
        </Field>
        <Field label="Storage class" id="class">
          {isArchiveClass(storageClass) ? <ArchiveIcon className="details__archive-icon" /> : null}
          {formatStorageClass(storageClass)}
          {storageClass && formatStorageClass(storageClass) !== storageClass ? (
            <code className="details__code details__muted"> {storageClass}</code>
          ) : null}
        </Field>
        {info?.archive ? (
          <Field label="Restore" id="restore">
            {describeRestore(info.archive)}
            {info.archive.restoreStatus === 'restoring' ? (
              // S3 says nothing when a restore completes: it takes minutes to hours, so the user asks when they like.
              <button type="button" className="button button--secondary button--small details__check" onClick={details.retry} data-testid="details-restore-check">
                Check again
              </button>
            ) : null}
          </Field>
        ) : null}
        <Field label="Content type" id="type">
          {info ? (info.contentType ?? '—') : details.status === 'loading' ? <Spinner /> : '—'}
        </Field>
        <Field label="ETag" id="etag">
          {info ? <code className="details__code">{info.eTag ?? '—'}</code> : details.status === 'loading' ? <Spinner /> : '—'}
        </Field>
        <Field label="S3 URI" id="uri">
          {info ? <code className="details__code">{info.s3Uri}</code> : '—'}
        </Field>
      </dl>
      {metadata.length > 0 ? (
        <section aria-label="Metadata">
          <h3 className="details__heading">Metadata</h3>
          <dl className="details__fields" data-testid="details-metadata">
            {metadata.map(([name, value]) => (
              <Field key={name} label={name} id={`meta-${name}`}>
                {value}
              </Field>
            ))}
          </dl>
        </section>
      ) : null}
      {/* Asked again once a restored copy is readable: the preview said there was none. */}
      <Preview key={info?.archive?.restoreStatus === 'restored' ? 'restored' : 'as-listed'} bucket={bucket} objectKey={entry.object.key} name={entry.name} />
    </div>
  );
}

function FolderDetails({ bucket, entry }: { bucket: string; entry: Extract<ListingEntry, { kind: 'folder' }> }) {
  return (
    <div className="details__content">
      <header className="details__header">
        <FolderIcon className="details__icon object-table__icon--folder" />
        <h2 className="details__title" title={entry.folder.prefix}>
          {entry.name || '(unnamed)'}
        </h2>
      </header>
      <CopyUriButton bucket={bucket} objectKey={entry.folder.prefix} />
      <dl className="details__fields">
        <Field label="Kind" id="kind">
          Folder
        </Field>
        <Field label="Location" id="location">
          <code className="details__code">
            {bucket}/{entry.folder.prefix}
          </code>
        </Field>
      </dl>
      <p className="details__muted">Press Enter to open it.</p>
    </div>
  );
}

function SelectionDetails({ selected }: { selected: ListingEntry[] }) {
  const files = selected.filter((entry) => entry.kind === 'file');
  const folders = selected.length - files.length;
  const bytes = files.reduce((sum, entry) => sum + (entry.kind === 'file' ? entry.object.size : 0), 0);
  const archived = files.filter((entry) => entry.kind === 'file' && entry.archived).length;
  return (
    <div className="details__content" data-testid="details-selection">
      <h2 className="details__title">{countOf(selected.length, 'item', 'items')} selected</h2>
      <dl className="details__fields">
        {files.length > 0 ? (
          <Field label="Files" id="files">
            {countOf(files.length, 'file', 'files')}, {formatBytes(bytes)}
          </Field>
        ) : null}
        {folders > 0 ? (
          <Field label="Folders" id="folders">
            {countOf(folders, 'folder', 'folders')} (sizes counted when downloading or deleting)
          </Field>
        ) : null}
        {archived > 0 ? (
          <Field label="Archived" id="archived">
            {countOf(archived, 'file', 'files')} in archive storage
          </Field>
        ) : null}
      </dl>
    </div>
  );
}
