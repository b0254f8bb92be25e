/**
 * The collector's HTTP surface as one fetch handler, portable across Deno.serve, Deno Deploy and tests. The
 * routes, each a module of `http/`:
 *
 *   OPTIONS *      CORS preflight (allowed origins only)
 *   GET /health    liveness (always 200) and whether the database and blob store answer, no auth
 *   GET /metrics   Prometheus text (`http/metrics-route.ts`)
 *   /trpc/*        tRPC: ingest.*, replays.*, admin.*, friction.* (`http/trpc-route.ts`)
 *   POST /api/mcp  MCP Streamable HTTP (`http/mcp-route.ts`)
 *   GET /v1/stats  `admin.stats`'s answer as plain JSON (`http/v1-stats-route.ts`)
 *
 * Checks that apply to every route run first, in this order: a key in the query string (400, so keys never
 * land in access logs), then a foreign Origin (403), then, on routes that take a read or admin key, an
 * address with too many failed authentications (429, AUTH_FAILURE_LIMIT). A refused request never reaches
 * storage, and refused ingest requests are counted by reason for `admin.refusals`.
 */
import { createCorsPolicy } from "./cors.ts";
import type { CollectorDeps } from "./deps.ts";
import type { Call, ClientInfo } from "./http/call.ts";
import { CollectorError } from "./errors.ts";
import { createAuthFailureGuard, hasKeyInQuery } from "./http/guards.ts";
import { jsonResponse } from "./http/json-response.ts";
import { createMcpRoute } from "./http/mcp-route.ts";
import { createMetricsRoute, METRICS_PATH } from "./http/metrics-route.ts";
import { createEdgeRefusals } from "./http/refusals.ts";
import { createTrpcRoute } from "./http/trpc-route.ts";
import { answerV1Stats, V1_STATS_PATH } from "./http/v1-stats-route.ts";
import { MCP_PATH } from "./mcp/server.ts";
import { createHealthReport } from "./ops/health-report.ts";
import { createRateLimiter } from "./ops/rate-limit.ts";
import { appRouter } from "./router.ts";
import { errorResponse, internalError, trpcErrorResponse } from "./wire-errors.ts";

export type { ClientInfo } from "./http/call.ts";
export type HttpHandler = (req: Request, info?: ClientInfo) => Promise<Response>;

const HEALTH_PATH = "/health";

export function createHttpHandler(deps: CollectorDeps): HttpHandler {
  const { config } = deps;
  const cors = createCorsPolicy(config.CORS_ORIGINS);
  const refusals = createEdgeRefusals(deps);
  const authFailures = createAuthFailureGuard(deps);
  const limiters = {
    ingest: createRateLimiter(config.INGEST_RATE_LIMIT),
    admin: createRateLimiter(config.ADMIN_RATE_LIMIT),
    read: createRateLimiter(config.READ_RATE_LIMIT),
  };
  const trpc = createTrpcRoute(deps, { limiters, refusals });
  const metrics = createMetricsRoute(deps);
  const mcp = createMcpRoute(deps, limiters.read);
  const healthReport = deps.health
    ? createHealthReport({ ...deps, health: deps.health })
    : () => ({ ok: true });

  const route = async (call: Call): Promise<Response> => {
    const { req, url } = call;
    const read = req.method === "GET" || req.method === "HEAD";
    if (req.method === "OPTIONS") {
      return new Response(null, { status: 204, headers: cors.preflightHeaders() });
    }
    if (url.pathname === HEALTH_PATH && read) return jsonResponse(200, healthReport());
    if (url.pathname === METRICS_PATH && read) return await metrics(req);
    if (url.pathname === MCP_PATH) return await mcp(call);
    if (url.pathname === V1_STATS_PATH && read) return await answerV1Stats(call, trpc);
    if (url.pathname.startsWith("/trpc/")) return await trpc(call);
    return errorResponse(url, new CollectorError("not_found", `no route ${req.method} ${url.pathname}`));
  };

  const serve = async (call: Call): Promise<Response> => {
    if (hasKeyInQuery(call.url)) {
      return refusals.refuse(
        call,
        new CollectorError("key_in_query", "keys are never accepted in URLs; send x-rerun-key"),
      );
    }
    const origin = call.req.headers.get("origin");
    if (origin !== null && !cors.allows(origin)) {
      return refusals.refuse(
        call,
        new CollectorError("cors_origin", `origin ${origin} is not allowed; add it to CORS_ORIGINS`),
      );
    }
    const response = authFailures.blocked(call) ?? await route(call);
    authFailures.count(call, response);
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
      response = await serve({ req, url, info, ingest: url.pathname.startsWith("/trpc/ingest.") });
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

/** Procedure names, a closed set for metric labels (a URL path is attacker-chosen). */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

function routeLabel(pathname: string): string {
  if ([HEALTH_PATH, METRICS_PATH, MCP_PATH, V1_STATS_PATH].includes(pathname)) return pathname;
  if (pathname.startsWith("/trpc/")) {
    const procedure = pathname.slice("/trpc/".length);
    return PROCEDURES.has(procedure) ? procedure : "trpc_other";
  }
  return "other";
}
