/**
 * Script-tag entry → `dist/rerun.global.js`, which sets `globalThis.Rerun = { init }`: the only SDK file with a
 * top-level side effect. After consent it injects the recorder, `rerun.recorder.global.js`, from its own
 * folder (or `recorderUrl`), and beside it `rerun.observers.global.js` only when one of their options is on,
 * each with this script's CSP nonce; before consent the page loads only this small loader.
 */
import { createInit } from "../boot/create-init.ts";
import { loadRecorderModule } from "../boot/load-recorder.ts";
import type { RerunOptions } from "../rerun-options.ts";
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
