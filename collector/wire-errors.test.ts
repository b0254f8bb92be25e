import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { REFUSAL_REASONS } from "../shared/admin.ts";
import { CollectorError, type CollectorErrorCode } from "./errors.ts";
import type { LogFields, Logger } from "./ops/logger.ts";
import { StorageTimeoutError } from "./storage/deadline.ts";
import {
  errorResponse,
  formatTrpcError,
  httpStatusOf,
  internalError,
  jsonRpcErrorResponse,
  refusalReasonOf,
  STORAGE_RETRY_AFTER_S,
  toolErrorResult,
  toTrpcError,
  trpcErrorResponse,
  trpcResponseMeta,
} from "./wire-errors.ts";

const BASE = "http://127.0.0.1:8787";

function recordingLogger(): Logger & { lines: Array<{ message: string; fields?: LogFields }> } {
  const lines: Array<{ message: string; fields?: LogFields }> = [];
  const push = (message: string, fields?: LogFields) => void lines.push({ message, fields });
  return { lines, info: push, error: push };
}

/** What tRPC hands the `mapErrors` middleware when a procedure threw `thrown`. */
const failedWith = (thrown: Error) => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: thrown });

const defaultShape = (error: TRPCError) => ({
  message: error.message,
  code: -32600,
  data: { code: error.code, httpStatus: 400, path: "ingest.batch" },
});

describe("httpStatusOf", () => {
  it("answers each refusal with the status SPEC §3 names", () => {
    const statuses: Record<CollectorErrorCode, number> = {
      key_in_query: 400,
      cors_origin: 403,
      no_key: 401,
      unknown_key: 401,
      wrong_key_kind: 403,
      rate_limited: 429,
      body_too_large: 413,
      too_many_events: 413,
      sequence_over_limit: 400,
      timestamp_out_of_range: 400,
      session_app_mismatch: 409,
      session_too_large: 413,
      bad_input: 400,
      unsupported_media_type: 415,
      method_not_allowed: 405,
      not_found: 404,
      storage_unavailable: 503,
      internal: 500,
    };
    for (const [code, status] of Object.entries(statuses)) {
      expect(httpStatusOf(code as CollectorErrorCode), code).toBe(status);
    }
  });
});

describe("trpcErrorResponse", () => {
  it("writes tRPC's envelope, so @trpc/client shows the message", async () => {
    const res = trpcErrorResponse(
      new URL(`${BASE}/trpc/ingest.batch`),
      new CollectorError("cors_origin", "origin https://evil.example is not allowed; add it to CORS_ORIGINS"),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(
      '{"error":{"message":"origin https://evil.example is not allowed; add it to CORS_ORIGINS","code":-32003,' +
        '"data":{"code":"FORBIDDEN","httpStatus":403}}}',
    );
  });

  it("answers a batched call with one entry per procedure, and a rate limit with Retry-After", async () => {
    const res = trpcErrorResponse(
      new URL(`${BASE}/trpc/admin.stats,replays.list?batch=1`),
      new CollectorError("rate_limited", "rate limit reached; retry in 7 s", { retryAfterS: 7 }),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    const body = (await res.json()) as Array<{ error: { message: string; code: number } }>;
    expect(body.map((entry) => [entry.error.code, entry.error.message])).toEqual([
      [-32029, "rate limit reached; retry in 7 s"],
      [-32029, "rate limit reached; retry in 7 s"],
    ]);
  });

  it("answers a crash with a 500 that says where to look and nothing else", async () => {
    const res = trpcErrorResponse(new URL(`${BASE}/metrics`), internalError());
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        message: "internal error in the collector; the details are in its log",
        code: -32603,
        data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 },
      },
    });
  });
});

