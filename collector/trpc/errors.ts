/**
 * The one place a domain error becomes a wire error (STYLE rule 9). Code below tRPC throws
 * `CollectorError` with a domain code and a message that says what failed and what to do; anything else
 * that escapes a procedure is logged and answered with a generic 500 that echoes nothing.
 */
import { TRPCError } from "@trpc/server";
import type { Logger } from "../ops/logger.ts";

export type CollectorErrorCode =
  | "bad_input"
  | "too_many_events"
  | "sequence_over_limit"
  | "not_found"
  | "storage_unavailable";

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
      return "BAD_REQUEST";
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
    return new TRPCError({ code: wireCode(cause.code), message: cause.message });
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

/** Name and message of an error for the log: never a request body, a key or event content. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
