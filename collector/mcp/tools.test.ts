import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../_test-deps.ts";
import { createCaller } from "../router.ts";
import { createContextInner } from "../trpc/context.ts";
import { MAX_PAGES_PER_SUMMARY } from "./replay-tools.ts";
import { createMcpServer } from "./server.ts";

const SESSION = "session_mcp_unit_01";

const batch = (overrides: Partial<IngestBatchInput> = {}): IngestBatchInput => ({
  appId: "app_mcp_unit",
  sessionId: SESSION,
  windowId: "window_mcp_unit_01",
  sequence: 0,
  events: [
    {
      type: 4,
      data: { href: "https://shop.example/cart?coupon=SECRET", width: 800, height: 600 },
      timestamp: 1_000,
    },
    {
      type: 5,
      data: { tag: "rerun.navigation", payload: { url: "https://shop.example/checkout", kind: "pushState" } },
      timestamp: 61_000,
    },
  ],
  meta: { url: "https://shop.example/cart" },
  ...overrides,
});

/** Deps with one recorded session, and an MCP client linked in memory to a server over them. */
async function connect(deps: TestDeps): Promise<Client> {
  const server = createMcpServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "tools-test", version: "0" });
  await client.connect(clientSide);
  return client;
}

const ingest = (deps: TestDeps, b: IngestBatchInput) =>
  createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey })).ingest.batch(b);
const reader = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));

const textOf = (result: object) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? "").join("\n");

describe("createMcpServer", () => {
  it("lists the replay tools with input and output schemas", async () => {
    await using deps = await createTestDeps();
    const client = await connect(deps);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["list_replays", "get_replay_summary"]));
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
    const list = tools.find((t) => t.name === "list_replays");
    expect(Object.keys(list?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["limit", "since", "appId"]),
    );
  });

  it("answers list_replays with what replays.list answers, plus readable text", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch());
    const client = await connect(deps);
    const result = await client.callTool({ name: "list_replays", arguments: { limit: 5 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(await reader(deps).replays.list({ limit: 5 }));
    expect(textOf(result)).toContain(SESSION);
    expect(textOf(result)).toContain("1m 00s");
  });

  it("filters list_replays by appId and since", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch());
    const client = await connect(deps);
    const other = await client.callTool({ name: "list_replays", arguments: { appId: "app_someone_else" } });
    expect(other.structuredContent).toEqual({ replays: [], nextCursor: null });
    const later = await client.callTool({
      name: "list_replays",
      arguments: { since: "2100-01-01T00:00:00Z" },
    });
    expect(later.structuredContent).toEqual({ replays: [], nextCursor: null });
  });

  it("answers get_replay_summary with what replays.summary answers", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch());
    const client = await connect(deps);
    const result = await client.callTool({ name: "get_replay_summary", arguments: { sessionId: SESSION } });
    expect(result.structuredContent).toEqual(await reader(deps).replays.summary({ sessionId: SESSION }));
    expect(textOf(result)).toContain("https://shop.example/cart");
    expect(textOf(result)).not.toContain("SECRET");
  });

  it("bounds the pages a summary lists and keeps the true page count", async () => {
    await using deps = await createTestDeps();
    const pages = Array.from({ length: MAX_PAGES_PER_SUMMARY + 5 }, (_, i) => ({
      type: 5,
      data: { tag: "rerun.navigation", payload: { url: `https://shop.example/p${i}`, kind: "pushState" } },
      timestamp: 2_000 + i,
    }));
    await ingest(deps, batch({ events: [...batch().events, ...pages] }));
    const client = await connect(deps);
    const result = await client.callTool({ name: "get_replay_summary", arguments: { sessionId: SESSION } });
    const summary = result.structuredContent as { pages: string[]; pageCount: number };
    expect(summary.pages).toHaveLength(MAX_PAGES_PER_SUMMARY);
    expect(summary.pageCount).toBeGreaterThan(MAX_PAGES_PER_SUMMARY);
    expect(textOf(result)).toMatch(/\(\+\d+ more\)/);
  });

  it("answers an unknown session with a tool error that says what to do", async () => {
    await using deps = await createTestDeps();
    const client = await connect(deps);
    const result = await client.callTool({
      name: "get_replay_summary",
      arguments: { sessionId: "no_such_session" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "no session no_such_session on this collector: check the id with list_replays",
    );
  });

  it("refuses a malformed session id as a tool error naming the field", async () => {
    await using deps = await createTestDeps();
    const client = await connect(deps);
    const result = await client.callTool({ name: "get_replay_summary", arguments: { sessionId: "../etc" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("sessionId");
  });
});