describe("errorResponse", () => {
  it("uses tRPC's envelope under /trpc/ and { error: { message } } on other routes", async () => {
    const error = new CollectorError("not_found", "no route GET /nope");
    const trpc = await errorResponse(new URL(`${BASE}/trpc/nope`), error).json();
    expect(trpc).toMatchObject({ error: { message: "no route GET /nope", code: -32004 } });
    const plain = errorResponse(new URL(`${BASE}/nope`), error);
    expect(plain.status).toBe(404);
    expect(await plain.json()).toEqual({ error: { message: "no route GET /nope" } });
    expect(await errorResponse(null, error).json()).toEqual({ error: { message: "no route GET /nope" } });
  });

  it("tells a client of storage that is unavailable when to retry", () => {
    const res = errorResponse(null, new CollectorError("storage_unavailable", "storage is unavailable"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(STORAGE_RETRY_AFTER_S));
  });
});

describe("jsonRpcErrorResponse", () => {
  it("refuses a missing key with 401, the auth scheme and JSON-RPC's server error -32001", async () => {
    const res = jsonRpcErrorResponse(new CollectorError("no_key", "no key: send a read key"));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="rerun"');
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32001, message: "no key: send a read key" },
      id: null,
    });
  });

  it("names POST on a 405 and keeps JSON-RPC's codes for a large or unreadable body", async () => {
    const notPost = jsonRpcErrorResponse(
      new CollectorError("method_not_allowed", "GET is not supported here"),
    );
    expect([notPost.status, notPost.headers.get("allow")]).toEqual([405, "POST"]);
    expect(((await notPost.json()) as { error: { code: number } }).error.code).toBe(-32000);
    const large = jsonRpcErrorResponse(new CollectorError("body_too_large", "over 65536 bytes"));
    expect([large.status, ((await large.json()) as { error: { code: number } }).error.code]).toEqual([
      413,
      -32600,
    ]);
    const unreadable = jsonRpcErrorResponse(new CollectorError("bad_input", "body is not JSON"));
    expect([unreadable.status, ((await unreadable.json()) as { error: { code: number } }).error.code])
      .toEqual([400, -32700]);
    expect(unreadable.headers.get("www-authenticate")).toBeNull();
  });
});

describe("toTrpcError", () => {
  it("answers a domain error with its code's tRPC code and its own message", () => {
    const log = recordingLogger();
    const cause = new CollectorError("session_app_mismatch", "sessionId: session s belongs to another app");
    const wire = toTrpcError(failedWith(cause), log, "ingest.batch");
    expect([wire.code, wire.message, wire.cause]).toEqual([
      "CONFLICT",
      "sessionId: session s belongs to another app",
      cause,
    ]);
    expect(log.lines).toEqual([]);
  });

  it("answers a storage deadline with 503 and logs it", () => {
    const log = recordingLogger();
    const wire = toTrpcError(failedWith(new StorageTimeoutError("blobs", 1234)), log, "replays.events");
    expect(wire.code).toBe("SERVICE_UNAVAILABLE");
    expect(wire.message).toBe(
      "storage is unavailable (the blob store did not answer within 1234 ms); retry later",
    );
    expect(refusalReasonOf(wire)).toBe("storage_unavailable");
    expect(log.lines.map((l) => l.message)).toEqual(["storage unavailable"]);
  });

  it("answers a bug with a generic 500 that echoes nothing, and logs its name and message", () => {
    const log = recordingLogger();
    const wire = toTrpcError(failedWith(new RangeError("secret detail")), log, "replays.list");
    expect(wire.code).toBe("INTERNAL_SERVER_ERROR");
    expect(wire.message).toBe("internal error in the collector; the details are in its log");
    expect(wire.cause).toBeUndefined();
    expect(log.lines).toEqual([
      {
        message: "unexpected error in procedure",
        fields: { path: "replays.list", error: "RangeError: secret detail" },
      },
    ]);
    const internal = toTrpcError(failedWith(internalError()), log, "replays.list");
    expect(internal.message).toBe("internal error in the collector; the details are in its log");
  });

  it("passes tRPC's own errors (a schema's 400, an unknown procedure's 404) through", () => {
    const own = new TRPCError({ code: "NOT_FOUND", message: 'No procedure found on path "nope"' });
    expect(toTrpcError(own, recordingLogger(), "nope")).toBe(own);
  });
});

