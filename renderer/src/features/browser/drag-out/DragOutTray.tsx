import { useEffect, useRef } from 'react';
import { CloseIcon, FileIcon, WarningIcon } from '../../../shared/ui/Icons';
import { Spinner } from '../../../shared/ui/Spinner';
import { describeProgress, progressFraction } from '../../transfers/transfers';
import { describeActionError } from '../actionErrors';
import { chipLabel, readyTitle, skippedNote } from './dragOutWording';
import type { DragOut } from './useDragOut';
import './DragOutTray.css';

/** What "Couldn’t …" says went wrong, by the step that failed. */
const GOALS = {
  prepare: (what: string) => `prepare ${what} for dragging`,
  drag: (what: string) => `drag out ${what}`,
  reveal: (what: string) => `show ${what} in the file manager`,
};

/**
 * The floating drag-out tray above the status bar: "Preparing 3 items…" with
 * the download's progress and Cancel; then a chip to drag to the desktop or a
 * folder, with "Show in folder" for a keyboard; or why there is nothing to
 * drag. Escape closes it (cancelling a download still running). Focus moves
 * into it when it opens and goes back where it was when it closes.
 */
export function DragOutTray({ dragOut }: { dragOut: DragOut }) {
  const { tray, job, close, startDrag, reveal } = dragOut;
  const trayRef = useRef<HTMLDivElement>(null);
  const showRef = useRef<HTMLButtonElement>(null);
  const open = tray !== null;
  const phase = tray?.phase ?? null;

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    trayRef.current?.focus();
    return () => {
      // Only when focus was here: a user who clicked elsewhere meanwhile keeps their place.
      const inTray = document.activeElement === document.body || document.activeElement === null;
      if (inTray && previous?.isConnected) previous.focus();
    };
  }, [open]);

  // Ready: the keyboard's way out of the tray is "Show in folder", where the Cancel that had focus was.
  useEffect(() => {
    if (phase !== 'ready') return;
    const active = document.activeElement;
    if (active === document.body || active === null || trayRef.current?.contains(active)) showRef.current?.focus();
  }, [phase]);

  // Escape closes it from anywhere nothing else took the key (a dialog, a menu, the filter, the list's own Escape).
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('[role="dialog"], [role="alertdialog"], [role="menu"], input, textarea')) return;
      event.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, close]);

  if (!tray) return null;

  const closeButton = (label: string) => (
    <button type="button" className="icon-button drag-out__close" onClick={close} aria-label={label} title={`${label} (Esc)`} data-testid="drag-out-close">
      <CloseIcon />
    </button>
  );

  let body;
  switch (tray.phase) {
    case 'preparing': {
      const fraction = job ? progressFraction(job) : 0;
      body = (
        <>
          <div className="drag-out__line">
            <Spinner />
            <p className="drag-out__title" role="status">
              Preparing {tray.what}…
            </p>
            <button type="button" className="button button--secondary button--small" onClick={close} data-testid="drag-out-cancel">
              Cancel
            </button>
          </div>
          <div
            className="drag-out__bar"
            role="progressbar"
            aria-label={`Preparing ${tray.what}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <div className="drag-out__fill" style={{ transform: `scaleX(${fraction})` }} />
          </div>
          <p className="drag-out__detail">{job ? describeProgress(job) : 'Starting the download…'}</p>
        </>
      );
      break;
    }
    case 'ready': {
      const note = skippedNote(tray.skipped);
      body = (
        <>
          <div className="drag-out__line">
            <p className="drag-out__title" role="status">
              {readyTitle(tray.names)}
            </p>
            {closeButton('Close')}
          </div>
          <div
            className="drag-out__chip"
            draggable
            onDragStart={startDrag}
            title={tray.names.join('\n')}
            data-testid="drag-out-chip"
          >
            <FileIcon className="drag-out__chip-icon" />
            <span className="drag-out__chip-label">{chipLabel(tray.names)}</span>
            {tray.names.length > 1 ? (
              <span className="drag-out__chip-count" aria-hidden="true">
                {tray.names.length.toLocaleString()}
              </span>
            ) : null}
            <span className="visually-hidden">: {tray.names.join(', ')}. Drag with the mouse, or use Show in folder.</span>
          </div>
          {note ? <p className="drag-out__detail">{note}</p> : null}
          <div className="drag-out__actions">
            <button ref={showRef} type="button" className="button button--secondary button--small" onClick={reveal} data-testid="drag-out-reveal">
              Show in folder
            </button>
          </div>
        </>
      );
      break;
    }
    case 'failed': {
      const view = describeActionError(tray.error, GOALS[tray.during](tray.what));
      body = (
        <div className="drag-out__line drag-out__line--top">
          <WarningIcon className="drag-out__warning" />
          <div className="drag-out__text" role="alert">
            <p className="drag-out__title">{view.title}</p>
            <p className="drag-out__detail">{view.detail}</p>
          </div>
          {closeButton('Close')}
        </div>
      );
      break;
    }
    case 'cancelled':
      body = (
        <div className="drag-out__line drag-out__line--top">
          <div className="drag-out__text" role="status">
            <p className="drag-out__title">Drag out cancelled</p>
            <p className="drag-out__detail">The download of {tray.what} was cancelled, so there is nothing to drag.</p>
          </div>
          {closeButton('Close')}
        </div>
      );
      break;
  }

  return (
    <div className="drag-out-anchor">
      <div
        ref={trayRef}
        className={`drag-out drag-out--${tray.phase}`}
        role="group"
        aria-label="Drag out"
        tabIndex={-1}
        data-testid="drag-out-tray"
        data-phase={tray.phase}
      >
        {body}
      </div>
    </div>
  );
}
