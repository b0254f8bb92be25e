import { describe, expect, it } from "vitest";
import { createTestDeps } from "../_test-deps.ts";
import { insertBatch, type NewBatch } from "./batches.ts";
import { getSession } from "./sessions.ts";

const batch = (windowId: string, sequence: number, overrides: Partial<NewBatch> = {}): NewBatch => ({
  sessionId: "session_batches_01",
  windowId,
  sequence,
  appId: "app_batches_test",
  blobKey: `blobs/${windowId}/${sequence}.json.gz`,
  eventCount: 10,
  bytes: 100,
  firstTs: 1_000 + sequence,
  lastTs: 2_000 + sequence,
  receivedAt: 3_000,
  userId: null,
  trigger: null,
  consent: null,
  pages: [],
  ...overrides,
});

describe("insertBatch", () => {
  it("keeps the session's running totals: batches, events, windows and time range", async () => {
    await using deps = await createTestDeps();
    expect(await insertBatch(deps.db, batch("window_aaaaaaaa", 0))).toBe("inserted");
    expect(await insertBatch(deps.db, batch("window_aaaaaaaa", 1, { firstTs: 500 }))).toBe("inserted");
    expect(await insertBatch(deps.db, batch("window_bbbbbbbb", 0, { lastTs: 9_000 }))).toBe("inserted");
    expect(await insertBatch(deps.db, batch("window_bbbbbbbb", 0))).toBe("duplicate");
    expect(await getSession(deps.db, "session_batches_01")).toMatchObject({
      batchCount: 3,
      eventCount: 30,
      windowCount: 2,
      startedAt: 500,
      lastEventAt: 9_000,
    });
  });
});
