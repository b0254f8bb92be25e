/**
 * The collector's HTTP surface as one fetch handler, portable across Deno.serve, Deno Deploy and tests:
 *
 *   OPTIONS *     CORS preflight (allowed origins only)
 *   GET /health   process health, no auth
 *   /trpc/*       tRPC (ingest.*, replays.*), after body limits and gzip decoding
 *
 * Checks that apply to every route run first, in this order: a key in the query string (400, so keys never
 * land in access logs), then a foreign Origin (403). A refused request never reaches storage.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { createCorsPolicy } from "./cors.ts";
import type { CollectorDeps } from "./deps.ts";
import { decodeRequestBody } from "./ingest/decode.ts";
import { handleMcpRequest, MCP_PATH } from "./mcp/server.ts";
import { appRouter } from "./router.ts";
import { createContext } from "./trpc/context.ts";

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

type WireCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

export type HttpHandler = (req: Request) => Promise<Response>;

export function createHttpHandler(deps: CollectorDeps): HttpHandler {
  const cors = createCorsPolicy(deps.config.CORS_ORIGINS);

  const route = async (req: Request, url: URL): Promise<Response> => {
    if (url.pathname === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      return json(200, { ok: true });
    }
    if (url.pathname === MCP_PATH) return await handleMcpRequest(req, deps);
    if (url.pathname.startsWith("/trpc/")) return await handleTrpc(req, url);
    return json(404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  };

  const handleTrpc = async (req: Request, url: URL): Promise<Response> => {
    // A fresh Request without the original's abort signal: Deno's legacy signal semantics abort it on every
    // completed response and warn when it is read, and tRPC has no long-running work to cancel here.
    let trpcReq = new Request(req.url, { method: req.method, headers: req.headers });
    if (req.method === "POST") {
      const body = await decodeRequestBody(req, deps.config.MAX_BODY_BYTES);
      if (body.kind === "too_large") return refuse(url, "body_too_large", "PAYLOAD_TOO_LARGE", body.message);
      if (body.kind === "bad_encoding") return refuse(url, "bad_batch", "BAD_REQUEST", body.message);
      const headers = new Headers(req.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      // sendBeacon can only send text/plain without a preflight; its body is the same JSON.
      const type = headers.get("content-type") ?? "";
      if (type === "" || type.toLowerCase().startsWith("text/plain")) {
        headers.set("content-type", "application/json");
      }
      trpcReq = new Request(req.url, {
        method: "POST",
        headers,
        body: body.bytes as Uint8Array<ArrayBuffer>,
      });
    }
    return await fetchRequestHandler({
      endpoint: "/trpc",
      req: trpcReq,
      router: appRouter,
      createContext: () => createContext(trpcReq, deps),
    });
  };

  const refuse = (url: URL, reason: string, code: WireCode, message: string): Response => {
    deps.log.info("request refused", { reason, path: url.pathname });
    return trpcError(url, code, message);
  };

  return async (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return json(400, { error: { message: "malformed request URL" } });
    }
    try {
      if ([...url.searchParams.keys()].some((name) => KEY_PARAM_NAMES.has(name.toLowerCase()))) {
        return refuse(
          url,
          "key_in_query",
          "BAD_REQUEST",
          "keys are never accepted in URLs; send x-rerun-key",
        );
      }
      const origin = req.headers.get("origin");
      if (origin !== null && !cors.allows(origin)) {
        return refuse(
          url,
          "cors_origin",
          "FORBIDDEN",
          `origin ${origin} is not allowed; add it to CORS_ORIGINS`,
        );
      }
      const response = req.method === "OPTIONS"
        ? new Response(null, { status: 204, headers: cors.preflightHeaders() })
        : await route(req, url);
      if (origin !== null) {
        for (const [name, value] of Object.entries(cors.headers(origin))) response.headers.set(name, value);
      }
      return response;
    } catch (error) {
      deps.log.error("unhandled error in request", {
        path: url.pathname,
        error: error instanceof Error ? error.name : "unknown",
      });
      return trpcError(
        url,
        "INTERNAL_SERVER_ERROR",
        "internal error in the collector; the details are in its log",
      );
    }
  };
}

const HTTP_STATUS: Partial<Record<WireCode, number>> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * An error in tRPC's own envelope, so `@trpc/client` shows our message. Batched calls (`?batch=1`) expect one
 * entry per procedure in the path.
 */
function trpcError(url: URL, code: WireCode, message: string): Response {
  const status = HTTP_STATUS[code] ?? 500;
  const error = {
    error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } },
  };
  const path = url.pathname.startsWith("/trpc/") ? url.pathname.slice("/trpc/".length) : "";
  const body = url.searchParams.get("batch") === "1" ? path.split(",").map(() => error) : error;
  return json(status, body);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
