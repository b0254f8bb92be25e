/**
 * rerun's browser SDK: `init` and its types. Side-effect free and small; rrweb loads only after consent.
 */
export { init } from "./init.ts";
export type { ConsentMeta, ConsentValue } from "./consent.ts";
export type { SdkErrorCode } from "./errors.ts";
export type { ConsoleOptions, NetworkOptions, PrivacyOptions, RerunOptions } from "./options.ts";
export type { ReplayHandle, ScalarValue } from "./replay.ts";
export type { RecordingStatus } from "./status.ts";
