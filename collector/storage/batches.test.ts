import { describe, expect, it } from "vitest";
import { createTestDeps } from "../_test-deps.ts";
import { insertBatch, listSessionBatches, type NewBatch, PAGES_PER_STATEMENT } from "./batches.ts";
import { getSession, getSessionPages } from "./sessions.ts";

const batch = (windowId: string, sequence: number, overrides: Partial<NewBatch> = {}): NewBatch => ({
  sessionId: "session_batches_01",
  windowId,
  sequence,
  appId: "app_batches_test",
  blobKey: `blobs/${windowId}/${sequence}.json.gz`,
  eventCount: 10,
  bytes: 100,
  rawBytes: 1_000,
  firstTs: 1_000 + sequence,
  lastTs: 2_000 + sequence,
  receivedAt: 3_000,
  userId: null,
  trigger: null,
  consent: null,
  release: null,
  settleDueAt: 3_000,
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

  it("keeps each page's earliest first-seen time across batches, and a duplicate changes no page", async () => {
    await using deps = await createTestDeps();
    const page = (url: string, firstTs: number) => ({ url: `https://shop.example/${url}`, firstTs });
    await insertBatch(
      deps.db,
      batch("window_aaaaaaaa", 0, { pages: [page("cart", 300), page("home", 100)] }),
    );
    await insertBatch(
      deps.db,
      batch("window_aaaaaaaa", 1, { pages: [page("cart", 200), page("pay", 400), page("home", 150)] }),
    );
    await insertBatch(deps.db, batch("window_aaaaaaaa", 1, { pages: [page("pay", 50), page("help", 60)] }));
    const pages = await getSessionPages(deps.db, ["session_batches_01"]);
    expect(pages.get("session_batches_01")).toEqual([
      "https://shop.example/home",
      "https://shop.example/cart",
      "https://shop.example/pay",
    ]);
  });

  it("records every page of a batch with more pages than one statement holds", async () => {
    await using deps = await createTestDeps();
    const count = PAGES_PER_STATEMENT * 2 + 1;
    const pages = Array.from(
      { length: count },
      (_, i) => ({ url: `https://shop.example/p/${i}`, firstTs: i }),
    );
    expect(await insertBatch(deps.db, batch("window_aaaaaaaa", 0, { pages }))).toBe("inserted");
    const stored = (await getSessionPages(deps.db, ["session_batches_01"])).get("session_batches_01");
    expect(stored).toEqual(pages.map((p) => p.url));
  });

  it("stores each value in its column, the latest identity, consent, release and settle time and the first trigger", async () => {
    await using deps = await createTestDeps();
    const consent = { source: "banner", version: "3", at: 1_500 };
    await insertBatch(
      deps.db,
      batch("window_aaaaaaaa", 0, {
        userId: "user_first",
        trigger: "error",
        consent,
        receivedAt: 4_000,
        release: "1.0.0",
        settleDueAt: 1_804_000,
      }),
    );
    await insertBatch(
      deps.db,
      batch("window_aaaaaaaa", 1, {
        userId: "user_second",
        trigger: "manual",
        bytes: 222,
        receivedAt: 5_000,
        release: "1.0.1",
        settleDueAt: 35_000,
      }),
    );
    expect(await getSession(deps.db, "session_batches_01")).toEqual({
      id: "session_batches_01",
      appId: "app_batches_test",
      startedAt: 1_000,
      lastEventAt: 2_001,
      lastSeenAt: 5_000,
      eventCount: 20,
      batchCount: 2,
      windowCount: 1,
      rawBytes: 2_000,
      userId: "user_second",
      trigger: "error",
      consent: JSON.stringify(consent),
      release: "1.0.1",
      settleDueAt: 35_000,
    });
    const rows = await listSessionBatches(deps.db, "session_batches_01");
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      {
        sessionId: "session_batches_01",
        windowId: "window_aaaaaaaa",
        sequence: 0,
        blobKey: "blobs/window_aaaaaaaa/0.json.gz",
        eventCount: 10,
        bytes: 100,
        firstTs: 1_000,
        lastTs: 2_000,
        receivedAt: 4_000,
      },
      {
        sessionId: "session_batches_01",
        windowId: "window_aaaaaaaa",
        sequence: 1,
        blobKey: "blobs/window_aaaaaaaa/1.json.gz",
        eventCount: 10,
        bytes: 222,
        firstTs: 1_001,
        lastTs: 2_001,
        receivedAt: 5_000,
      },
    ]);
  });
});
