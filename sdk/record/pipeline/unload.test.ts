import { afterEach, describe, expect, it, vi } from "vitest";
import { createSafeCallback } from "../../safe-callback.ts";
import { listenForPageHide } from "./unload.ts";

/** `window` and `document` listeners over plain targets, as a page has them. */
function fakePage() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
  vi.stubGlobal("addEventListener", win.addEventListener.bind(win));
  vi.stubGlobal("removeEventListener", win.removeEventListener.bind(win));
  vi.stubGlobal("document", doc);
  const pageHide = (persisted: boolean) =>
    win.dispatchEvent(Object.assign(new Event("pagehide"), { persisted }));
  const visibility = (state: string) => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event("visibilitychange"));
  };
  return { pageHide, visibility };
}

describe("listenForPageHide", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("tells a page being discarded from one entering the back/forward cache and from a hidden tab", () => {
    const page = fakePage();
    const calls: Array<[boolean, boolean]> = [];
    const stop = listenForPageHide(
      createSafeCallback(() => undefined),
      (final, keep) => calls.push([final, keep]),
    );
    page.pageHide(false);
    page.pageHide(true);
    page.visibility("hidden");
    page.visibility("visible");
    expect(calls).toEqual([[true, true], [false, true], [false, false]]);
    stop();
    page.pageHide(false);
    page.visibility("hidden");
    expect(calls).toHaveLength(3);
  });
});
