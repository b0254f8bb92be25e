/**
 * Script-tag entry of the lazily loaded part → `dist/rerun.recorder.global.js`, injected by `rerun.global.js`
 * after consent. Its one side effect hands the module's exports to the loader through a global.
 *
 * The optional observers are a third file, `rerun.observers.global.js`, which the loader injects beside this
 * one only when one of their options is on (see `global-observers.ts`).
 */
import type { RecorderEntry } from "../record/contract.ts";
import { createRecorder, readyToRecord } from "../record/index.ts";

const entry: RecorderEntry = { createRecorder, readyToRecord };
(globalThis as Record<string, unknown>).__rerunRecorder = entry;
