/**
 * Script-tag entry of the lazily loaded part → `dist/rerun.recorder.global.js`, injected by `rerun.global.js`
 * after consent. Its one side effect hands the module's exports to the loader through a global.
 *
 * `web-vitals` is a third file, `rerun.web-vitals.global.js`, injected from this file's folder only when the
 * `webVitals` option is on, so the recorder does not carry it.
 */
import type { RecorderModule } from "./record/contract.ts";
import { PIPELINE_STATUS_MESSAGES, startPipeline } from "./record/pipeline.ts";
import type { WebVitalsModule } from "./record/web-vitals.ts";
import { loadGlobalScript } from "./script-loader.ts";

/** File name of the web-vitals bundle next to this one. */
const WEB_VITALS_FILE = "rerun.web-vitals.global.js";
/** Global the web-vitals bundle assigns its exports to. */
const WEB_VITALS_GLOBAL = "__rerunWebVitals";

// Captured now: `document.currentScript` is only set while this script is being evaluated.
const ownScript = typeof document !== "undefined" ? (document.currentScript as HTMLScriptElement | null) : null;

const loadWebVitals = (): Promise<WebVitalsModule> => {
  const url = ownScript?.src ? new URL(WEB_VITALS_FILE, ownScript.src).href : WEB_VITALS_FILE;
  return loadGlobalScript<WebVitalsModule>(url, WEB_VITALS_GLOBAL, ownScript?.nonce || undefined);
};

const module: RecorderModule = {
  startPipeline: (ctx) => startPipeline(ctx, { loadWebVitals }),
  statusMessages: PIPELINE_STATUS_MESSAGES,
};
(globalThis as Record<string, unknown>).__rerunRecorder = module;
