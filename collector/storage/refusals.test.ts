import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDeps } from "../_test-deps.ts";
import { listRecentRefusals } from "../read/admin-queries.ts";
import { startRefusalFlush } from "./refusals-flush.ts";
import { refusals } from "./schema.ts";

/** A flush interval no test reaches: every flush below is explicit. */
const NEVER = 3_600_000;

describe("startRefusalFlush", () => {
  it("writes a flood of refusals as a handful of rows in one write per flush", async () => {
    await using deps = await createTestDeps();
    const flusher = startRefusalFlush(deps, NEVER);
    const at = deps.now();
    for (let i = 0; i < 5_000; i++) {
      deps.refusals.record({
        reason: i % 2 ? "no_key" : "bad_batch",
        origin: "https://a.example",
        appId: null,
      }, at);
    }
    await flusher.flush();
    await flusher.flush();
    for (let i = 0; i < 5_000; i++) {
      deps.refusals.record({ reason: "no_key", origin: null, appId: "app_12345" }, at);
    }
    await flusher.stop();
    const [rows] = await deps.db.select({ n: count() }).from(refusals);
    expect(rows?.n).toBe(3);
    expect(deps.metrics.render({ sessions: 0, storedBytes: 0 })).toContain("rerun_refusal_flushes_total 2\n");
  });

  it("lists table rows and in-memory counts together", async () => {
    await using deps = await createTestDeps();
    const flusher = startRefusalFlush(deps, NEVER);
    const at = deps.now();
    deps.refusals.record({ reason: "no_key", origin: "https://a.example", appId: null }, at);
    await flusher.flush();
    deps.refusals.record({ reason: "no_key", origin: "https://a.example", appId: null }, at + 1);
    expect((await listRecentRefusals(deps)).map((r) => [r.reason, r.count])).toEqual([["no_key", 2]]);
    await flusher.stop();
    expect((await listRecentRefusals(deps)).map((r) => [r.reason, r.count])).toEqual([["no_key", 2]]);
  });
});
