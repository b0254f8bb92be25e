/**
 * When the recorder may take its first full snapshot: once the document is parsed and one frame has been
 * produced (a short timer decides in a hidden tab, which produces none). Started earlier, the snapshot also
 * paid for parsing and the first layout: about 80 ms more on a 3,000-element page under a ×4 CPU throttle.
 */

/** Longest wait for a frame before recording starts anyway (a busy or throttled page). */
const FRAME_WAIT_CAP_MS = 500;

/** Resolves after DOMContentLoaded and the frame after it, or at once in a document that renders nothing. */
export function pageSettled(doc: Document = document): Promise<void> {
  return new Promise((resolve) => {
    const afterFrame = (): void => {
      if (doc.visibilityState === "hidden" || typeof requestAnimationFrame !== "function") {
        resolve();
        return;
      }
      const cap = setTimeout(resolve, FRAME_WAIT_CAP_MS);
      // rAF runs before the frame's layout and paint; the timer after it runs once they are done.
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(cap);
          resolve();
        }, 0)
      );
    };
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", afterFrame, { once: true });
    else afterFrame();
  });
}
