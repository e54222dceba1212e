import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export interface Popover {
  open: boolean;
  toggle: () => void;
  /** Closes; with `restoreFocus`, puts focus back on the button that opened it. */
  close: (restoreFocus?: boolean) => void;
  triggerRef: RefObject<HTMLButtonElement | null>;
  panelRef: RefObject<HTMLDivElement | null>;
}

/**
 * A panel hanging off a button, closed the way desktop menus close: Escape
 * (focus back on the button), a click anywhere else, or focus moving
 * elsewhere with Tab. Listening on the document catches Escape even when
 * a click inside the panel has left focus on the page body.
 */
export function usePopover(): Popover {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const close = useCallback((restoreFocus = false) => {
    setOpen(false);
    if (restoreFocus) triggerRef.current?.focus();
  }, []);
  const toggle = useCallback(() => setOpen((was) => !was), []);

  useEffect(() => {
    if (!open) return;
    const inside = (target: EventTarget | null) =>
      target instanceof Node && (panelRef.current?.contains(target) || triggerRef.current?.contains(target));

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        close(true);
      }
    };
    const onMouseDown = (event: MouseEvent) => {
      if (!inside(event.target)) close();
    };
    const onFocusIn = (event: FocusEvent) => {
      if (!inside(event.target)) close();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('mousedown', onMouseDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('mousedown', onMouseDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [open, close]);

  // Keyboard users land inside the panel, on its first control.
  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>('button:not(:disabled), [tabindex="0"]')?.focus();
  }, [open]);

  return { open, toggle, close, triggerRef, panelRef };
}
