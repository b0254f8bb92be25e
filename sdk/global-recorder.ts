/**
 * Script-tag recorder entry → `dist/rerun.recorder.global.js`, injected by `rerun.global.js` after consent.
 * Its one side effect hands the recorder's exports to the loader through a global.
 */
import { startRecording } from "./record/index.ts";

(globalThis as Record<string, unknown>).__rerunRecorder = { startRecording };
