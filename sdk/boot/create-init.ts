/**
 * Builds an `init` function around a recorder loader, so the ESM entry (dynamic import) and the script-tag
 * entry (script injection) share everything else. This file must not import the recorder.
 */
import { SdkError } from "../errors.ts";
import { resolveOptions } from "../options.ts";
import type { RerunOptions } from "../rerun-options.ts";
import type { LoadRecorder } from "../record/contract.ts";
import { createInertReplay } from "./inert-replay.ts";
import { createReplay, type ReplayHandle } from "./replay.ts";

/** Creates a replay handle for the given options, or an inert one (state `failed`) when they are invalid. */
export function createInit(loadRecorder: LoadRecorder): (options: RerunOptions) => ReplayHandle {
  return (options) => {
    if (typeof window === "undefined" || typeof document === "undefined") {
      return createInertReplay(
        new SdkError("unsupported_browser", "init(): no DOM here (server-side rendering?)"),
      );
    }
    if (typeof MutationObserver === "undefined") {
      return createInertReplay(
        new SdkError(
          "unsupported_browser",
          "init(): this browser has no MutationObserver, which recording needs",
        ),
      );
    }
    try {
      return createReplay(resolveOptions(options), loadRecorder);
    } catch (error) {
      const sdkError = error instanceof SdkError ? error : new SdkError("invalid_options", String(error));
      // Always said, debug or not: a mistyped option would otherwise record nothing without a word. The one
      // line the SDK writes unasked; everything else waits for `debug: true`.
      console.error(`[rerun] ${sdkError.message}; nothing will be recorded until init() gets valid options`);
      return createInertReplay(sdkError);
    }
  };
}
