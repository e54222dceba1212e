/**
 * An AbortController that also aborts, with the same reason, when `parent`
 * does, until `release()` detaches it. Per request of a download this is what
 * AbortSignal.any([parent, own]) gives, without the weak references and
 * finalizer that any() keeps for every signal it makes: a folder of 5,000
 * small files made 5,000 of them.
 */
export interface ChildAbort {
  controller: AbortController;
  signal: AbortSignal;
  /** Stops listening to the parent; call it once the work the signal guards has ended. */
  release(): void;
}

export function childAbort(parent: AbortSignal): ChildAbort {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, signal: controller.signal, release: () => {} };
  }
  const forward = () => controller.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  return { controller, signal: controller.signal, release: () => parent.removeEventListener('abort', forward) };
}
