/**
 * rerun's browser SDK: `init` and its types. Side-effect free and small; rrweb loads only after consent.
 */
export { init } from "../boot/init.ts";
export type { ConsentMeta, ConsentValue } from "../boot/consent.ts";
export type { SdkErrorCode } from "../errors.ts";
export type { ConsoleOptions, NetworkOptions, PrivacyOptions, RerunOptions } from "../rerun-options.ts";
export type { ReplayHandle, ScalarValue } from "../boot/replay.ts";
export type { RecordingStatus } from "../status.ts";
