/**
 * The one place a `CollectorError` becomes an answer on a wire (STYLE rule 9, issue 29):
 *
 * - tRPC: {@link toTrpcError} maps what a procedure failed with, {@link formatTrpcError} lists zod issues so a
 *   400 names the field, {@link trpcResponseMeta} adds `Retry-After` to a 503;
 * - HTTP before tRPC runs: {@link trpcErrorResponse} writes tRPC's own envelope (so `@trpc/client` shows the
 *   message), {@link errorResponse} the envelope of the route's clients;
 * - MCP: {@link jsonRpcErrorResponse} for a refused request, {@link toolErrorResult} for a failed tool.
 *
 * Every code's HTTP status, tRPC code, JSON-RPC code and `admin.refusals` reason is in {@link WIRE}. Anything
 * that is not a `CollectorError` (a bug) is logged by name and answered with a generic message that echoes
 * nothing.
 */
// @ts-types="../node_modules/@modelcontextprotocol/sdk/dist/esm/types.d.ts"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCode, getHTTPStatusCodeFromError, type ResponseMeta } from "@trpc/server/http";
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY, type TRPCResponse } from "@trpc/server/rpc";
import { escapeControlChars } from "../shared/control-chars.ts";
import { CollectorError, type CollectorErrorCode, type InputIssue } from "./errors.ts";
import type { Logger } from "./ops/logger.ts";
import type { RefusalReason } from "./ops/refusals.ts";
import { findStorageTimeout } from "./storage/deadline.ts";

type Wire = {
  trpc: TRPC_ERROR_CODE_KEY;
  /** Counted in `admin.refusals` when an ingest request ends with it; null: not a refusal. */
  refusal: RefusalReason | null;
  /** In a JSON-RPC error (`/api/mcp`): -32001 auth, -32600 invalid request, -32700 parse error. */
  jsonRpc: number;
};

const WIRE = {
  key_in_query: { trpc: "BAD_REQUEST", refusal: "key_in_query", jsonRpc: -32600 },
  cors_origin: { trpc: "FORBIDDEN", refusal: "cors_origin", jsonRpc: -32001 },
  no_key: { trpc: "UNAUTHORIZED", refusal: "no_key", jsonRpc: -32001 },
  unknown_key: { trpc: "UNAUTHORIZED", refusal: "unknown_key", jsonRpc: -32001 },
  wrong_key_kind: { trpc: "FORBIDDEN", refusal: "wrong_key_kind", jsonRpc: -32001 },
  rate_limited: { trpc: "TOO_MANY_REQUESTS", refusal: "rate_limited", jsonRpc: -32000 },
  body_too_large: { trpc: "PAYLOAD_TOO_LARGE", refusal: "body_too_large", jsonRpc: -32600 },
  too_many_events: { trpc: "PAYLOAD_TOO_LARGE", refusal: "too_many_events", jsonRpc: -32600 },
  sequence_over_limit: { trpc: "BAD_REQUEST", refusal: "sequence_over_limit", jsonRpc: -32600 },
  timestamp_out_of_range: { trpc: "BAD_REQUEST", refusal: "timestamp_out_of_range", jsonRpc: -32600 },
  session_app_mismatch: { trpc: "CONFLICT", refusal: "session_app_mismatch", jsonRpc: -32600 },
  session_too_large: { trpc: "PAYLOAD_TOO_LARGE", refusal: "session_too_large", jsonRpc: -32600 },
  bad_input: { trpc: "BAD_REQUEST", refusal: "bad_batch", jsonRpc: -32700 },
  unsupported_media_type: { trpc: "UNSUPPORTED_MEDIA_TYPE", refusal: "bad_batch", jsonRpc: -32600 },
  method_not_allowed: { trpc: "METHOD_NOT_SUPPORTED", refusal: null, jsonRpc: -32000 },
  not_found: { trpc: "NOT_FOUND", refusal: null, jsonRpc: -32000 },
  storage_unavailable: { trpc: "SERVICE_UNAVAILABLE", refusal: "storage_unavailable", jsonRpc: -32603 },
  internal: { trpc: "INTERNAL_SERVER_ERROR", refusal: null, jsonRpc: -32603 },
} as const satisfies Record<CollectorErrorCode, Wire>;

/**
 * `Retry-After` of a 503: long enough for a restarted dependency to come back, short enough that a 40 s freeze
 * costs the SDK a few retries, not minutes of backoff.
 */
export const STORAGE_RETRY_AFTER_S = 5;

const INTERNAL_MESSAGE = "internal error in the collector; the details are in its log";

/** The answer to a bug: a 500 whose message says where to look and echoes nothing. */
export function internalError(): CollectorError {
  return new CollectorError("internal", INTERNAL_MESSAGE);
}

/** The HTTP status `code` answers with, as tRPC maps its own codes. */
export function httpStatusOf(code: CollectorErrorCode): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: WIRE[code].trpc }));
}

// ---- tRPC ------------------------------------------------------------------------------------------------

