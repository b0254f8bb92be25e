/**
 * `/api/mcp` on the real Deno collector: the SDK's Client over Streamable HTTP lists the four tools and calls
 * each on a session ingested through the real HTTP route, and each answer matches the tRPC procedure's.
 * Missing, unknown and public keys are refused before any tool runs.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
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

let collector: RunningCollector;
let client: Client;
const batch = makeBatch({ events: rageClick });
const sessionId = batch.sessionId;

const trpc = () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${collector.url}/trpc`, headers: { "x-rerun-key": collector.readKey } })],
  });

const textOf = (result: object) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? "").join("\n");

beforeAll(async () => {
  collector = await startCollector();
  expect((await postBatch(collector, batch)).status).toBe(200);
  client = new Client({ name: "mcp-http-test", version: "0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${collector.url}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${collector.readKey}` } },
    }),
  );
});
afterAll(async () => {
  await client?.close();
  await collector?.stop();
});

describe("/api/mcp", () => {
  it("names itself and lists the six tools", async () => {
    expect(client.getServerVersion()?.name).toBe("rerun");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "analyze_replay",
      "get_friction_issue",
      "get_replay_narrative",
      "get_replay_summary",
      "list_friction_issues",
      "list_replays",
    ]);
  });

  it("answers list_replays and get_replay_summary as replays.list and replays.summary do", async () => {
    const list = await client.callTool({ name: "list_replays", arguments: { limit: 10 } });
    expect(list.structuredContent).toEqual(await trpc().replays.list.query({ limit: 10 }));
    expect(textOf(list)).toContain(sessionId);
    const summary = await client.callTool({ name: "get_replay_summary", arguments: { sessionId } });
    expect(summary.structuredContent).toEqual(await trpc().replays.summary.query({ sessionId }));
  });

  it("answers analyze_replay and get_replay_narrative as replays.analyze and replays.narrative do", async () => {
    const report = await client.callTool({ name: "analyze_replay", arguments: { sessionId } });
    const expected = await trpc().replays.analyze.query({ sessionId });
    expect(expected.findings.length).toBeGreaterThan(0);
    expect(report.structuredContent).toEqual(expected);
    const narrative = await client.callTool({ name: "get_replay_narrative", arguments: { sessionId } });
    expect(narrative.structuredContent).toEqual({
      ...(await trpc().replays.narrative.query({ sessionId })),
      truncated: false,
    });
  });

  it("answers an unknown session with a tool error", async () => {
    const result = await client.callTool({
      name: "analyze_replay",
      arguments: { sessionId: "s_not_recorded" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("no session s_not_recorded");
  });
});

describe("/api/mcp keys", () => {
  const listToolsWith = (headers: Record<string, string>) =>
    fetch(`${collector.url}/api/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "list_replays", arguments: {} },
      }),
    });

  it("refuses a request without a key with 401 and runs no tool", async () => {
    const res = await listToolsWith({});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const body = await res.json() as { error: { message: string }; result?: unknown };
    expect(body.result).toBeUndefined();
    expect(body.error.message).toContain("Authorization: Bearer");
  });

  it("refuses an unknown key with 401 and a public key with 403", async () => {
    expect((await listToolsWith({ authorization: `Bearer ${makeKey("read")}` })).status).toBe(401);
    const res = await listToolsWith({ authorization: `Bearer ${collector.publicKey}` });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(sessionId);
  });

  it("accepts an admin key", async () => {
    const res = await listToolsWith({ authorization: `Bearer ${collector.adminKey}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(sessionId);
  });

  it("makes the SDK client fail to connect with a wrong key", async () => {
    const bad = new Client({ name: "mcp-http-test", version: "0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${collector.url}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${collector.publicKey}` } },
    });
    await expect(bad.connect(transport)).rejects.toMatchObject({ code: 403 });
  });
});
