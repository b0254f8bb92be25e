/**
 * Script-tag entry of the optional observers → `dist/rerun.observers.global.js` (network, console, resource
 * timings, web vitals, behavioral stream), injected by `rerun.global.js` beside the recorder only when one of
 * their options is on. Its one side effect hands the module to the loader through a global.
 *
 * `web-vitals` is a fourth file, `rerun.web-vitals.global.js`, injected from this file's folder only when the
 * `webVitals` option is on.
 */
import type { ObserversModule } from "../record/contract.ts";
import { startBehavioralStream } from "../record/observers/behavioral.ts";
import { startOptionalObservers } from "../record/observers/optional.ts";
import type { WebVitalsModule } from "../record/observers/web-vitals.ts";
import { loadGlobalScript } from "../boot/script-loader.ts";

/** File name of the web-vitals bundle next to this one. */
const WEB_VITALS_FILE = "rerun.web-vitals.global.js";
/** Global the web-vitals bundle assigns its exports to. */
const WEB_VITALS_GLOBAL = "__rerunWebVitals";

// Captured now: `document.currentScript` is only set while this script is being evaluated.
const ownScript = typeof document !== "undefined"
  ? (document.currentScript as HTMLScriptElement | null)
  : null;

const loadWebVitals = (): Promise<WebVitalsModule> => {
  const url = ownScript?.src ? new URL(WEB_VITALS_FILE, ownScript.src).href : WEB_VITALS_FILE;
  return loadGlobalScript<WebVitalsModule>(url, WEB_VITALS_GLOBAL, ownScript?.nonce || undefined);
};

const module: ObserversModule = {
  startObservers: (opts) => startOptionalObservers(opts, loadWebVitals),
  startBehavioralStream,
};
(globalThis as Record<string, unknown>).__rerunObservers = module;