describe("formatTrpcError", () => {
  it("names each field a bad_input error lists, in the message and in data.issues", () => {
    const issues = Array.from(
      { length: 7 },
      (_, i) => ({ path: ["events", i, "type"], message: "expected number" }),
    );
    const error = toTrpcError(
      failedWith(new CollectorError("bad_input", "invalid input", { issues })),
      recordingLogger(),
      "ingest.batch",
    );
    const shape = formatTrpcError({ shape: defaultShape(error), error });
    expect(shape.message).toBe(
      "invalid input: events.0.type: expected number; events.1.type: expected number; events.2.type: expected " +
        "number; events.3.type: expected number; events.4.type: expected number (and 2 more)",
    );
    expect(shape.data).toMatchObject({ code: "BAD_REQUEST", path: "ingest.batch" });
    expect((shape.data as { issues?: unknown[] }).issues).toHaveLength(7);
  });

  it("leaves an error without issues as tRPC shaped it", () => {
    const error = new TRPCError({
      code: "BAD_REQUEST",
      message: "cursor: not a cursor friction.issues gave",
    });
    const shape = defaultShape(error);
    expect(formatTrpcError({ shape, error })).toBe(shape);
  });
});

describe("refusalReasonOf", () => {
  it("counts every refusal under an admin.refusals reason, and a missing session or a bug under none", () => {
    const reasonOf = (code: CollectorErrorCode) => refusalReasonOf(new CollectorError(code, "x"));
    for (
      const code of [
        "no_key",
        "cors_origin",
        "rate_limited",
        "session_too_large",
        "storage_unavailable",
      ] as const
    ) {
      expect(reasonOf(code)).toBe(code);
      expect(REFUSAL_REASONS).toContain(code);
    }
    expect(reasonOf("bad_input")).toBe("bad_batch");
    expect(reasonOf("unsupported_media_type")).toBe("bad_batch");
    expect(reasonOf("not_found")).toBeNull();
    expect(reasonOf("internal")).toBeNull();
  });

  it("reads a wire error's domain cause, and counts tRPC's unreadable input as bad_batch", () => {
    const keyRefusal = toTrpcError(
      failedWith(new CollectorError("wrong_key_kind", "x")),
      recordingLogger(),
      "p",
    );
    expect([keyRefusal.code, refusalReasonOf(keyRefusal)]).toEqual(["FORBIDDEN", "wrong_key_kind"]);
    expect(refusalReasonOf(new TRPCError({ code: "PARSE_ERROR" }))).toBe("bad_batch");
    expect(refusalReasonOf(new TRPCError({ code: "INTERNAL_SERVER_ERROR" }))).toBeNull();
  });
});

describe("trpcResponseMeta", () => {
  const errorEntry = (httpStatus: number) => ({
    error: { message: "m", code: -32603 as const, data: { code: "X", httpStatus } },
  });

  it("adds Retry-After when every call answered 503, and nothing to a mixed batch", () => {
    expect(trpcResponseMeta({ data: [errorEntry(503)] })).toEqual({
      headers: { "retry-after": String(STORAGE_RETRY_AFTER_S) },
    });
    expect(trpcResponseMeta({ data: [errorEntry(503), { result: { data: 1 } }] })).toEqual({});
    expect(trpcResponseMeta({ data: [errorEntry(400)] })).toEqual({});
  });
});

describe("toolErrorResult", () => {
  it("keeps a domain error's message, with control characters escaped", () => {
    const result = toolErrorResult(
      new CollectorError("not_found", "no session \u001b[31mx: check the id with list_replays"),
      recordingLogger(),
      "get_replay_summary",
    );
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{
      type: "text",
      text: "no session \\u001b[31mx: check the id with list_replays",
    }]);
  });

  it("answers anything else generically and logs only the error's name", () => {
    const log = recordingLogger();
    const result = toolErrorResult(new TypeError("secret detail"), log, "analyze_replay");
    expect(result.content).toEqual([
      { type: "text", text: "analyze_replay failed inside the collector; the details are in its log" },
    ]);
    expect(log.lines).toEqual([
      { message: "unexpected error in MCP tool", fields: { tool: "analyze_replay", error: "TypeError" } },
    ]);
  });
});
