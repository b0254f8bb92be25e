/**
 * Resource timings as `rerun.resource` events (option `resourceTimings`), from a `PerformanceObserver` on
 * `resource` entries (buffered, so what loaded before consent is included). Names are URLs: they are
 * stripped of query and hash and redacted like every other recorded string. Requests to the collector are
 * skipped, and a page is capped so a chatty one cannot flood the session.
 */
import { SDK_EVENT_TAG } from "../../../shared/events.ts";
import { type RedactionRule, redactString } from "../../../shared/redact.ts";
import { stripResolvedUrl } from "../../privacy/url.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";

/** Resource entries recorded per page load at most; past this, the page's resources are not news. */
const MAX_RESOURCES_PER_PAGE = 500;

/** Payload of `rerun.resource`. */
export type ResourcePayload = {
  name: string;
  initiatorType: string;
  startMs: number;
  durationMs: number;
  transferSize?: number;
  encodedBodySize?: number;
};

/** Starts observing resource entries; returns the function that disconnects the observer. */
export function startResourceRecording(opts: {
  emit: EmitSdkEvent;
  safe: SafeCallback;
  rules: readonly RedactionRule[];
  ingestBaseUrl: string;
}): () => void {
  if (typeof PerformanceObserver === "undefined") return () => undefined;
  let count = 0;
  const observer: PerformanceObserver = new PerformanceObserver(
    opts.safe.wrap("resources.observe", (list: PerformanceObserverEntryList): void => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        if (count >= MAX_RESOURCES_PER_PAGE) return observer.disconnect();
        const url = stripResolvedUrl(entry.name);
        if (url.startsWith(opts.ingestBaseUrl)) continue;
        count++;
        const payload: ResourcePayload = {
          name: redactString(url, opts.rules),
          initiatorType: entry.initiatorType,
          startMs: Math.round(performance.timeOrigin + entry.startTime),
          durationMs: Math.round(entry.duration),
        };
        // Zero sizes mean "not exposed" (cross-origin without Timing-Allow-Origin) as often as "empty".
        if (entry.transferSize) payload.transferSize = entry.transferSize;
        if (entry.encodedBodySize) payload.encodedBodySize = entry.encodedBodySize;
        opts.emit(SDK_EVENT_TAG.resource, payload, false);
      }
    }),
  );
  try {
    observer.observe({ type: "resource", buffered: true });
  } catch {
    return () => undefined; // Browsers without typed `observe`: no resource timings, nothing else breaks.
  }
  return () => observer.disconnect();
}
