/**
 * The collector's MCP endpoint, `/api/mcp`: MCP Streamable HTTP in stateless mode with JSON responses, so
 * every POST is answered on its own and any collector instance can take any request (no session state, as
 * Deno Deploy wants). Per request: the key is checked first (read or admin; none/unknown → 401, public →
 * 403, and no tool runs), the body is read under a small cap, then a fresh `McpServer` with the tools is
 * connected to a fresh transport for this one request.
 */
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.d.ts"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/server/webStandardStreamableHttp.d.ts"
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import pkg from "../../package.json" with { type: "json" };
import type { CollectorDeps } from "../deps.ts";
import { CollectorError } from "../errors.ts";
import { classifyKey, readRequestKey } from "../trpc/auth.ts";
import { jsonRpcErrorResponse } from "../wire-errors.ts";
import { registerAnalysisTools } from "./analysis-tools.ts";
import { registerFrictionTools } from "./friction-tools.ts";
import { registerReplayTools } from "./replay-tools.ts";

export const MCP_PATH = "/api/mcp";

/** Tool calls are a few hundred bytes; this leaves room for long cursors and client metadata. */
const MAX_MCP_BODY_BYTES = 64 * 1024;

const INSTRUCTIONS = "rerun serves recorded browser sessions and their friction reports. " +
  "Call list_replays to find a sessionId, analyze_replay for findings (rage clicks, dead clicks, errors, " +
  "broken flows) with timestamps and evidence, and get_replay_narrative for what the user did step by step. " +
  "Input values are never recorded; page text is masked.";

/** An MCP server with every rerun tool, reading through `deps`. Used per HTTP request and by tests. */
export function createMcpServer(deps: CollectorDeps): McpServer {
  const server = new McpServer({ name: "rerun", version: pkg.version }, { instructions: INSTRUCTIONS });
  registerReplayTools(server, deps);
  registerAnalysisTools(server, deps);
  registerFrictionTools(server, deps);
  return server;
}

/**
 * Reads a request body under a cap, gunzipping it like every other body the collector reads; the HTTP edge
 * passes its own (`ingest/request-body.ts`).
 */
export type ReadBody = (
  req: Request,
  maxBytes: number,
) => Promise<
  { kind: "ok"; bytes: Uint8Array } | { kind: "too_large" } | { kind: "bad_encoding"; message: string }
>;

/** Answers one request to `/api/mcp`. */
export async function handleMcpRequest(
  req: Request,
  deps: CollectorDeps,
  readBody: ReadBody,
): Promise<Response> {
  const refusal = await checkRequest(req, deps);
  if (refusal) return jsonRpcErrorResponse(refusal);
  const body = await readBody(req, MAX_MCP_BODY_BYTES);
  if (body.kind === "too_large") {
    return jsonRpcErrorResponse(
      new CollectorError(
        "body_too_large",
        `MCP request body is over ${MAX_MCP_BODY_BYTES} bytes; send one message at a time`,
      ),
    );
  }
  if (body.kind === "bad_encoding") {
    return jsonRpcErrorResponse(new CollectorError("bad_input", body.message));
  }
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(new TextDecoder().decode(body.bytes));
  } catch {
    return jsonRpcErrorResponse(new CollectorError("bad_input", "body is not JSON: send a JSON-RPC message"));
  }

  const server = createMcpServer(deps);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    // A Request without the original's body and abort signal: the body is already parsed, and Deno's
    // request signal would abort as soon as any response completes.
    const headers = new Headers(req.headers);
    headers.delete("content-encoding");
    headers.delete("content-length");
    return await transport.handleRequest(new Request(req.url, { method: "POST", headers }), { parsedBody });
  } finally {
    await server.close();
  }
}

/** The key (read or admin) and the method (POST) an MCP request needs; null when it has both. */
async function checkRequest(req: Request, deps: CollectorDeps): Promise<CollectorError | null> {
  const found = await classifyKey(deps.config, readRequestKey(req.headers));
  if (found === "none") {
    return new CollectorError(
      "no_key",
      "no key: send `Authorization: Bearer <read key>` (a read or admin key)",
    );
  }
  if (found === "unknown") {
    return new CollectorError(
      "unknown_key",
      "unknown key: use a read or admin key the collector was started with (READ_KEYS)",
    );
  }
  if (found === "public") {
    return new CollectorError(
      "wrong_key_kind",
      "a public ingest key cannot read replays; use a read or admin key",
    );
  }
  // Stateless: there is no server-initiated stream to open (GET) and no session to end (DELETE).
  if (req.method !== "POST") {
    return new CollectorError("method_not_allowed", `${req.method} is not supported here; POST MCP messages`);
  }
  return null;
}
