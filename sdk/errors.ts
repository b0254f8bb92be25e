/**
 * The SDK's one local error class. It never reaches the host page as a throw: it is reported through
 * `onError` and shows up in `RecordingStatus.lastError`.
 */

/** What went wrong, as a stable code a status consumer can branch on. */
export type SdkErrorCode =
  | "invalid_options"
  | "recorder_load_failed"
  | "ingest_refused"
  | "collector_unreachable"
  | "unsupported_browser"
  | "callback_failed"
  | "unload_too_large";

/** An SDK failure with a code; `status` is the HTTP status when the collector answered. */
export class SdkError extends Error {
  override name = "SdkError";
  /** Stable code, also used as `RecordingStatus.lastError.code`. */
  readonly code: SdkErrorCode;
  /** HTTP status of the collector's answer, when there was one. */
  readonly status: number | undefined;

  constructor(code: SdkErrorCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
