/**
 * Entry of the lazily loaded chunk (ESM build): the pipeline (transport, sampling buffer, redaction) and the
 * recorder (rrweb and the observers). Imported only after consent, for a session sampling did not rule out.
 * `web-vitals` is a further chunk, imported only when the option is on.
 */
import type { RecorderModule } from "./contract.ts";
import { PIPELINE_STATUS_MESSAGES, startPipeline as runPipeline } from "./pipeline.ts";

export const startPipeline: RecorderModule["startPipeline"] = (ctx) => runPipeline(ctx, { loadWebVitals: () => import("web-vitals") });
export const statusMessages: RecorderModule["statusMessages"] = PIPELINE_STATUS_MESSAGES;
