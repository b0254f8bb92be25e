/**
 * The collector's HTTP surface as one fetch handler, portable across Deno.serve, Deno Deploy and tests:
 *
 *   OPTIONS *      CORS preflight (allowed origins only)
 *   GET /health    liveness (always 200) and whether the database and blob store answer, no auth
 *   GET /metrics   Prometheus text (ENABLE_METRICS; a read/admin key when METRICS_REQUIRE_AUTH)
 *   /trpc/*        tRPC (ingest.*, replays.*, admin.*), after rate limits, body limits and gzip decoding
 *   POST /api/mcp  MCP Streamable HTTP (read or admin key, READ_RATE_LIMIT; collector/mcp/server.ts)
 *   GET /v1/stats  `admin.stats`'s answer as plain JSON (admin key, `Authorization: Bearer`), for the seed's
 *                  operators' scripts
 *
 * Checks that apply to every route run first, in this order: a key in the query string (400, so keys never
 * land in access logs), then a foreign Origin (403), then, on routes that take a read or admin key, an
 * address with too many failed authentications (429, AUTH_FAILURE_LIMIT). A refused request never reaches storage, and refused
 * ingest requests are counted by reason for `admin.refusals`.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createCorsPolicy } from "./cors.ts";
import type { CollectorDeps } from "./deps.ts";
import { CollectorError } from "./errors.ts";
import { readTrpcBody, type TrpcBody } from "./ingest/read-batch.ts";
import { readRequestBody } from "./ingest/request-body.ts";
import { handleMcpRequest, MCP_PATH } from "./mcp/server.ts";
import { createHealthReport } from "./ops/health-report.ts";
import { createRateLimiter } from "./ops/rate-limit.ts";
import type { RefusalReason } from "./ops/refusals.ts";
import { appRouter } from "./router.ts";
import { getStorageTotals } from "./storage/sessions.ts";
import { classifyKey, readRequestKey } from "./trpc/auth.ts";
import { createContext } from "./trpc/context.ts";
import {
  errorResponse,
  internalError,
  refusalReasonOf,
  trpcErrorResponse,
  trpcResponseMeta,
} from "./wire-errors.ts";

/** Query parameter names that look like a credential; compared case-insensitively. */
const KEY_PARAM_NAMES = new Set([
  "key",
  "x-rerun-key",
  "token",
  "apikey",
  "api_key",
  "api-key",
  "access_token",
  "auth",
  "authorization",
  "publickey",
  "public_key",
  "readkey",
  "read_key",
  "adminkey",
  "admin_key",
  "secret",
]);

/** Procedure names, a closed set for metric labels (a URL path is attacker-chosen). */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/** What Deno.serve passes as the handler's second argument; only the peer address is used. */
export type ClientInfo = { remoteAddr?: { hostname?: string } };
export type HttpHandler = (req: Request, info?: ClientInfo) => Promise<Response>;

