/**
 * The optional observers, which live in their own lazily loaded file so the recorder does not carry them:
 * errors, network (with header and body capture), web vitals, resource timings and console, each started
 * only when its option is on. The behavioral stream ships in the same file (see `behavioral.ts`).
 */
import type { ObserverStartOptions } from "../contract.ts";
import { startConsoleRecording } from "./console.ts";
import { type ErrorRecorder, startErrorRecording } from "./errors.ts";
import { startNetworkRecording } from "./network.ts";
import { createNetworkCapture } from "./network-capture.ts";
import { startResourceRecording } from "./resource-timings.ts";
import { type LoadWebVitals, startWebVitalsRecording } from "./web-vitals.ts";

/**
 * Starts the observers whose options are on; the handle stops them in start order and records the SDK's own
 * errors (when errors are recorded).
 */
export function startOptionalObservers(
  opts: ObserverStartOptions,
  loadWebVitals: LoadWebVitals,
): ErrorRecorder {
  const { emit, safe, privacy } = opts;
  const stops: Array<() => void> = [];
  const errors = opts.errors ? startErrorRecording({ emit, safe, rules: opts.redactionRules }) : null;
  if (errors) stops.push(errors.stop);
  if (opts.network.enabled) {
    const capture = createNetworkCapture({
      recordHeaders: opts.network.recordHeaders,
      recordBody: opts.network.recordBody,
      bodyMaxBytes: opts.network.bodyMaxBytes,
      allowPaths: privacy.networkBodyAllowPaths,
      denyPaths: privacy.networkBodyDenyPaths,
      rules: opts.redactionRules,
    });
    stops.push(
      startNetworkRecording({
        emit,
        safe,
        network: opts.network,
        ingestBaseUrl: opts.ingestBaseUrl,
        capture,
      }),
    );
  }
  if (opts.webVitals) stops.push(startWebVitalsRecording({ emit, safe, load: loadWebVitals }));
  if (opts.resourceTimings) {
    stops.push(
      startResourceRecording({ emit, safe, rules: opts.redactionRules, ingestBaseUrl: opts.ingestBaseUrl }),
    );
  }
  if (opts.console.enabled) {
    stops.push(
      startConsoleRecording({ emit, safe, levels: opts.console.levels, rules: opts.redactionRules }),
    );
  }
  return {
    stop() {
      for (const stop of stops) safe.run("recorder.stop", stop);
    },
    recordSdkError(error) {
      errors?.recordSdkError(error);
    },
  };
}