/** Maps the error a procedure failed with to what the client may see (the `mapErrors` middleware's job). */
export function toTrpcError(error: TRPCError, log: Logger, path: string): TRPCError {
  const cause = error.cause;
  if (cause instanceof CollectorError && cause.code !== "internal") {
    if (cause.code === "storage_unavailable") {
      log.error("storage unavailable", { path, error: describe(cause.cause) });
    }
    // The cause stays on the server (refusal counting, the formatter's issues); the client gets the message.
    return new TRPCError({ code: WIRE[cause.code].trpc, message: cause.message, cause });
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
    return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE });
  }
  return error;
}

const MAX_LISTED_ISSUES = 5;

type ErrorShape = { message: string; data: Record<string, unknown> };

/**
 * tRPC's `errorFormatter`: a 400 whose cause carries input issues (zod's, or a `bad_input` CollectorError's)
 * lists the first few in its message and all of them in `data.issues`, so the client sees which field.
 */
export function formatTrpcError<TShape extends ErrorShape>(
  { shape, error }: { shape: TShape; error: TRPCError },
): TShape {
  const issues = error.code === "BAD_REQUEST" ? issuesOf(error.cause) : null;
  if (!issues) return shape;
  const listed = issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === "number" ? p : String(p))).join("."),
    message: issue.message,
  }));
  const text = listed.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path || "(input)"}: ${i.message}`).join(
    "; ",
  );
  const more = listed.length > MAX_LISTED_ISSUES ? ` (and ${listed.length - MAX_LISTED_ISSUES} more)` : "";
  return { ...shape, message: `invalid input: ${text}${more}`, data: { ...shape.data, issues: listed } };
}

function issuesOf(cause: unknown): InputIssue[] | null {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as InputIssue[]) : null;
}

/** tRPC's `responseMeta`: a 503 (storage unavailable) tells the client when to retry. */
export function trpcResponseMeta({ data }: { data: TRPCResponse[] }): ResponseMeta {
  return getHTTPStatusCode(data) === 503 ? { headers: { "retry-after": String(STORAGE_RETRY_AFTER_S) } } : {};
}

/** The `admin.refusals` reason of a failed ingest call, or null when it was not a refusal (e.g. a bug). */
export function refusalReasonOf(error: TRPCError | CollectorError): RefusalReason | null {
  if (error instanceof CollectorError) return WIRE[error.code].refusal;
  if (error.cause instanceof CollectorError) return WIRE[error.cause.code].refusal;
  const unreadable = error.code === "BAD_REQUEST" || error.code === "PARSE_ERROR" ||
    error.code === "UNSUPPORTED_MEDIA_TYPE";
  return unreadable ? "bad_batch" : null;
}

// ---- HTTP before tRPC --------------------------------------------------------------------------------------

/**
 * An error in tRPC's own envelope, so `@trpc/client` shows our message. Batched calls (`?batch=1`) expect one
 * entry per procedure in the path. The checks that run before routing (key in the URL, foreign origin, a
 * crash) answer this way on every route: it holds `{ error: { message } }`, which every other client reads.
 */
export function trpcErrorResponse(url: URL, error: CollectorError): Response {
  const code = WIRE[error.code].trpc;
  const httpStatus = httpStatusOf(error.code);
  const entry = {
    error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } },
  };
  const path = url.pathname.startsWith("/trpc/") ? url.pathname.slice("/trpc/".length) : "";
  const body = url.searchParams.get("batch") === "1" ? path.split(",").map(() => entry) : entry;
  return withRetryAfter(json(httpStatus, body), error);
}

/** An error as the route's clients read it: tRPC's envelope under `/trpc/`, else `{ error: { message } }`. */
export function errorResponse(url: URL | null, error: CollectorError): Response {
  if (url?.pathname.startsWith("/trpc/")) return trpcErrorResponse(url, error);
  return withRetryAfter(json(httpStatusOf(error.code), { error: { message: error.message } }), error);
}

// ---- MCP ----------------------------------------------------------------------------------------------------

/** A refused `/api/mcp` request as a JSON-RPC error; a 401 names the auth scheme, a 405 the method to use. */
export function jsonRpcErrorResponse(error: CollectorError): Response {
  const status = httpStatusOf(error.code);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="rerun"';
  if (error.code === "method_not_allowed") headers.allow = "POST";
  const body = {
    jsonrpc: "2.0",
    error: { code: WIRE[error.code].jsonRpc, message: error.message },
    id: null,
  };
  return withRetryAfter(new Response(JSON.stringify(body), { status, headers }), error);
}

/** A failed MCP tool: a `CollectorError` keeps its message; anything else is logged and answered generically. */
export function toolErrorResult(error: unknown, log: Logger, tool: string): CallToolResult {
  if (error instanceof CollectorError && error.code !== "internal") return toolError(error.message);
  log.error("unexpected error in MCP tool", { tool, error: error instanceof Error ? error.name : "unknown" });
  return toolError(`${tool} failed inside the collector; the details are in its log`);
}

/** Recorded text may carry terminal control sequences: they leave as visible escapes (issue 28). */
function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: escapeControlChars(message) }] };
}

// ---- helpers ------------------------------------------------------------------------------------------------

function withRetryAfter(response: Response, error: CollectorError): Response {
  const seconds = error.retryAfterS ??
    (error.code === "storage_unavailable" ? STORAGE_RETRY_AFTER_S : undefined);
  if (seconds !== undefined) response.headers.set("retry-after", String(seconds));
  return response;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Name and message of an error for the log: never a request body, a key or event content. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
