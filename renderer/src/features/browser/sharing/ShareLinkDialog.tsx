import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { IpcError, ShareLinkCopied } from '../../../../../common/ipc';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import { DEFAULT_SHARE_LINK_SECONDS, SHARE_LINK_DURATIONS, type ShareLinkDuration } from './shareLinkDurations';
import { describeCopiedLink, describeShareError } from './shareLinkWording';
import './ShareLinkDialog.css';

type Phase =
  | { step: 'choosing'; error: IpcError | null }
  | { step: 'copying' }
  | { step: 'copied'; copied: ShareLinkCopied; chosen: ShareLinkDuration };

interface ShareLinkDialogProps {
  bucket: string;
  objectKey: string;
  /** The file's name, for the title and messages. */
  name: string;
  onClose: () => void;
}

/**
 * Copies a link anyone can download one file with: the user picks how long
 * it should work, main signs it and puts it on the clipboard (the page never
 * sees it), and the dialog says until when it really works — sooner than
 * chosen when the session's temporary credentials expire first.
 */
export function ShareLinkDialog({ bucket, objectKey, name, onClose }: ShareLinkDialogProps) {
  const api = useApi();
  const group = useId();
  const [seconds, setSeconds] = useState(DEFAULT_SHARE_LINK_SECONDS);
  const [phase, setPhase] = useState<Phase>({ step: 'choosing', error: null });
  const doneRef = useRef<HTMLButtonElement>(null);
  const chosenRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (phase.step === 'copied') doneRef.current?.focus();
    // After a failure, back on the choice, ready to try again.
    if (phase.step === 'choosing' && phase.error) chosenRef.current?.focus();
  }, [phase]);

  const copy = () => {
    if (phase.step === 'copying') return;
    const chosen = SHARE_LINK_DURATIONS.find((duration) => duration.seconds === seconds) ?? SHARE_LINK_DURATIONS[0]!;
    setPhase({ step: 'copying' });
    handleIpcResult(
      api.copyShareLink({ bucket, key: objectKey, expiresInSeconds: chosen.seconds }),
      (copied) => setPhase({ step: 'copied', copied, chosen }),
      (error) => setPhase({ step: 'choosing', error }),
    );
  };

  const onChoicesKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    copy();
  };

  const copying = phase.step === 'copying';
  const title = `Share “${name}”`;

  if (phase.step === 'copied') {
    const view = describeCopiedLink(phase.copied, phase.chosen);
    return (
      <Dialog
        title={title}
        footer={
          <button ref={doneRef} type="button" className="button button--primary" onClick={onClose} data-autofocus data-testid="share-done">
            Done
          </button>
        }
        onClose={onClose}
        testId="share-dialog"
      >
        <p className="share-link__result" role="status" data-testid="share-result">
          {view.title}
        </p>
        {view.cappedReason ? (
          <p className="share-link__capped" data-testid="share-capped">
            {view.cappedReason}
          </p>
        ) : null}
        <p className="dialog__muted">Anyone who has the link can download the file until then. It is on your clipboard only: S3 Desk doesn’t keep it.</p>
      </Dialog>
    );
  }

  const error = phase.step === 'choosing' ? phase.error : null;
  const footer = (
    <>
      <button type="button" className="button button--secondary" onClick={onClose} disabled={copying} data-testid="share-cancel">
        Cancel
      </button>
      <button type="button" className="button button--primary" onClick={copy} disabled={copying} aria-busy={copying} data-testid="share-copy">
        {copying ? <Spinner /> : null}
        {copying ? 'Copying…' : 'Copy link'}
      </button>
    </>
  );

  return (
    <Dialog title={title} footer={footer} onClose={onClose} busy={copying} testId="share-dialog">
      <p>Anyone who has the link can download this file, without signing in, until the link expires.</p>
      <fieldset className="share-link__choices" onKeyDown={onChoicesKeyDown} disabled={copying}>
        <legend className="share-link__legend">Link works for</legend>
        {SHARE_LINK_DURATIONS.map((duration) => {
          const checked = duration.seconds === seconds;
          return (
            <label key={duration.seconds} className="share-link__choice">
              <input
                ref={checked ? chosenRef : undefined}
                type="radio"
                name={group}
                value={duration.seconds}
                checked={checked}
                onChange={() => setSeconds(duration.seconds)}
                data-autofocus={checked ? true : undefined}
              />
              {duration.label}
            </label>
          );
        })}
      </fieldset>
      <p className="dialog__muted" data-testid="share-explanation">
        The link is signed with this session’s temporary AWS credentials, so it stops working when they expire, even if that is sooner than you
        choose. You’ll see the exact time once it’s copied.
      </p>
      {error ? <ErrorNotice {...describeShareError(error, name)} testId="share-error" /> : null}
    </Dialog>
  );
}
