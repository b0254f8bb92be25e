/**
 * `/api/mcp`: MCP Streamable HTTP (read or admin key; `collector/mcp/server.ts`) under READ_RATE_LIMIT. The
 * body is read like every other (`ingest/request-body.ts`), which the edge lends to the MCP server.
 */
import type { CollectorDeps } from "../deps.ts";
import { readRequestBody } from "../ingest/request-body.ts";
import { handleMcpRequest } from "../mcp/server.ts";
import type { RateLimiter } from "../ops/rate-limit.ts";
import { type Call, clientOf } from "./call.ts";
import { errorResponse } from "../wire-errors.ts";
import { rateLimited } from "./guards.ts";

export function createMcpRoute(deps: CollectorDeps, limiter: RateLimiter): (call: Call) => Promise<Response> {
  return async (call) => {
    const decision = limiter.check(clientOf(call), deps.now());
    if (decision.kind === "limited") return errorResponse(call.url, rateLimited(decision));
    return await handleMcpRequest(call.req, deps, readRequestBody);
  };
}
