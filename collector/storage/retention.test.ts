import { describe, expect, it } from "vitest";
import { createTestDeps, TEST_KEYS } from "../_test-deps.ts";
import { createCaller } from "../router.ts";
import { createContextInner } from "../trpc/context.ts";
import { deleteSessions, findSessionsOfUser, sweepRetention } from "./retention.ts";

const DAY = 24 * 60 * 60_000;

const store = async (
  deps: Awaited<ReturnType<typeof createTestDeps>>,
  sessionId: string,
  userId?: string,
) => {
  const caller = createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
  await caller.ingest.batch({
    appId: "app_retention",
    sessionId,
    windowId: "window_retention",
    sequence: 0,
    events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1_000 }],
    meta: userId ? { userId } : {},
  });
};

describe("deleteSessions", () => {
  it("removes the session's rows and blobs", async () => {
    await using deps = await createTestDeps();
    await store(deps, "session_delete_1");
    expect(await deps.blobs.list?.("")).toHaveLength(1);
    expect(await deleteSessions(deps, ["session_delete_1", "session_missing"])).toBe(1);
    expect(await deps.blobs.list?.("")).toEqual([]);
    const reader = createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));
    expect((await reader.replays.list({})).replays).toEqual([]);
  });
});

describe("findSessionsOfUser", () => {
  it("finds the sessions identified as one user", async () => {
    await using deps = await createTestDeps();
    await store(deps, "session_user_1", "user-42");
    await store(deps, "session_user_2", "user-7");
    expect(await findSessionsOfUser(deps.db, "user-42")).toEqual(["session_user_1"]);
  });
});

describe("sweepRetention", () => {
  it("deletes sessions last seen before the retention window only", async () => {
    await using deps = await createTestDeps();
    await store(deps, "session_old_001");
    const storedAt = deps.now();
    expect(await sweepRetention(deps, 30, storedAt + 29 * DAY)).toBe(0);
    expect(await sweepRetention(deps, 30, storedAt + 31 * DAY)).toBe(1);
    expect(await sweepRetention(deps, 0, storedAt + 365 * DAY)).toBe(0);
  });
});

describe("sweepRetention of behavioral batches", () => {
  it("deletes old behavioral batches that have no recorded session", async () => {
    await using deps = await createTestDeps();
    const caller = createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
    await caller.ingest.behavioral({
      appId: "app_retention",
      sessionId: "session_behav_1",
      windowId: "window_behav_1",
      sequence: 0,
      events: [{ t: 1, kind: "scroll" }],
    });
    expect(await deps.blobs.list?.("")).toHaveLength(1);
    await sweepRetention(deps, 1, deps.now() + 2 * DAY);
    expect(await deps.blobs.list?.("")).toEqual([]);
  });
});
