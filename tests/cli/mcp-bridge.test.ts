/**
 * `rerun-mcp`, the stdio bridge, spawned as users' MCP clients spawn it (the real bin under Node) against
 * the real Deno collector: the same four tools and answers as `/api/mcp`, and one clear line on stderr when
 * the URL or key is wrong.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../collector/router.ts";
import { rageClick } from "../fixtures/sessions/rage-click.ts";
import {
  makeBatch,
  makeKey,
  postBatch,
  type RunningCollector,
  startCollector,
} from "../helpers/collector.ts";
import { REPO_ROOT } from "../helpers/run-cli.ts";

const BIN = join(REPO_ROOT, "cli", "bin", "rerun-mcp.js");

let collector: RunningCollector;
let client: Client;
const batch = makeBatch({ events: rageClick });
const sessionId = batch.sessionId;

/** The child's environment: the parent's minus any rerun settings, plus `extra` (StdioClientTransport passes only a safe subset unless given one). */
function bridgeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("RERUN_")) env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

const trpc = () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${collector.url}/trpc`, headers: { "x-rerun-key": collector.readKey } })],
  });

/** Runs the bridge to exit (it exits at once when start-up fails) and returns its code and stderr. */
function runBridge(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

beforeAll(async () => {
  collector = await startCollector();
  expect((await postBatch(collector, batch)).status).toBe(200);
  client = new Client({ name: "mcp-bridge-test", version: "0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "--url", `${collector.url}/api/mcp`],
      // The key from the environment, as an MCP client's config would set it.
      env: bridgeEnv({ RERUN_READ_KEY: collector.readKey }),
      cwd: REPO_ROOT,
      stderr: "pipe",
    }),
  );
});
afterAll(async () => {
  await client?.close();
  await collector?.stop();
});

describe("rerun-mcp", () => {
  it("relays the collector's six tools with their schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "analyze_replay",
      "get_friction_issue",
      "get_replay_narrative",
      "get_replay_summary",
      "list_friction_issues",
      "list_replays",
    ]);
    expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);
  });

  it("answers each tool as the tRPC procedures do", async () => {
    const api = trpc();
    const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });
    expect((await call("list_replays", { limit: 5 })).structuredContent).toEqual(
      await api.replays.list.query({ limit: 5 }),
    );
    expect((await call("get_replay_summary", { sessionId })).structuredContent).toEqual(
      await api.replays.summary.query({ sessionId }),
    );
    expect((await call("analyze_replay", { sessionId })).structuredContent).toEqual(
      await api.replays.analyze.query({ sessionId }),
    );
    expect((await call("get_replay_narrative", { sessionId })).structuredContent).toEqual({
      ...(await api.replays.narrative.query({ sessionId })),
      truncated: false,
    });
  });

  it("relays a tool error for an unknown session", async () => {
    const result = await client.callTool({
      name: "get_replay_summary",
      arguments: { sessionId: "s_not_recorded" },
    });
    expect(result.isError).toBe(true);
  });

  it("stops at start-up with one line when the key is wrong", async () => {
    const wrong = await runBridge(
      ["--url", `${collector.url}/api/mcp`, "--read-key", makeKey("read")],
      bridgeEnv(),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^rerun-mcp: the collector at .* refused the key \(401.*check --read-key/);
    const publicKey = await runBridge([
      "--url",
      `${collector.url}/api/mcp`,
      "--read-key",
      collector.publicKey,
    ], bridgeEnv());
    expect(publicKey.stderr).toContain("(403");
    expect(publicKey.stderr).toContain("not the public one");
  });

  it("stops at start-up with one line when the URL is wrong", async () => {
    const notMcp = await runBridge(
      ["--url", `${collector.url}/nope`, "--read-key", collector.readKey],
      bridgeEnv(),
    );
    expect(notMcp.code).toBe(1);
    expect(notMcp.stderr).toContain("no MCP endpoint at");
    const closed = await runBridge(
      ["--url", "http://127.0.0.1:9/api/mcp", "--read-key", collector.readKey],
      bridgeEnv(),
    );
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain("cannot reach the collector at http://127.0.0.1:9/api/mcp");
  });

  it("says how to give a key when there is none", async () => {
    const none = await runBridge(
      ["--url", `${collector.url}/api/mcp`, "--data-dir", collector.dataDir],
      bridgeEnv(),
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no read key: pass --read-key or set RERUN_READ_KEY");
  });
});
