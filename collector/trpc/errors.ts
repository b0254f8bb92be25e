/**
 * The one place a domain error becomes a wire error (STYLE rule 9). Code below tRPC throws
 * `CollectorError` with a domain code and a message that says what failed and what to do; anything else
 * that escapes a procedure is logged and answered with a generic 500 that echoes nothing.
 */
import { TRPCError } from "@trpc/server";
import type { Logger } from "../ops/logger.ts";
import type { RefusalReason } from "../ops/refusals.ts";
import { findStorageTimeout } from "../storage/deadline.ts";
import { KeyRefusal } from "./auth.ts";

export type CollectorErrorCode =
  | "bad_input"
  | "too_many_events"
  | "sequence_over_limit"
  | "not_found"
  | "storage_unavailable"
  | "timestamp_out_of_range"
  | "session_app_mismatch"
  | "session_too_large";

export class CollectorError extends Error {
  override name = "CollectorError";
  constructor(readonly code: CollectorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function wireCode(code: CollectorErrorCode): TRPCError["code"] {
  switch (code) {
    case "bad_input":
    case "sequence_over_limit":
    case "timestamp_out_of_range":
      return "BAD_REQUEST";
    case "session_app_mismatch":
      return "CONFLICT";
    case "session_too_large":
      return "PAYLOAD_TOO_LARGE";
    case "too_many_events":
      return "PAYLOAD_TOO_LARGE";
    case "not_found":
      return "NOT_FOUND";
    case "storage_unavailable":
      return "SERVICE_UNAVAILABLE";
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Maps the error a procedure failed with to what the client may see. */
export function toWireError(error: TRPCError, log: Logger, path: string): TRPCError {
  const cause = error.cause;
  if (cause instanceof CollectorError) {
    if (cause.code === "storage_unavailable") {
      log.error("storage unavailable", { path, error: describe(cause.cause) });
    }
    // The cause stays on the server (for refusal counting); the formatter never sends it.
    return new TRPCError({ code: wireCode(cause.code), message: cause.message, cause });
  }
  const timeout = findStorageTimeout(cause);
  if (timeout) {
    // A read (or any call) past the storage deadline: 503 with Retry-After, never a 500 or a hung request.
    log.error("storage unavailable", { path, error: describe(timeout) });
    return new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: `storage is unavailable (${timeout.message}); retry later`,
      cause: new CollectorError("storage_unavailable", timeout.message, { cause: timeout }),
    });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    log.error("unexpected error in procedure", { path, error: describe(cause ?? error) });
    return new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "internal error in the collector; the details are in its log",
    });
  }
  return error;
}

/** The `admin.refusals` reason of a failed ingest call, or null when it was not a refusal (e.g. a bug). */
export function refusalReasonOf(error: TRPCError): RefusalReason | null {
  const cause = error.cause;
  if (cause instanceof KeyRefusal) return cause.reason;
  if (cause instanceof CollectorError) {
    switch (cause.code) {
      case "bad_input":
        return "bad_batch";
      case "too_many_events":
      case "sequence_over_limit":
      case "storage_unavailable":
      case "timestamp_out_of_range":
      case "session_app_mismatch":
      case "session_too_large":
        return cause.code;
      case "not_found":
        return null;
      default: {
        const unreachable: never = cause.code;
        return unreachable;
      }
    }
  }
  if (
    error.code === "BAD_REQUEST" || error.code === "PARSE_ERROR" || error.code === "UNSUPPORTED_MEDIA_TYPE"
  ) {
    return "bad_batch";
  }
  return null;
}

/** Name and message of an error for the log: never a request body, a key or event content. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