export function createHttpHandler(deps: CollectorDeps): HttpHandler {
  const { config } = deps;
  const cors = createCorsPolicy(config.CORS_ORIGINS);
  const ingestLimiter = createRateLimiter(config.INGEST_RATE_LIMIT);
  const adminLimiter = createRateLimiter(config.ADMIN_RATE_LIMIT);
  const readLimiter = createRateLimiter(config.READ_RATE_LIMIT);
  // Failed authentications per address, whatever key each presented: counting per (address, key) let 30
  // guessed admin keys get 30 × 401 and no 429.
  const authFailures = createRateLimiter(config.AUTH_FAILURE_LIMIT);
  const healthReport = deps.health
    ? createHealthReport({ ...deps, health: deps.health })
    : () => ({ ok: true });

  type Call = { req: Request; url: URL; info: ClientInfo | undefined; ingest: boolean };

  /** Answers a check that failed before tRPC ran, counting it when it refused an ingest request. */
  const refuse = (call: Call, error: CollectorError): Response => {
    const reason = refusalReasonOf(error);
    if (call.ingest && reason) recordRefusal(call, reason, null);
    return trpcErrorResponse(call.url, error);
  };

  const recordRefusal = (call: Call, reason: RefusalReason, appId: unknown) => {
    deps.refusals.record({ reason, origin: call.req.headers.get("origin"), appId }, deps.now());
    deps.metrics.countRefusal(reason);
  };

  const handleTrpc = async (call: Call): Promise<Response> => {
    const { req, url } = call;
    const procedure = url.pathname.slice("/trpc/".length);
    const limiter = procedure.startsWith("ingest.")
      ? ingestLimiter
      : procedure.startsWith("admin.")
      ? adminLimiter
      : readLimiter;
    const decision = limiter.check(clientOf(call), deps.now());
    if (decision.kind === "limited") {
      return refuse(call, rateLimited(decision));
    }
    // A fresh Request without the original's abort signal: Deno's legacy signal semantics abort it on every
    // completed response and warn when it is read, and tRPC has no long-running work to cancel here.
    let trpcReq = new Request(req.url, { method: req.method, headers: req.headers });
    let body: Extract<TrpcBody, { kind: "ok" }> | null = null;
    if (req.method === "POST") {
      // Only an unbatched call's input is the whole body; in a batch (`?batch=1`) it is one entry of it.
      const wholeBatch = procedure === "ingest.batch" && url.searchParams.get("batch") === null;
      // The events are parsed before the procedure checks the key only when the header carries a public key:
      // a request that will be refused is not parsed.
      const read = await readTrpcBody(req, {
        config,
        reader: deps.batchReader,
        batch: wholeBatch
          ? { readEvents: await classifyKey(config, readRequestKey(req.headers)) === "public" }
          : undefined,
      });
      if (read.kind === "refused") return refuse(call, read.error);
      body = read;
      const headers = new Headers(req.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      headers.set("content-type", "application/json");
      trpcReq = new Request(req.url, {
        method: "POST",
        headers,
        body: body.json as Uint8Array<ArrayBuffer> | null,
      });
    }
    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      req: trpcReq,
      router: appRouter,
      createContext: () => createContext(trpcReq, deps, body?.edgeInput),
      responseMeta: trpcResponseMeta,
      onError: ({ error, path, input }) => {
        if (!call.ingest && !path?.startsWith("ingest.")) return;
        const reason = refusalReasonOf(error);
        if (!reason) return;
        // Auth runs before input parsing, so `input` is often unset: fall back to a bounded peek at the body.
        const appId = (input as { appId?: unknown } | undefined)?.appId ?? body?.appId ??
          peekAppId(body?.bytes ?? null);
        recordRefusal(call, reason, appId);
      },
    });
    return response;
  };

  const handleMetrics = async (req: Request): Promise<Response> => {
    if (!config.ENABLE_METRICS) {
      return errorResponse(null, new CollectorError("not_found", "metrics are off (ENABLE_METRICS=false)"));
    }
    if (config.METRICS_REQUIRE_AUTH) {
      const found = await classifyKey(config, readRequestKey(req.headers));
      if (found === "none" || found === "unknown") {
        const message = "metrics need a read or admin key in x-rerun-key";
        return errorResponse(null, new CollectorError(found === "none" ? "no_key" : "unknown_key", message));
      }
      if (found === "public") {
        return errorResponse(null, new CollectorError("wrong_key_kind", "a public key cannot read metrics"));
      }
    }
    const totals = await getStorageTotals(deps.db);
    return new Response(deps.metrics.render({ sessions: totals.sessions, storedBytes: totals.storedBytes }), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  };

  /**
   * The seed's `GET /v1/stats`, answered by `admin.stats` itself through the tRPC route, so its key check,
   * rate limit, errors and output cannot drift from the procedure's; only the success envelope is removed.
   */
  const handleV1Stats = async (call: Call): Promise<Response> => {
    const url = new URL("/trpc/admin.stats", call.url);
    const res = await handleTrpc({ ...call, req: new Request(url, { headers: call.req.headers }), url });
    if (!res.ok) return res;
    const body = (await res.json()) as { result: { data: unknown } };
    return json(200, body.result.data);
  };

  const route = async (call: Call): Promise<Response> => {
    const { req, url } = call;
    const read = req.method === "GET" || req.method === "HEAD";
    if (url.pathname === "/health" && read) return json(200, healthReport());
    if (url.pathname === "/metrics" && read) return await handleMetrics(req);
    if (url.pathname === MCP_PATH) {
      const decision = readLimiter.check(clientOf(call), deps.now());
      if (decision.kind === "limited") return errorResponse(url, rateLimited(decision));
      return await handleMcpRequest(req, deps, readRequestBody);
    }
    if (url.pathname === V1_STATS_PATH && read) return await handleV1Stats(call);
    if (url.pathname.startsWith("/trpc/")) return await handleTrpc(call);
    return errorResponse(url, new CollectorError("not_found", `no route ${req.method} ${url.pathname}`));
  };

  const serve = async (req: Request, info: ClientInfo | undefined, url: URL): Promise<Response> => {
    const call: Call = { req, url, info, ingest: url.pathname.startsWith("/trpc/ingest.") };
    if ([...url.searchParams.keys()].some((name) => KEY_PARAM_NAMES.has(name.toLowerCase()))) {
      return refuse(
        call,
        new CollectorError("key_in_query", "keys are never accepted in URLs; send x-rerun-key"),
      );
    }
    const origin = req.headers.get("origin");
    if (origin !== null && !cors.allows(origin)) {
      return refuse(
        call,
        new CollectorError("cors_origin", `origin ${origin} is not allowed; add it to CORS_ORIGINS`),
      );
    }
    // Secret keys (read, admin) are checked on every route but ingest's; an address that failed too often is
    // answered 429 before its key is looked at. Public ingest keys are in every page's source: nothing to guess.
    const secretKeyRoute = !call.ingest && url.pathname !== "/health" && req.method !== "OPTIONS";
    const address = call.info?.remoteAddr?.hostname ?? "unknown";
    const blocked = secretKeyRoute ? authFailures.peek(address, deps.now()) : null;
    const response = blocked?.kind === "limited"
      ? errorResponse(
        url,
        new CollectorError(
          "rate_limited",
          `too many failed authentications from this address; retry in ${blocked.retryAfterS} s`,
          { retryAfterS: blocked.retryAfterS },
        ),
      )
      : req.method === "OPTIONS"
      ? new Response(null, { status: 204, headers: cors.preflightHeaders() })
      : await route(call);
    if (secretKeyRoute && response.status === 401) authFailures.check(address, deps.now());
    if (origin !== null) {
      for (const [name, value] of Object.entries(cors.headers(origin))) response.headers.set(name, value);
    }
    return response;
  };

  return async (req, info) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return errorResponse(null, new CollectorError("bad_input", "malformed request URL"));
    }
    let response: Response;
    try {
      response = await serve(req, info, url);
    } catch (error) {
      deps.log.error("unhandled error in request", {
        path: url.pathname,
        error: error instanceof Error ? error.name : "unknown",
      });
      response = trpcErrorResponse(url, internalError());
    }
    deps.metrics.countRequest(routeLabel(url.pathname), response.status);
    return response;
  };
}

