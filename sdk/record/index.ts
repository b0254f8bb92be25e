/**
 * Entry of the lazily loaded chunk (ESM build): the pipeline (transport, sampling buffer, redaction) and the
 * recorder (rrweb and the always-on observers). Imported only after consent, for a session sampling did not
 * rule out. The optional observers are a further chunk (`observers/index.ts`), imported only when wanted.
 */
import type { RecorderEntry } from "./contract.ts";
import { PIPELINE_STATUS_MESSAGES } from "./pipeline/recording-status.ts";
import { startPipeline } from "./pipeline/start-pipeline.ts";

export { readyToRecord } from "./snapshot/ready-to-record.ts";

export const createRecorder: RecorderEntry["createRecorder"] = (observers) => ({
  startPipeline: (ctx) => startPipeline(ctx, { observers }),
  statusMessages: PIPELINE_STATUS_MESSAGES,
});
