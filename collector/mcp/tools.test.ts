import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../_test-deps.ts";
import { createCaller } from "../router.ts";
import { createContextInner } from "../trpc/context.ts";
import { rageClick } from "../../tests/fixtures/sessions/rage-click.ts";
import { MAX_NARRATIVE_CHARS } from "./analysis-tools.ts";
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
    expect(names.sort()).toEqual([
      "analyze_replay",
      "get_friction_issue",
      "get_replay_narrative",
      "get_replay_summary",
      "list_friction_issues",
      "list_replays",
    ]);
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

  it("answers analyze_replay with what replays.analyze answers, findings in the text", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch({ events: rageClick }));
    const client = await connect(deps);
    const result = await client.callTool({ name: "analyze_replay", arguments: { sessionId: SESSION } });
    const report = await reader(deps).replays.analyze({ sessionId: SESSION });
    expect(report.findings.map((f) => f.kind)).toContain("rage_click");
    expect(result.structuredContent).toEqual(report);
    expect(textOf(result)).toContain(`Friction score ${report.frictionScore}/100`);
    expect(textOf(result)).toContain("rage_click (high)");
  });

  it("answers get_replay_narrative with the CSV replays.narrative answers", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch({ events: rageClick }));
    const client = await connect(deps);
    const result = await client.callTool({ name: "get_replay_narrative", arguments: { sessionId: SESSION } });
    const narrative = await reader(deps).replays.narrative({ sessionId: SESSION });
    expect(result.structuredContent).toEqual({ ...narrative, truncated: false });
    expect(textOf(result)).toBe(narrative.csv);
    expect(narrative.csv.startsWith("t_ms,page,kind,target,detail\n")).toBe(true);
  });

  it("cuts a long narrative at maxRows and says so", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch({ events: longSession(400) }));
    const client = await connect(deps);
    const result = await client.callTool({
      name: "get_replay_narrative",
      arguments: { sessionId: SESSION, maxRows: 50 },
    });
    const out = result.structuredContent as { csv: string; rows: number; truncated: boolean; note: string };
    expect(out.truncated).toBe(true);
    expect(out.rows).toBe(51); // 50 rows and the row that counts the rest
    expect(out.csv.trimEnd().split("\n")).toHaveLength(52);
    expect(out.note).toContain("maxRows");
    expect(textOf(result).startsWith("Narrative truncated")).toBe(true);
  });

  it("keeps a two-hour session's narrative under the size bound", async () => {
    await using deps = await createTestDeps();
    await ingest(deps, batch({ events: longSession(4_000) }));
    const client = await connect(deps);
    const result = await client.callTool({
      name: "get_replay_narrative",
      arguments: { sessionId: SESSION, maxRows: 1_000 },
    });
    const out = result.structuredContent as { csv: string; rows: number; truncated: boolean; note: string };
    expect(out.truncated).toBe(true);
    expect(out.csv.length).toBeLessThanOrEqual(MAX_NARRATIVE_CHARS);
    expect(out.note).toContain("character limit");
    expect(JSON.stringify(result).length).toBeLessThan(3 * MAX_NARRATIVE_CHARS);
  });

  it("answers unknown sessions in the analysis tools with a tool error", async () => {
    await using deps = await createTestDeps();
    const client = await connect(deps);
    for (const name of ["analyze_replay", "get_replay_narrative"]) {
      const result = await client.callTool({ name, arguments: { sessionId: "no_such_session" } });
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toContain("no session no_such_session");
    }
  });
});

/** A session of `steps` custom events two seconds apart (4,000 steps ≈ 2 h 13 min). */
function longSession(steps: number): IngestBatchInput["events"] {
  const start = batch().events[0]!;
  const custom = Array.from({ length: steps }, (_, i) => ({
    type: 5,
    data: { tag: "checkout_step", payload: { step: i, plan: "pro-annual-with-a-longer-name" } },
    timestamp: 2_000 + i * 2_000,
  }));
  return [start, ...custom];
}

describe("friction tools", () => {
  it("answer list_friction_issues and get_friction_issue as friction.issues and friction.issue do, bounded", async () => {
    await using deps = await createTestDeps({ SESSION_SETTLE_MINUTES: "0" });
    const { inThreadSettle, runSettleRound } = await import("../settle/settle-loop.ts");
    const now = deps.now();
    await ingest(deps, {
      ...batch(),
      events: rageClick.map((e) => ({ ...e, timestamp: e.timestamp - rageClick[0]!.timestamp + now })),
      final: true,
    });
    while ((await runSettleRound(deps, inThreadSettle(deps))).analysed > 0) { /* settle everything */ }
    const client = await connect(deps);
    const listed = await client.callTool({ name: "list_friction_issues", arguments: { limit: 50 } });
    expect(listed.isError).toBe(true);
    const list = await client.callTool({ name: "list_friction_issues", arguments: {} });
    const expected = await reader(deps).friction.issues({ limit: 10 });
    expect(list.structuredContent).toEqual(expected);
    expect(expected.issues.map((i) => i.kind)).toContain("rage_click");
    expect(textOf(list)).toContain("Rage clicks");
    const fingerprint = expected.issues[0]!.fingerprint;
    const one = await client.callTool({ name: "get_friction_issue", arguments: { fingerprint } });
    expect(one.structuredContent).toEqual(await reader(deps).friction.issue({ fingerprint }));
    const bad = await client.callTool({
      name: "list_friction_issues",
      arguments: { compareRelease: "a" },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("compareRelease needs release");
  });
});
