/**
 * What the page changes while the first snapshot is taken in slices: DOM mutations, and form fields typed
 * into, which change no attribute.
 */

/** Reports each node the page changes (`onChange`) until the returned stop is called. */
export type WatchChanges = (doc: Document, onChange: (node: Node) => void) => {
  /** Also watches inside this shadow root (a document's observer does not see into one). */
  addShadowRoot(root: ShadowRoot): void;
  /** Reports what is still pending, then stops. */
  stop(): void;
};

const OBSERVED: MutationObserverInit = {
  childList: true,
  attributes: true,
  characterData: true,
  subtree: true,
};

/** Watches with a MutationObserver, plus `input`/`change` for form values. */
export const watchChanges: WatchChanges = (doc, onChange) => {
  const observer = new MutationObserver((records) => {
    for (const record of records) onChange(record.target);
  });
  observer.observe(doc, OBSERVED);
  const onInput = (event: Event): void => {
    if (event.target instanceof Node) onChange(event.target);
  };
  doc.addEventListener("input", onInput, true);
  doc.addEventListener("change", onInput, true);
  return {
    addShadowRoot(root) {
      observer.observe(root, OBSERVED);
    },
    stop() {
      for (const record of observer.takeRecords()) onChange(record.target);
      observer.disconnect();
      doc.removeEventListener("input", onInput, true);
      doc.removeEventListener("change", onInput, true);
    },
  };
};
