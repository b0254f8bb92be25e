/**
 * fetch and XHR metadata as `rerun.network` events (option `network: {enabled: true}`): method, stripped
 * URL, status (0 when the request failed), timing and sizes; headers and bodies only as `network-capture.ts`
 * allows. The collector's own requests and URLs on `urlDenyList` are never recorded. The page's requests
 * made before this file loaded are recorded from resource timings ({@link backfillNetwork}).
 */
import { type NetworkPayload, SDK_EVENT_TAG } from "../../../shared/events.ts";
import type { ResolvedOptions } from "../../options.ts";
import { stripResolvedUrl } from "../../privacy/url.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";
import type { NetworkCapture } from "./network-capture.ts";
import { type ExchangeRecording, isDeniedUrl } from "./network-exchange.ts";
import { patchFetch } from "./network-fetch.ts";
import { patchXhr } from "./network-xhr.ts";

/**
 * Requests started before this were recorded already, backfilled or seen by the patches (what a second
 * opt-in on the same page must not record again); set at each start and stop of network recording.
 */
let backfilledUntil = 0;

/**
 * Records the fetch and XHR requests that finished before the patches were in place, from resource timing
 * entries that carry a status (`responseStatus`, Chromium 109+; 0 means an opaque or failed response, which
 * is not told apart, so those are skipped). The method is unknown there; requests made while a page loads
 * are nearly all GETs. A request still in flight now is in neither this list nor the patches' view.
 */
export function backfillNetwork(rec: Pick<ExchangeRecording, "record" | "ingestBaseUrl" | "network">): void {
  if (typeof performance === "undefined" || typeof performance.getEntriesByType !== "function") return;
  const since = backfilledUntil;
  backfilledUntil = performance.now();
  for (const entry of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
    const initiator = entry.initiatorType === "fetch"
      ? "fetch"
      : entry.initiatorType === "xmlhttprequest"
      ? "xhr"
      : null;
    const status = (entry as { responseStatus?: number }).responseStatus ?? 0;
    if (!initiator || status < 100 || entry.startTime < since) continue;
    const url = stripResolvedUrl(entry.name);
    if (isDeniedUrl(url, rec)) continue;
    const payload: NetworkPayload = {
      method: "GET",
      url,
      status,
      startMs: Math.round(performance.timeOrigin + entry.startTime),
      durationMs: Math.round(entry.duration),
      initiator,
    };
    if (entry.encodedBodySize) payload.responseBytes = entry.encodedBodySize;
    rec.record(payload);
  }
}

/** Patches `fetch` and `XMLHttpRequest`; returns the function that restores them. */
export function startNetworkRecording(opts: {
  emit: EmitSdkEvent;
  safe: SafeCallback;
  network: ResolvedOptions["network"];
  ingestBaseUrl: string;
  capture: NetworkCapture;
}): () => void {
  const rec: ExchangeRecording = {
    ...opts,
    record(payload) {
      opts.safe.run("network.record", () => opts.emit(SDK_EVENT_TAG.network, payload, false));
    },
  };
  opts.safe.run("network.backfill", () => backfillNetwork(rec));
  const restores = [patchFetch(rec), patchXhr(rec)];
  return () => {
    for (const restore of restores) restore?.();
    backfilledUntil = performance.now();
  };
}
