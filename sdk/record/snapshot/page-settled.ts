/**
 * When the recorder may take its first full snapshot without paying for the page's own first layout.
 *
 * rrweb serializes the document in one synchronous run and reads layout (scroll offsets) while doing so.
 * Started while the parser is still running, or before the first frame, that run also pays for parsing the
 * rest of the document and for the layout the browser was about to do anyway; on a 3,000-element page under
 * a ×4 CPU throttle that added about 80 ms to the recorder's task. So the recorder starts once the document
 * is parsed and one frame has been produced. A hidden tab produces no frames, so there a short timer decides.
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
