/**
 * Entry of the lazily loaded recorder chunk (rrweb and the observers). Imported only after consent.
 */
export { startRecording } from "./recorder.ts";
