/**
 * `init` for the ESM build: the recorder chunk is a dynamic import, which the bundler splits into its own
 * file that the browser fetches only after consent; the optional observers are a second dynamic import,
 * fetched beside it only when one of their options is on.
 */
import { createInit } from "./create-init.ts";
import { loadRecorderModule } from "./load-recorder.ts";
import type { RerunOptions } from "../rerun-options.ts";
import type { ReplayHandle } from "./replay.ts";

/**
 * Starts rerun. Nothing is loaded, recorded or sent until consent is granted.
 *
 * @example
 * const replay = init({ appId: "shop-web", publicKey: "pk_…", ingestBaseUrl: "https://rerun.example.com" });
 * replay.optIn({ source: "cookie-banner", version: "2026-05-05" });
 */
// Pure: building `init` has no effect, so a bundler may drop this module when `init` is not used.
export const init: (options: RerunOptions) => ReplayHandle = /* @__PURE__ */ createInit((options) =>
  loadRecorderModule(options, {
    recorder: () => import("../record/index.ts"),
    observers: () => import("../record/observers/index.ts"),
  })
);
