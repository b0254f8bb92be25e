/**
 * Issue 28, item 1: one batch whose event is dated beyond what a JavaScript date can hold (8.64e15 ms, or
 * 1.7e308) made `replays.list` and `replays.summary` answer 500 (`RangeError: Invalid time value`) for
 * everyone, and a session dated 2100 sat at the top of the list. Ingest now refuses such a batch whole
 * (`timestamp_out_of_range`), and every reader copes with a row an older collector already stored.
 */
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../../collector/_test-deps.ts";
import { createMcpServer } from "../../collector/mcp/server.ts";
import { createCaller } from "../../collector/router.ts";
import { batchBlobKey } from "../../collector/storage/blobs/blob-store.ts";
import { insertBatch } from "../../collector/storage/batches.ts";
import { createContextInner } from "../../collector/trpc/context.ts";

const ingest = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
const reader = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));

const batch = (sessionId: string, timestamps: number[]): IngestBatchInput => ({
  appId: "app_event_times",
  sessionId,
  windowId: "window_event_times",
  sequence: 0,
  events: timestamps.map((timestamp, i) =>
    i === 0
      ? { type: 4, data: { href: "https://shop.example/", width: 800, height: 600 }, timestamp }
      : { type: 3, data: { source: 2, type: 2, id: 1, x: 10, y: 10 }, timestamp }
  ),
  meta: { url: "https://shop.example/" },
});

/** What an older collector stored for a poisoned batch: the row and the blob, as they were written then. */
async function storeAsOlderCollector(deps: TestDeps, sessionId: string, timestamps: number[]) {
  const b = batch(sessionId, timestamps);
  const blobKey = batchBlobKey(b);
  await deps.blobs.put(blobKey, gzipSync(JSON.stringify(b)));
  await insertBatch(deps.db, {
    sessionId,
    windowId: b.windowId,
    sequence: 0,
    appId: b.appId,
    blobKey,
    eventCount: timestamps.length,
    bytes: 100,
    rawBytes: 1_000,
    firstTs: Math.min(...timestamps),
    lastTs: Math.max(...timestamps),
    receivedAt: deps.now(),
    userId: null,
    trigger: null,
    consent: null,
    pages: [{ url: "https://shop.example/", firstTs: Math.min(...timestamps) }],
  });
}

describe("issue 28: event times", () => {
  it.each([8.64e15 + 1, 1.7e308])(
    "refuses a batch with an event dated %d and stores nothing of it",
    async (ts) => {
      await using deps = await createTestDeps();
      const now = deps.now();
      await ingest(deps).ingest.batch(batch("session_honest_01", [now, now + 1_000]));
      await expect(ingest(deps).ingest.batch(batch("session_poison_01", [now, ts]))).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("ahead of the collector's clock"),
      });
      const list = await reader(deps).replays.list({});
      expect(list.replays.map((r) => r.sessionId)).toEqual(["session_honest_01"]);
    },
  );

  it("refuses a batch dated in 2100, so --latest keeps picking the real newest session", async () => {
    await using deps = await createTestDeps();
    const now = deps.now();
    await ingest(deps).ingest.batch(batch("session_honest_02", [now]));
    await expect(ingest(deps).ingest.batch(batch("session_2100_0001", [Date.UTC(2100, 0, 1)])))
      .rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A clock a few hours ahead (a wrong time zone) is still inside the window.
    await ingest(deps).ingest.batch(batch("session_skewed_01", [now + 5 * 3_600_000]));
    const list = await reader(deps).replays.list({ limit: 1 });
    expect(list.replays[0]?.sessionId).toBe("session_skewed_01");
  });

  it("reads rows an older collector stored with any event time: list, summary, events, analysis, MCP", async () => {
    await using deps = await createTestDeps();
    const now = deps.now();
    await storeAsOlderCollector(deps, "session_poison_02", [now, 1.7e308]);
    await storeAsOlderCollector(deps, "session_poison_03", [8.7e15]);
    await ingest(deps).ingest.batch(batch("session_honest_03", [now, now + 2_000]));

    const list = await reader(deps).replays.list({});
    expect(list.replays).toHaveLength(3);
    for (const summary of list.replays) expect(Date.parse(summary.startedAt)).not.toBeNaN();
    const summary = await reader(deps).replays.summary({ sessionId: "session_poison_02" });
    expect(summary.durationMs).toBeLessThan(25 * 3_600_000);
    const events = await reader(deps).replays.events({ sessionId: "session_poison_02" });
    expect(events.events.map((e) => e.timestamp)).toEqual([now]);
    const report = await reader(deps).replays.analyze({ sessionId: "session_poison_02" });
    expect(Date.parse(report.startedAt)).toBe(now);
    await reader(deps).replays.narrative({ sessionId: "session_poison_03" });

    const server = createMcpServer(deps);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "event-times", version: "0" });
    await client.connect(clientSide);
    const tool = await client.callTool({ name: "list_replays", arguments: {} });
    expect(tool.isError).toBeFalsy();
    const pages = await reader(deps).replays.list({ limit: 1 });
    const older = await reader(deps).replays.list({ limit: 5, cursor: pages.nextCursor ?? "" });
    expect(older.replays).toHaveLength(2);
  });

  it("moves stored sessions dated ahead of their last batch back into the window (migration 0003)", async () => {
    await using deps = await createTestDeps();
    const now = deps.now();
    await storeAsOlderCollector(deps, "session_2100_0002", [Date.UTC(2100, 0, 1)]);
    await ingest(deps).ingest.batch(batch("session_honest_04", [now + 60_000]));
    const migration = await readFile(
      new URL("../../collector/storage/migrations/0003_bound_event_times.sql", import.meta.url),
      "utf8",
    );
    for (const statement of migration.split("--> statement-breakpoint")) {
      await deps.db.run(sql.raw(statement));
    }
    const list = await reader(deps).replays.list({});
    expect(list.replays.map((r) => r.sessionId)).toEqual(["session_honest_04", "session_2100_0002"]);
  });
});
