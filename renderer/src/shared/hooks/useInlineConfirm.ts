import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * State for an inline "are you sure?" that replaces the button asking it.
 * After confirming, the question stays (busy) until the action settles; when
 * it closes without the row going away, focus goes back to the button.
 */
export function useInlineConfirm(busy: boolean) {
  const [asking, setAsking] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirmed && !busy) {
      setConfirmed(false);
      setAsking(false);
      returnFocus.current = true;
    }
  }, [confirmed, busy]);

  useEffect(() => {
    if (!asking && returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [asking]);

  const ask = useCallback(() => setAsking(true), []);
  const cancel = useCallback(() => {
    returnFocus.current = true;
    setAsking(false);
  }, []);
  const confirm = useCallback((action: () => void) => {
    setConfirmed(true);
    action();
  }, []);

  return { asking, triggerRef, ask, cancel, confirm };
}
