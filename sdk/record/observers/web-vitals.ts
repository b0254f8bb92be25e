/**
 * Core Web Vitals as `rerun.web_vital` events (option `webVitals`), measured by the `web-vitals` package,
 * which is itself loaded lazily (a dynamic import in the ESM build, its own file in the script-tag build) so
 * pages without the option never load it. Each metric is reported when
 * the library finalises it (LCP/CLS/INP on page hide, FCP/TTFB early); `web-vitals` has no unsubscribe, so
 * stopping only mutes the callbacks.
 */
import { SDK_EVENT_TAG } from "../../../shared/events.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";

/** Payload of `rerun.web_vital`. */
export type WebVitalPayload = { name: string; value: number; rating: string; navigationType: string };

/** The part of the `web-vitals` package the SDK uses. */
export type WebVitalsModule = Pick<
  typeof import("web-vitals"),
  "onLCP" | "onINP" | "onCLS" | "onFCP" | "onTTFB"
>;

/** Loads {@link WebVitalsModule}: `import("web-vitals")`, or a script tag in the script-tag build. */
export type LoadWebVitals = () => Promise<WebVitalsModule>;

/** Starts reporting web vitals; returns the function that mutes them. */
export function startWebVitalsRecording(
  opts: { emit: EmitSdkEvent; safe: SafeCallback; load: LoadWebVitals },
): () => void {
  let active = true;
  const report = opts.safe.wrap(
    "webVitals.report",
    (metric: { name: string; value: number; rating: string; navigationType: string }) => {
      if (!active) return;
      const payload: WebVitalPayload = {
        name: metric.name,
        value: metric.value,
        rating: metric.rating,
        navigationType: metric.navigationType,
      };
      opts.emit(SDK_EVENT_TAG.webVital, payload, false);
    },
  );
  opts.load().then(
    opts.safe.wrap("webVitals.load", (vitals: WebVitalsModule) => {
      if (!active) return;
      for (const on of [vitals.onLCP, vitals.onINP, vitals.onCLS, vitals.onFCP, vitals.onTTFB]) on(report);
    }),
    (error: unknown) =>
      opts.safe.run("webVitals.load", () => {
        throw error;
      }),
  );
  return () => {
    active = false;
  };
}
