/**
 * The settle loop at the real collector (SPEC §8): sessions are analysed in the background after they
 * settle, a kill -9 in the middle of it loses nothing and counts nothing twice once the collector is
 * started again on the same data, and `admin.delete` of a user takes their sessions out of every friction
 * count and example, and out of the database file.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../shared/batch.ts";
import { session, T0 } from "../fixtures/sessions/build.ts";
import { N, shopPage } from "../fixtures/sessions/dom.ts";
import { postBatch, readStoredBytes, startCollector } from "../helpers/collector.ts";
import { readFrictionIssues, waitForFriction, waitForSettled } from "../helpers/friction.ts";

const SESSIONS = 120;
const LIST = { since: "7d", limit: 100 } as const;
const ORDER = (id: number) => `https://shop.example/orders/${id}`;

const deadClick = session().page(0, ORDER(1), shopPage()).click(N.cta, 1_000).idle(6_000).events();
const calm = session().page(0, ORDER(1), shopPage()).click(N.pay, 1_000).idle(3_000).events();

function eventsAt(events: RecordedEvent[], url: string, start: number): RecordedEvent[] {
  return events.map((e) => {
    const moved = { ...e, timestamp: e.timestamp - T0 + start };
    // Each session on its own order page, so the route template has work to do.
    return JSON.parse(JSON.stringify(moved).replaceAll(ORDER(1), url)) as RecordedEvent;
  });
}

/** Session i: every other one hits the dead control; sessions 0-5 belong to user "erase-me". */
function sessionBatch(i: number) {
  const sessionId = `settle_session_${String(i).padStart(4, "0")}`;
  return {
    appId: "app_settle",
    sessionId,
    windowId: `${sessionId}_w`,
    sequence: 0,
    events: eventsAt(i % 2 === 0 ? deadClick : calm, ORDER(1000 + i), Date.now()),
    meta: i < 6 ? { userId: "erase-me" } : {},
    final: true,
  };
}

describe("settling at the real collector", () => {
  it("counts every session exactly once after a kill -9 while sessions settle, and erases a deleted user", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rerun-settle-"));
    const env = { SESSION_SETTLE_MINUTES: "0", INGEST_RATE_LIMIT: "100000/minute" };
    try {
      const first = await startCollector({ dataDir, env });
      for (let i = 0; i < SESSIONS; i += 10) {
        const acks = await Promise.all(
          Array.from({ length: 10 }, (_, k) => postBatch(first, sessionBatch(i + k))),
        );
        expect(acks.map((a) => a.status)).toEqual(Array(10).fill(200));
      }
      // Kill it in the middle of settling: some sessions counted, not all.
      const partial = await waitForFriction(first, (r) => r.sessions > 0, { input: LIST });
      await first.kill9();
      expect(partial.sessions).toBeGreaterThan(0);
      expect(partial.sessions).toBeLessThan(SESSIONS);

      await using second = await startCollector({ dataDir, env });
      const settled = await waitForSettled(second, SESSIONS, { input: LIST });
      const dead = settled.issues.filter((i) => i.kind === "dead_click");
      expect(settled.sessions).toBe(SESSIONS);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        route: "/orders/:id",
        sessions: SESSIONS / 2,
        occurrences: SESSIONS / 2,
      });
      expect(dead[0]!.share).toBe(0.5);
      // Nothing more arrives afterwards: the counts hold still.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await readFrictionIssues(second, LIST)).sessions).toBe(SESSIONS);

      // admin.delete of one user: their three dead and three calm sessions leave every count and the file.
      const erased = Array.from({ length: 6 }, (_, i) => `settle_session_${String(i).padStart(4, "0")}`);
      const res = await fetch(`${second.url}/trpc/admin.delete`, {
        method: "POST",
        headers: { "x-rerun-key": second.adminKey, "content-type": "application/json" },
        body: JSON.stringify({ userId: "erase-me" }),
      });
      expect(res.status).toBe(200);
      const after = await readFrictionIssues(second, LIST);
      expect(after.sessions).toBe(SESSIONS - 6);
      const deadAfter = after.issues.find((i) => i.kind === "dead_click")!;
      expect(deadAfter).toMatchObject({ sessions: SESSIONS / 2 - 3, users: SESSIONS / 2 - 3 });
      expect(JSON.stringify(after)).not.toMatch(/settle_session_000[0-5]\b/);
      const stored = await readStoredBytes(second.dataDir);
      for (const id of erased) expect(stored.includes(id), id).toBe(false);
      expect(stored.includes("settle_session_0006")).toBe(true);
      // Sessions were analysed on the settle Worker, not on the event loop.
      expect(second.stderr()).not.toContain("settle worker failed");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
