/**
 * When the page may be going away, and what that means for unsent batches.
 */
import type { SafeCallback } from "../../safe-callback.ts";

/**
 * Called with `final` when the page is being discarded (`pagehide` outside the back/forward cache), and
 * `keepForNextPage` when what cannot leave now should wait in the outbox (`pagehide`; a hidden tab may
 * still come back, so there nothing is stored).
 */
export type OnPageHide = (final: boolean, keepForNextPage: boolean) => void;

/** Listens for `pagehide` and for the tab becoming hidden; returns the function that stops listening. */
export function listenForPageHide(safe: SafeCallback, onHide: OnPageHide): () => void {
  const onPageHide = safe.wrap("pagehide", (e: PageTransitionEvent) => onHide(!e.persisted, true));
  const onVisibility = safe.wrap("visibilitychange", () => {
    if (document.visibilityState === "hidden") onHide(false, false);
  });
  addEventListener("pagehide", onPageHide);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    removeEventListener("pagehide", onPageHide);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
