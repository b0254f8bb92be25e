import { describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../shared/batch.ts";
import { createTestDeps, TEST_KEYS } from "./_test-deps.ts";
import { createCaller } from "./router.ts";
import { createContextInner } from "./trpc/context.ts";
import type { CollectorDeps } from "./deps.ts";

const batch = (overrides: Partial<IngestBatchInput> = {}): IngestBatchInput => ({
  appId: "app_unit_test",
  sessionId: "session_unit_0001",
  windowId: "window_unit_0001",
  sequence: 0,
  events: [
    {
      type: 4,
      data: { href: "https://shop.example/cart?coupon=SECRET#x", width: 800, height: 600 },
      timestamp: 1_000,
    },
    { type: 5, data: { tag: "note", payload: { email: "jane.doe@example.com" } }, timestamp: 1_500 },
  ],
  meta: { url: "https://shop.example/cart" },
  ...overrides,
});

const ingest = (deps: CollectorDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
const reader = (deps: CollectorDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));

describe("appRouter", () => {
  it("stores a batch and lists its session with stripped pages", async () => {
    await using deps = await createTestDeps();
    expect(await ingest(deps).ingest.batch(batch())).toEqual({ accepted: true, duplicate: false });
    const list = await reader(deps).replays.list({});
    expect(list.replays).toHaveLength(1);
    expect(list.replays[0]).toMatchObject({
      sessionId: "session_unit_0001",
      eventCount: 2,
      batchCount: 1,
      windowCount: 1,
      durationMs: 500,
      pages: ["https://shop.example/cart"],
    });
  });

  it("acknowledges a repeated batch as a duplicate and counts it once", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch());
    expect(await ingest(deps).ingest.batch(batch())).toEqual({ accepted: true, duplicate: true });
    const summary = await reader(deps).replays.summary({ sessionId: "session_unit_0001" });
    expect(summary.batchCount).toBe(1);
    expect(summary.eventCount).toBe(2);
  });

  it("acknowledges one of two racing copies as the duplicate", async () => {
    await using deps = await createTestDeps();
    const answers = await Promise.all([
      ingest(deps).ingest.batch(batch()),
      ingest(deps).ingest.batch(batch()),
    ]);
    expect(answers.map((a) => a.duplicate).sort()).toEqual([false, true]);
  });

  it("redacts PII before storing and returns the stitched events", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(
      batch({
        sequence: 1,
        events: [{ type: 5, data: { tag: "x", payload: "mail jane@example.com" }, timestamp: 2_000 }],
      }),
    );
    await ingest(deps).ingest.batch(batch());
    const stitched = await reader(deps).replays.events({ sessionId: "session_unit_0001" });
    expect(stitched.events.map((e) => e.timestamp)).toEqual([1_000, 1_500, 2_000]);
    expect(JSON.stringify(stitched)).not.toContain('example.com"');
    expect(JSON.stringify(stitched)).toContain("[email]");
    expect(stitched.gaps).toEqual([]);
  });

  it("pages newest first with a cursor", async () => {
    await using deps = await createTestDeps();
    for (let i = 0; i < 3; i++) {
      await ingest(deps).ingest.batch(
        batch({
          sessionId: `session_page_000${i}`,
          events: [{ type: 5, data: {}, timestamp: 1_000 * (i + 1) }],
        }),
      );
    }
    const first = await reader(deps).replays.list({ limit: 2 });
    expect(first.replays.map((r) => r.sessionId)).toEqual(["session_page_0002", "session_page_0001"]);
    const second = await reader(deps).replays.list({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.replays.map((r) => r.sessionId)).toEqual(["session_page_0000"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses a public key for reads and a read key for ingest", async () => {
    await using deps = await createTestDeps();
    await expect(ingest(deps).replays.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(reader(deps).ingest.batch(batch())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const anonymous = createCaller(createContextInner(deps));
    await expect(anonymous.ingest.batch(batch())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("accepts the public key from the body field key", async () => {
    await using deps = await createTestDeps();
    const anonymous = createCaller(createContextInner(deps));
    expect(await anonymous.ingest.batch(batch({ key: TEST_KEYS.publicKey }))).toEqual({
      accepted: true,
      duplicate: false,
    });
  });

  it("refuses a sequence over MAX_REPLAY_SEQUENCE and too many events", async () => {
    await using deps = await createTestDeps({ MAX_REPLAY_SEQUENCE: "3", MAX_EVENTS_PER_BATCH: "1" });
    await expect(ingest(deps).ingest.batch(batch({ sequence: 4, events: [] }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(ingest(deps).ingest.batch(batch())).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect((await reader(deps).replays.list({})).replays).toEqual([]);
  });

  it("answers NOT_FOUND for an unknown session", async () => {
    await using deps = await createTestDeps();
    await expect(reader(deps).replays.events({ sessionId: "session_missing1" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("replays.analyze", () => {
  it("returns a FrictionReport for a stored session", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch());
    const report = await reader(deps).replays.analyze({ sessionId: "session_unit_0001" });
    expect(report).toMatchObject({
      sessionId: "session_unit_0001",
      appId: "app_unit_test",
      frictionScore: 0,
    });
    expect(report.pages).toEqual(["https://shop.example/cart"]);
  });
});

describe("replays.narrative", () => {
  it("returns the narrative CSV with its header", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch());
    const narrative = await reader(deps).replays.narrative({ sessionId: "session_unit_0001" });
    expect(narrative.csv.split("\n")[0]).toBe("t_ms,page,kind,target,detail");
    expect(narrative.rows).toBeGreaterThan(0);
  });
});

describe("admin", () => {
  const admin = (deps: CollectorDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.adminKey }));

  it("exports the stored batches and deletes a session by id", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch());
    const exported = await admin(deps).admin.export({ sessionId: "session_unit_0001" });
    expect(exported.batches).toBe(1);
    const lines = exported.ndjson.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((b) => [b.windowId, b.sequence, b.events.length])).toEqual([["window_unit_0001", 0, 2]]);
    expect(await admin(deps).admin.delete({ sessionId: "session_unit_0001" })).toEqual({ deleted: 1 });
    expect(await admin(deps).admin.stats()).toEqual({ sessions: 0, batches: 0, events: 0, storedBytes: 0 });
  });

  it("deletes every session of a user", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch({ meta: { userId: "user-42" } }));
    await ingest(deps).ingest.batch(batch({ sessionId: "session_unit_0002", meta: { userId: "user-42" } }));
    expect(await admin(deps).admin.delete({ userId: "user-42" })).toEqual({ deleted: 2 });
  });

  it("refuses a read key", async () => {
    await using deps = await createTestDeps();
    await expect(reader(deps).admin.stats()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("ingest.behavioral", () => {
  const behavioral = (sequence = 0) => ({
    appId: "app_unit_test",
    sessionId: "session_unit_0001",
    windowId: "window_unit_0001",
    sequence,
    events: [
      { t: 10, kind: "pointer" as const, x: 1, y: 2, target: "#user-jane@example.com" },
      { t: 20, kind: "key" as const, key: "char" as const },
    ],
  });

  it("stores a batch once, redacting PII in targets", async () => {
    await using deps = await createTestDeps();
    expect(await ingest(deps).ingest.behavioral(behavioral())).toEqual({ accepted: true, duplicate: false });
    expect(await ingest(deps).ingest.behavioral(behavioral())).toEqual({ accepted: true, duplicate: true });
    const keys = await deps.blobs.list?.("app_unit_test/") ?? [];
    expect(keys).toEqual(["app_unit_test/session_unit_0001/window_unit_0001/behavioral-0.json.gz"]);
    const { gunzipSync } = await import("node:zlib");
    const stored = gunzipSync((await deps.blobs.get(keys[0] ?? ""))!).toString("utf8");
    expect(stored).not.toContain("jane@example.com");
  });

  it("refuses a read key", async () => {
    await using deps = await createTestDeps();
    await expect(reader(deps).ingest.behavioral(behavioral())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("ingest.check", () => {
  it("confirms a public key and the appId and stores nothing", async () => {
    await using deps = await createTestDeps();
    expect(await ingest(deps).ingest.check({ appId: "app_unit_test" })).toEqual({
      ok: true,
      appId: "app_unit_test",
    });
    expect((await reader(deps).replays.list({})).replays).toEqual([]);
  });

  it("never takes the key from a query's input, which travels in the URL", async () => {
    await using deps = await createTestDeps();
    const anonymous = createCaller(createContextInner(deps));
    const input = { appId: "app_unit_test", key: TEST_KEYS.publicKey } as { appId: string };
    await expect(anonymous.ingest.check(input)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("replays.list by release", () => {
  it("keeps a session's release and lists only the sessions of the release asked for", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch({ sessionId: "session_release_a", meta: { release: "1.0.0" } }));
    await ingest(deps).ingest.batch(batch({ sessionId: "session_release_b", meta: { release: "1.1.0" } }));
    const list = await reader(deps).replays.list({ release: "1.1.0" });
    expect(list.replays.map((r) => [r.sessionId, r.release])).toEqual([["session_release_b", "1.1.0"]]);
    expect((await reader(deps).replays.summary({ sessionId: "session_release_a" })).release).toBe("1.0.0");
    await expect(ingest(deps).ingest.batch(batch({ meta: { release: "no spaces allowed" } }))).rejects
      .toThrow(
        /release/,
      );
  });
});
