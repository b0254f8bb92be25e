/**
 * Script-tag entry of the lazily loaded part → `dist/rerun.recorder.global.js`, injected by `rerun.global.js`
 * after consent. Its one side effect hands the module's exports to the loader through a global.
 */
import type { RecorderModule } from "./record/contract.ts";
import { startPipeline, statusMessages } from "./record/index.ts";

const module: RecorderModule = { startPipeline, statusMessages };
(globalThis as Record<string, unknown>).__rerunRecorder = module;