/** Who a rate limit counts: the peer address and the key presented (cut short). */
function clientOf(call: { req: Request; info: ClientInfo | undefined }): string {
  return `${call.info?.remoteAddr?.hostname ?? "unknown"}|${
    (readRequestKey(call.req.headers) ?? "").slice(0, 200)
  }`;
}

function rateLimited(decision: { retryAfterS: number }): CollectorError {
  return new CollectorError("rate_limited", `rate limit reached; retry in ${decision.retryAfterS} s`, {
    retryAfterS: decision.retryAfterS,
  });
}

/** Looks for `"appId":"<id>"` in the first few KB of a JSON body, without parsing all of it. */
function peekAppId(body: Uint8Array | null): string | null {
  if (!body) return null;
  const head = new TextDecoder().decode(body.subarray(0, 4096));
  return head.match(/"appId"\s*:\s*"([A-Za-z0-9][A-Za-z0-9._-]{0,63})"/)?.[1] ?? null;
}

const HEALTH_PATH = "/health";
const METRICS_PATH = "/metrics";
const V1_STATS_PATH = "/v1/stats";

function routeLabel(pathname: string): string {
  if ([HEALTH_PATH, METRICS_PATH, MCP_PATH, V1_STATS_PATH].includes(pathname)) return pathname;
  if (pathname.startsWith("/trpc/")) {
    const procedure = pathname.slice("/trpc/".length);
    return PROCEDURES.has(procedure) ? procedure : "trpc_other";
  }
  return "other";
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
