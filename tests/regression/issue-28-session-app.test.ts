/**
 * Issue 28, item 2: a session belongs to its app. Any public key could append windows to another app's
 * session, pre-claim its next sequence (the real batch was then answered `duplicate: true` and discarded) and
 * relabel its `userId`, after which `admin.delete {userId}` missed that user's batches. The first batch now
 * fixes a session's appId; a batch of another app is refused (`session_app_mismatch`, 409) and stores
 * nothing; deletion by user finds every session that ever carried the id.
 */
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../../collector/_test-deps.ts";
import { createHttpHandler } from "../../collector/http.ts";
import { createCaller } from "../../collector/router.ts";
import { createContextInner } from "../../collector/trpc/context.ts";

const SESSION = "session_owned_by_a1";
const ingest = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
const reader = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));
const admin = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.adminKey }));

const batch = (overrides: Partial<IngestBatchInput> = {}): IngestBatchInput => ({
  appId: "app_victim_a",
  sessionId: SESSION,
  windowId: "window_victim_1",
  sequence: 0,
  events: [{ type: 4, data: { href: "https://a.example/", width: 800, height: 600 }, timestamp: 1_000 }],
  meta: { url: "https://a.example/" },
  ...overrides,
});
const foreign = (overrides: Partial<IngestBatchInput> = {}) =>
  batch({ appId: "app_attacker_b", ...overrides });

async function blobFiles(deps: TestDeps): Promise<string[]> {
  const entries = await readdir(deps.config.BLOB_DIR, { recursive: true }).catch(() => []);
  return entries.filter((e) => String(e).endsWith(".json.gz")).map(String).sort();
}

describe("issue 28: a session belongs to its app", () => {
  it("refuses another app's batch for the session and stores nothing of it", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch({ meta: { userId: "user-a" } }));
    const before = {
      summary: await reader(deps).replays.summary({ sessionId: SESSION }),
      blobs: await blobFiles(deps),
    };

    // A new window, the victim's next sequence, and a relabelled user: each refused.
    for (
      const attempt of [
        foreign({ windowId: "window_attacker" }),
        foreign({ sequence: 1 }),
        foreign({ sequence: 2, meta: { userId: "someone-else" } }),
      ]
    ) {
      await expect(ingest(deps).ingest.batch(attempt)).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringContaining("belongs to another app"),
      });
    }
    expect(await reader(deps).replays.summary({ sessionId: SESSION })).toEqual(before.summary);
    expect(await blobFiles(deps)).toEqual(before.blobs);
    // The victim's own next batch is stored, not answered as a duplicate.
    expect(await ingest(deps).ingest.batch(batch({ sequence: 1 }))).toEqual({
      accepted: true,
      duplicate: false,
    });
    await expect(
      ingest(deps).ingest.behavioral({
        appId: "app_attacker_b",
        sessionId: SESSION,
        windowId: "window_attacker",
        sequence: 0,
        events: [{ t: 1, kind: "pointer" }],
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets exactly one of two apps racing for a new session id have it", async () => {
    await using deps = await createTestDeps();
    const outcomes = await Promise.allSettled([
      ingest(deps).ingest.batch(batch()),
      ingest(deps).ingest.batch(foreign({ windowId: "window_attacker" })),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const summary = await reader(deps).replays.summary({ sessionId: SESSION });
    expect(summary).toMatchObject({ batchCount: 1, windowCount: 1 });
    const blobs = await blobFiles(deps);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.startsWith(summary.appId)).toBe(true);
  });

  it("counts the refusal as session_app_mismatch and answers 409", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    const post = (body: unknown) =>
      handler(
        new Request("http://127.0.0.1/trpc/ingest.batch", {
          method: "POST",
          headers: { "content-type": "application/json", "x-rerun-key": TEST_KEYS.publicKey },
          body: JSON.stringify(body),
        }),
      );
    expect((await post(batch())).status).toBe(200);
    expect((await post(foreign({ sequence: 1 }))).status).toBe(409);
    const { refusals } = await admin(deps).admin.refusals();
    expect(refusals).toEqual([
      expect.objectContaining({ reason: "session_app_mismatch", appId: "app_attacker_b" }),
    ]);
  });

  it("deletes by user every session that ever carried the id, also after identify changed it", async () => {
    await using deps = await createTestDeps();
    await ingest(deps).ingest.batch(batch({ meta: { userId: "user-first" } }));
    await ingest(deps).ingest.batch(batch({ sequence: 1, meta: { userId: "user-second" } }));
    await ingest(deps).ingest.batch(batch({ sessionId: "session_other_user", meta: { userId: "user-x" } }));
    expect((await reader(deps).replays.summary({ sessionId: SESSION })).userId).toBe("user-second");

    expect(await admin(deps).admin.delete({ userId: "user-first" })).toEqual({ deleted: 1 });
    await expect(reader(deps).replays.summary({ sessionId: SESSION })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await blobFiles(deps)).toEqual([expect.stringContaining("session_other_user")]);
    expect(await admin(deps).admin.delete({ userId: "user-second" })).toEqual({ deleted: 0 });
  });
});
