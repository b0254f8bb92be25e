/**
 * Script-tag entry → `dist/rerun.global.js`, which sets `globalThis.Rerun = { init }`. The only SDK file
 * with a top-level side effect.
 *
 * The recorder is a second file, `rerun.recorder.global.js`, injected as a script tag after consent from the
 * folder this script was loaded from (or `recorderUrl`). So before consent the page downloads and evaluates
 * only this small loader, exactly as with the ESM build's lazy chunk. The injected tag copies this script's
 * CSP nonce.
 */
import { createInit } from "./create-init.ts";
import type { RerunOptions } from "./options.ts";
import type { LoadRecorder, RecorderModule } from "./record/contract.ts";
import type { ReplayHandle } from "./replay.ts";
import { loadGlobalScript } from "./script-loader.ts";

/** File name of the recorder bundle next to this one. */
const RECORDER_FILE = "rerun.recorder.global.js";
/** Global the recorder bundle assigns its exports to. */
const RECORDER_GLOBAL = "__rerunRecorder";

// Captured now: `document.currentScript` is only set while this script is being evaluated.
const ownScript = typeof document !== "undefined" ? (document.currentScript as HTMLScriptElement | null) : null;

const init = (options: RerunOptions): ReplayHandle => {
  const base = ownScript?.src ? new URL(RECORDER_FILE, ownScript.src).href : RECORDER_FILE;
  const url = options && typeof options === "object" && options.recorderUrl ? options.recorderUrl : base;
  let pending: Promise<RecorderModule> | null = null;
  const load: LoadRecorder = () => (pending ??= loadGlobalScript<RecorderModule>(url, RECORDER_GLOBAL, ownScript?.nonce || undefined));
  return createInit(load)(options);
};

(globalThis as Record<string, unknown>).Rerun = { init };
