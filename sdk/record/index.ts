/**
 * Entry of the lazily loaded chunk: the pipeline (transport, sampling buffer, redaction) and the recorder
 * (rrweb and the observers). Imported only after consent, for a session sampling did not rule out.
 */
import type { RecorderModule } from "./contract.ts";
import { PIPELINE_STATUS_MESSAGES, startPipeline } from "./pipeline.ts";

export { startPipeline };
export const statusMessages: RecorderModule["statusMessages"] = PIPELINE_STATUS_MESSAGES;
