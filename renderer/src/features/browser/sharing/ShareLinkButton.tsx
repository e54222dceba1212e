import { useState } from 'react';
import { ShareLinkDialog } from './ShareLinkDialog';

interface ShareLinkButtonProps {
  bucket: string;
  objectKey: string;
  name: string;
}

/** "Share link…" in a file's details: opens the dialog that copies a link to it (focus comes back here when it closes). */
export function ShareLinkButton({ bucket, objectKey, name }: ShareLinkButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--secondary button--small" onClick={() => setOpen(true)} data-testid="share-link">
        Share link…
      </button>
      {open ? <ShareLinkDialog bucket={bucket} objectKey={objectKey} name={name} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
