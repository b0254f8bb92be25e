/**
 * Navigations and form submits, which rrweb does not record (SPEC §2):
 * - the full load, then SPA changes through `pushState`, `replaceState`, `popstate` and `hashchange`, each
 *   as `rerun.navigation` with the stripped URL. A change that leaves the stripped URL as it was (only the
 *   query or hash moved) is not a new page and is skipped.
 * - submit attempts, from a capture-phase listener on `window`, which runs before any page handler, so an
 *   attempt is recorded even when the page calls `preventDefault` or stops propagation.
 */
import {
  type NavigationPayload,
  SDK_EVENT_TAG,
  type SubmitPayload,
  type VisibilityPayload,
} from "../../../shared/events.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import { currentStrippedUrl } from "../../privacy/url.ts";
import { selectorFor } from "./selector.ts";

/** Emits one SDK event with its tag and payload. */
export type EmitSdkEvent = (tag: string, payload: unknown, userActivity: boolean) => void;

type HistoryMethod = "pushState" | "replaceState";

/**
 * Starts recording navigations; the returned function restores `history` and removes listeners. `nodeIdOf`
 * is rrweb's id of a node (-1 when unknown), so a submit names its form by node as well as by selector.
 */
export function startNavigationRecording(
  opts: { emit: EmitSdkEvent; safe: SafeCallback; nodeIdOf?: (node: Node) => number },
): () => void {
  const withNodeId = (payload: SubmitPayload, form: HTMLFormElement): SubmitPayload => {
    const nodeId = opts.nodeIdOf?.(form) ?? -1;
    return nodeId >= 0 ? { ...payload, nodeId } : payload;
  };
  let lastUrl = "";
  const record = (kind: NavigationPayload["kind"]): void => {
    const url = currentStrippedUrl();
    if (url === lastUrl && kind !== "load") return;
    lastUrl = url;
    const payload: NavigationPayload = kind === "load" ? { url, kind, ...loadTiming() } : { url, kind };
    opts.emit(SDK_EVENT_TAG.navigation, payload, kind !== "load");
  };

  const restores: Array<() => void> = [];
  for (const method of ["pushState", "replaceState"] as const satisfies readonly HistoryMethod[]) {
    const original = history[method];
    const patched = function (this: History, ...args: Parameters<History[HistoryMethod]>): void {
      original.apply(this, args);
      opts.safe.run(`navigation.${method}`, () => record(method));
    };
    history[method] = patched;
    // Only undo our own patch: a library may have wrapped ours since, and unwrapping it would break it.
    restores.push(() => {
      if (history[method] === patched) history[method] = original;
    });
  }
  const onPopState = opts.safe.wrap("navigation.popstate", () => record("popstate"));
  const onHashChange = opts.safe.wrap("navigation.hashchange", () => record("hashchange"));
  const onSubmit = opts.safe.wrap("navigation.submit", (event: Event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const payload = withNodeId({ selector: selectorFor(form), url: currentStrippedUrl() }, form);
    opts.emit(SDK_EVENT_TAG.submit, payload, true);
  });
  // Built-in validation blocks a submit before any `submit` event, firing `invalid` on each bad control
  // (HTML spec, "interactively validate the constraints"); one attempt fires several, so record it once.
  let invalidForm: HTMLFormElement | null = null;
  const onInvalid = opts.safe.wrap("navigation.invalid", (event: Event) => {
    const form = (event.target as { form?: unknown } | null)?.form;
    if (!(form instanceof HTMLFormElement) || form === invalidForm) return;
    invalidForm = form;
    setTimeout(() => (invalidForm = null), 0);
    const payload = withNodeId(
      { selector: selectorFor(form), url: currentStrippedUrl(), invalid: true },
      form,
    );
    opts.emit(SDK_EVENT_TAG.submit, payload, true);
  });
  // Capture on window runs before the pipeline's own listener on document flushes for a hidden page, so
  // the change is in that flush. A visibility change counts as a response to a click (SPEC §4).
  const onVisibility = opts.safe.wrap("navigation.visibility", () => {
    const payload: VisibilityPayload = {
      state: document.visibilityState === "hidden" ? "hidden" : "visible",
    };
    opts.emit(SDK_EVENT_TAG.visibility, payload, false);
  });
  addEventListener("visibilitychange", onVisibility, true);
  addEventListener("popstate", onPopState);
  addEventListener("hashchange", onHashChange);
  addEventListener("submit", onSubmit, true);
  addEventListener("invalid", onInvalid, true);
  record("load");

  return () => {
    for (const restore of restores) restore();
    removeEventListener("visibilitychange", onVisibility, true);
    removeEventListener("popstate", onPopState);
    removeEventListener("hashchange", onHashChange);
    removeEventListener("submit", onSubmit, true);
    removeEventListener("invalid", onInvalid, true);
  };
}

/** When and how this page load began, from Navigation Timing; nothing where the browser does not say. */
function loadTiming(): Pick<NavigationPayload, "startedAt" | "navigationType"> {
  const out: Pick<NavigationPayload, "startedAt" | "navigationType"> = {};
  if (typeof performance === "undefined") return out;
  if (performance.timeOrigin > 0) out.startedAt = Math.round(performance.timeOrigin);
  const entry = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  const type = entry?.type;
  if (type === "navigate" || type === "reload" || type === "back_forward" || type === "prerender") {
    out.navigationType = type;
  }
  return out;
}
