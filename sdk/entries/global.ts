/**
 * Script-tag entry → `dist/rerun.global.js`, which sets `globalThis.Rerun = { init }`. The only SDK file
 * with a top-level side effect.
 *
 * The recorder is a second file, `rerun.recorder.global.js`, injected as a script tag after consent from the
 * folder this script was loaded from (or `recorderUrl`). The optional observers are a third,
 * `rerun.observers.global.js`, injected in parallel from the recorder's folder only when one of their options
 * is on. So before consent the page downloads and evaluates only this small loader, exactly as with the ESM
 * build's lazy chunks. The injected tags copy this script's CSP nonce.
 */
import { createInit } from "../boot/create-init.ts";
import { loadRecorderModule } from "../boot/load-recorder.ts";
import type { RerunOptions } from "../options.ts";
import type { LoadRecorder, ObserversModule, RecorderEntry, RecorderModule } from "../record/contract.ts";
import type { ReplayHandle } from "../boot/replay.ts";
import { loadGlobalScript } from "../boot/script-loader.ts";

/** File name of the recorder bundle next to this one. */
const RECORDER_FILE = "rerun.recorder.global.js";
/** Global the recorder bundle assigns its exports to. */
const RECORDER_GLOBAL = "__rerunRecorder";
/** File name of the optional observers bundle, next to the recorder. */
const OBSERVERS_FILE = "rerun.observers.global.js";
/** Global the observers bundle assigns its exports to. */
const OBSERVERS_GLOBAL = "__rerunObservers";

// Captured now: `document.currentScript` is only set while this script is being evaluated.
const ownScript = typeof document !== "undefined"
  ? (document.currentScript as HTMLScriptElement | null)
  : null;

const init = (options: RerunOptions): ReplayHandle => {
  const nonce = ownScript?.nonce || undefined;
  let pending: Promise<RecorderModule> | null = null;
  const load: LoadRecorder = (resolved) => {
    const url = resolved.recorderUrl ||
      (ownScript?.src ? new URL(RECORDER_FILE, ownScript.src).href : RECORDER_FILE);
    return (pending ??= loadRecorderModule(resolved, {
      recorder: () => loadGlobalScript<RecorderEntry>(url, RECORDER_GLOBAL, nonce),
      observers: () =>
        loadGlobalScript<ObserversModule>(
          new URL(OBSERVERS_FILE, new URL(url, document.baseURI)).href,
          OBSERVERS_GLOBAL,
          nonce,
        ),
    }));
  };
  return createInit(load)(options);
};

(globalThis as Record<string, unknown>).Rerun = { init };
