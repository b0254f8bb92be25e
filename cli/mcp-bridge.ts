/**
 * `rerun-mcp`: a stdio MCP server for clients that cannot send an Authorization header. It forwards
 * `tools/list` and `tools/call` to a collector's `/api/mcp` with the SDK's Client over Streamable HTTP,
 * adding `Authorization: Bearer <read key>`. The tools are defined once, in the collector; this process only
 * relays them. At start-up it connects once and lists the tools, so a wrong URL or key fails right away with
 * one line on stderr and exit code 1 (stdout belongs to the MCP protocol).
 *
 *   rerun-mcp --url http://127.0.0.1:8787/api/mcp --read-key read_replay_…
 */
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { escapeControlChars, escapeControlCharsDeep } from "../shared/control-chars.ts";
import { CliError } from "./errors.ts";
import { requireReadKey, resolveTarget } from "./resolve.ts";

const VERSION = "0.1.0";
const MCP_PATH = "/api/mcp";

const USAGE = `rerun-mcp: stdio MCP server that forwards to a rerun collector

Usage: rerun-mcp --url <collector>/api/mcp --read-key <key>

  --url URL        the collector's MCP endpoint (default: RERUN_URL, then .rerun/quickstart.json);
                   a bare collector URL gets ${MCP_PATH} appended
  --read-key KEY   a read or admin key (default: RERUN_READ_KEY, then .rerun/quickstart.json)
  --data-dir DIR   where \`rerun quickstart\` keeps its state (default .rerun)
  --help, --version
`;

type BridgeTarget = { endpoint: URL; key: string };

async function parseTarget(argv: string[]): Promise<BridgeTarget | null> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: "string" },
        "read-key": { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    }));
  } catch (error) {
    throw new CliError("usage", `${error instanceof Error ? error.message : String(error)}; run with --help`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return null;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return null;
  }
  const target = await resolveTarget({
    url: values.url,
    readKey: values["read-key"],
    dataDir: values["data-dir"],
  });
  let endpoint: URL;
  try {
    endpoint = new URL(target.url);
  } catch {
    throw new CliError(
      "usage",
      `--url "${target.url}" is not a URL; pass e.g. http://127.0.0.1:8787${MCP_PATH}`,
    );
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") {
    throw new CliError("usage", `--url must be http(s), got ${endpoint.protocol}`);
  }
  if (endpoint.pathname === "/" || endpoint.pathname === "") endpoint.pathname = MCP_PATH;
  return { endpoint, key: requireReadKey(target) };
}

/** The message the collector put in its JSON-RPC error body, if the SDK error carries one. */
function remoteMessage(error: Error): string | null {
  const json = error.message.match(/\{.*\}/s)?.[0];
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === "string" ? parsed.error.message : null;
  } catch {
    return null;
  }
}

/** Turns a failure to reach or use the remote endpoint into one line that says what to do. */
function explain(error: unknown, endpoint: URL): CliError {
  const where = endpoint.href;
  if (error instanceof StreamableHTTPError) {
    const said = remoteMessage(error);
    switch (error.code) {
      case 401:
        return new CliError(
          "collector_refused",
          `the collector at ${where} refused the key (401${
            said ? `: ${said}` : ""
          }); check --read-key or RERUN_READ_KEY`,
        );
      case 403:
        return new CliError(
          "collector_refused",
          `the collector at ${where} refused the key (403${
            said ? `: ${said}` : ""
          }); use a read or admin key, not the public one`,
        );
      case 404:
      case 405:
        return new CliError(
          "collector_refused",
          `no MCP endpoint at ${where} (${error.code}); the URL should be the collector's base URL + ${MCP_PATH}`,
        );
      default:
        return new CliError(
          "collector_refused",
          `the collector at ${where} answered ${error.code}: ${said ?? error.message}`,
        );
    }
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (error instanceof TypeError || typeof cause === "string") {
    return new CliError(
      "collector_unreachable",
      `cannot reach the collector at ${where}${typeof cause === "string" ? ` (${cause})` : ""}; ` +
        "is it running (`rerun quickstart`) and is --url right?",
    );
  }
  return new CliError(
    "collector_refused",
    `MCP handshake with ${where} failed: ${
      error instanceof Error ? error.message : String(error)
    }; is this a rerun collector?`,
  );
}

async function connectRemote(target: BridgeTarget): Promise<Client> {
  const client = new Client({ name: "rerun-mcp", version: VERSION });
  const transport = new StreamableHTTPClientTransport(target.endpoint, {
    requestInit: { headers: { authorization: `Bearer ${target.key}` } },
  });
  try {
    await client.connect(transport);
    await client.listTools(); // proves the key can read, and primes the output-schema checks
  } catch (error) {
    await client.close().catch(() => {});
    throw explain(error, target.endpoint);
  }
  return client;
}

async function serveStdio(remote: Client, endpoint: URL): Promise<void> {
  const server = new Server(
    { name: "rerun", version: remote.getServerVersion()?.version ?? VERSION },
    { capabilities: { tools: {} }, instructions: remote.getInstructions() },
  );
  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    try {
      return await remote.listTools(request.params);
    } catch (error) {
      throw new Error(explain(error, endpoint).message);
    }
  });
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    try {
      // Escaped again here, so a collector from before issue 28 cannot reach a terminal through the bridge.
      return escapeControlCharsDeep(await remote.callTool(request.params)) as CallToolResult;
    } catch (error) {
      // A tool error the agent can read beats a protocol error it may not show.
      const text = escapeControlChars(explain(error, endpoint).message);
      return { isError: true, content: [{ type: "text", text }] };
    }
  });
  const stdio = new StdioServerTransport();
  stdio.onclose = () => void remote.close().finally(() => process.exit(0));
  await server.connect(stdio);
}

try {
  const target = await parseTarget(process.argv.slice(2));
  if (target) {
    const remote = await connectRemote(target);
    await serveStdio(remote, target.endpoint);
    process.stderr.write(`rerun-mcp: forwarding stdio to ${target.endpoint.href}\n`);
  }
} catch (error) {
  const message = error instanceof CliError
    ? error.message
    : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`rerun-mcp: ${escapeControlChars(message)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
