import { describe, expect, it } from "vitest";
import type { IngestBatchInput, RecordedEvent } from "../../shared/batch.ts";
import { session, T0 } from "../../tests/fixtures/sessions/build.ts";
import { N, shopPage } from "../../tests/fixtures/sessions/dom.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../_test-deps.ts";
import { createCaller } from "../router.ts";
import { writeSessionFriction } from "../storage/friction-write.ts";
import { sweepRetention } from "../storage/retention.ts";
import { createContextInner } from "../trpc/context.ts";
import { analyseSessionFriction, createSettleSetup, type SettleSetup } from "./analyse-session.ts";
import { inThreadSettle, pauseAfterRound, runSettleRound } from "./settle-loop.ts";

const ORDER = (id: number) => `https://shop.example/orders/${id}`;
const APP = "app_friction_unit";

/** Events of a fixture moved to `at`, as a browser with a correct clock would stamp them. */
const at = (events: RecordedEvent[], start: number): RecordedEvent[] =>
  events.map((e) => ({ ...e, timestamp: e.timestamp - T0 + start }));

const deadClickOn = (url: string) =>
  session().page(0, url, shopPage()).click(N.cta, 1_000).idle(6_000).events();
const cleanVisit = (url: string) =>
  session().page(0, url, shopPage()).click(N.pay, 1_000).idle(3_000).events();

const ingest = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
const reader = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.readKey }));
const admin = (deps: TestDeps) => createCaller(createContextInner(deps, { key: TEST_KEYS.adminKey }));

async function send(
  deps: TestDeps,
  sessionId: string,
  events: RecordedEvent[],
  meta: IngestBatchInput["meta"] = {},
  sequence = 0,
): Promise<void> {
  await ingest(deps).ingest.batch({
    appId: APP,
    sessionId,
    windowId: `${sessionId}_w`,
    sequence,
    events: at(events, deps.now()),
    meta,
    final: true,
  });
}

async function settleAll(deps: TestDeps, setup: SettleSetup = createSettleSetup([])): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await runSettleRound(deps, inThreadSettle(deps, setup));
    if (r.analysed + r.passed + r.reanalysed === 0) return;
  }
  throw new Error("settling did not finish in 100 rounds");
}

const settleNow = { SESSION_SETTLE_MINUTES: "0" };

/** One stored session analysed and grouped now, outside the loop (as a round would, before writing). */
const analyseNow = (deps: TestDeps, id: string) =>
  analyseSessionFriction(deps, {
    id,
    appId: APP,
    batchCount: 1,
    settleDueAt: 0,
    lastSeenAt: deps.now(),
    release: null,
    userId: null,
    current: false,
  }, createSettleSetup([]));

async function rowsNaming(deps: TestDeps, sessionId: string): Promise<number> {
  let total = 0;
  for (const table of ["friction_findings", "session_analysis"]) {
    const r = await deps.db.$client.execute({
      sql: `select count(*) as n from ${table} where session_id = ?`,
      args: [sessionId],
    });
    total += Number(r.rows[0]?.n ?? 0);
  }
  const dump = await deps.db.$client.execute(
    "select group_concat(coalesce(users_pending, ''), '') as p from friction_daily",
  );
  return total + (String(dump.rows[0]?.p ?? "").includes(sessionId) ? 1 : 0);
}

describe("settling sessions into friction issues", () => {
  it("counts a dead button on two order pages as one issue with 2 sessions and share 2/3", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_order_123", deadClickOn(ORDER(123)));
    await send(deps, "sess_order_456", deadClickOn(ORDER(456)));
    await send(deps, "sess_order_789", cleanVisit(ORDER(789)));
    await settleAll(deps);

    const { issues, sessions } = await reader(deps).friction.issues({ since: "7d" });
    expect(sessions).toBe(3);
    const dead = issues.filter((i) => i.kind === "dead_click");
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      route: "/orders/:id",
      sessions: 2,
      occurrences: 2,
      users: 2,
      status: "new",
      firstRelease: null,
      target: { selector: "body > div.cta.big", tag: "div" },
    });
    expect(dead[0]!.share).toBeCloseTo(2 / 3, 5);
    expect(dead[0]!.trend.reduce((a, b) => a + b, 0)).toBe(2);
    expect(dead[0]!.examples.map((e) => e.sessionId).sort()).toEqual(["sess_order_123", "sess_order_456"]);
    expect(dead[0]!.examples.every((e) => Math.abs(e.startMs - 1_000) < 50)).toBe(true);

    const one = await reader(deps).friction.issue({ fingerprint: dead[0]!.fingerprint });
    expect(one.releases).toEqual([{ release: "(none)", sessions: 2, share: dead[0]!.share }]);
  });

  it("answers replays.analyze from the stored report and counts a session again only when it changed", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_order_123", deadClickOn(ORDER(123)));
    await settleAll(deps);
    const stored = await deps.db.$client.execute("select report from session_analysis");
    expect(JSON.parse(String(stored.rows[0]?.report))).toEqual(
      await reader(deps).replays.analyze({ sessionId: "sess_order_123" }),
    );
    // Settling again without a new batch changes nothing; a new batch re-analyses, still one session.
    await settleAll(deps);
    const second = session().page(0, ORDER(123), shopPage()).click(N.cta, 8_000).idle(14_000).events()
      .filter((e) => e.timestamp >= T0 + 7_000);
    await send(deps, "sess_order_123", second, {}, 1);
    await settleAll(deps);
    const [issue] = (await reader(deps).friction.issues({ since: "7d", kind: "dead_click" })).issues;
    expect(issue).toMatchObject({ sessions: 1, occurrences: 2 });
  });

  it("compares releases: an issue only release b has is new in b and absent from a", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_rel_a_01", cleanVisit(ORDER(1)), { release: "a" });
    await send(deps, "sess_rel_b_01", deadClickOn(ORDER(2)), { release: "b" });
    await send(deps, "sess_rel_b_02", cleanVisit(ORDER(3)), { release: "b" });
    await settleAll(deps);
    const inB = await reader(deps).friction.issues({ since: "7d", release: "b", kind: "dead_click" });
    expect(inB.issues[0]).toMatchObject({ status: "new", sessions: 1, share: 0.5, firstRelease: "b" });
    const inA = await reader(deps).friction.issues({ since: "7d", release: "a", kind: "dead_click" });
    expect(inA.issues).toEqual([]);
    const compared = await reader(deps).friction.issues({ since: "7d", release: "b", compareRelease: "a" });
    expect(compared.issues[0]?.compare).toEqual({ release: "a", sessions: 0, share: 0 });
  });

  it("resolving in b and seeing it again in c makes the issue regressed", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_rel_b_01", deadClickOn(ORDER(2)), { release: "b" });
    await settleAll(deps);
    const [issue] = (await reader(deps).friction.issues({ since: "7d", kind: "dead_click" })).issues;
    const fp = issue!.fingerprint;
    expect(await admin(deps).friction.setStatus({ fingerprint: fp, status: "resolved", release: "b" }))
      .toEqual({ fingerprint: fp, status: "resolved" });
    await send(deps, "sess_rel_b_02", deadClickOn(ORDER(3)), { release: "b" });
    await settleAll(deps);
    expect((await reader(deps).friction.issue({ fingerprint: fp })).status).toBe("resolved");
    await send(deps, "sess_rel_c_01", deadClickOn(ORDER(4)), { release: "c" });
    await settleAll(deps);
    expect((await reader(deps).friction.issue({ fingerprint: fp })).status).toBe("regressed");
    expect((await admin(deps).friction.setStatus({ fingerprint: fp, status: "ignored" })).status).toBe(
      "ignored",
    );
    expect((await admin(deps).friction.setStatus({ fingerprint: fp, status: "open" })).status).toBe("new");
  });

  it("admin.delete of a user takes their sessions out of counts, users, shares and examples", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_user_a_01", deadClickOn(ORDER(1)), { userId: "user-a" });
    await send(deps, "sess_user_a_02", cleanVisit(ORDER(2)), { userId: "user-a" });
    await send(deps, "sess_user_b_01", deadClickOn(ORDER(3)), { userId: "user-b" });
    await send(deps, "sess_user_b_02", deadClickOn(ORDER(4)), { userId: "user-b" });
    await send(deps, "sess_user_b_03", cleanVisit(ORDER(5)), { userId: "user-b" });
    await settleAll(deps);
    const before = (await reader(deps).friction.issues({ since: "7d", kind: "dead_click" })).issues[0]!;
    expect(before).toMatchObject({ sessions: 3, users: 2, share: 0.6 });

    expect(await admin(deps).admin.delete({ userId: "user-a" })).toEqual({ deleted: 2 });
    const after = await reader(deps).friction.issues({ since: "7d", kind: "dead_click" });
    expect(after.issues[0]).toMatchObject({ sessions: 2, users: 1, occurrences: 2 });
    expect(after.issues[0]!.share).toBeCloseTo(2 / 3, 5);
    expect(after.issues[0]!.examples.map((e) => e.sessionId).sort()).toEqual([
      "sess_user_b_01",
      "sess_user_b_02",
    ]);
    expect(after.sessions).toBe(3);
    const detail = await reader(deps).friction.issue({ fingerprint: before.fingerprint });
    expect(JSON.stringify(detail)).not.toContain("sess_user_a");
    expect(await rowsNaming(deps, "sess_user_a_01")).toBe(0);
    expect(await rowsNaming(deps, "sess_user_a_02")).toBe(0);
  });

  it("the retention sweep takes expired sessions out of every count", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_order_123", deadClickOn(ORDER(123)));
    await send(deps, "sess_order_456", cleanVisit(ORDER(456)));
    await settleAll(deps);
    expect((await reader(deps).friction.issues({ since: "7d" })).sessions).toBe(2);
    expect(await sweepRetention(deps, 1, deps.now() + 2 * 24 * 60 * 60_000)).toBe(2);
    const after = await reader(deps).friction.issues({ since: "7d" });
    expect(after).toEqual({ issues: [], nextCursor: null, sessions: 0 });
    expect(await rowsNaming(deps, "sess_order_123")).toBe(0);
    for (
      const table of ["friction_daily", "route_daily", "friction_series", "route_series", "friction_touched"]
    ) {
      const left = await deps.db.$client.execute(`select count(*) as n from ${table}`);
      expect(Number(left.rows[0]?.n), table).toBe(0);
    }
  });

  it("never writes the friction of a session deleted while it was being analysed", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_deleted_1", deadClickOn(ORDER(1)));
    const friction = await analyseNow(deps, "sess_deleted_1");
    await admin(deps).admin.delete({ sessionId: "sess_deleted_1" });
    await writeSessionFriction(deps.db, [friction!]);
    expect(await rowsNaming(deps, "sess_deleted_1")).toBe(0);
    expect((await reader(deps).friction.issues({ since: "7d" })).issues).toEqual([]);
  });

  it("re-analyses sessions stored under older rules, newest first, and the counts follow", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_order_123", deadClickOn(ORDER(123)));
    await send(deps, "sess_order_456", deadClickOn(ORDER(456)));
    await settleAll(deps);
    // As rules that found nothing would have stored them: no findings, an older rules version.
    const rows = await deps.db.$client.execute("select session_id, report from session_analysis");
    for (const row of rows.rows) {
      const stored = await analyseNow(deps, String(row.session_id));
      await writeSessionFriction(deps.db, [{
        ...stored!,
        findings: [],
        issues: [],
        rulesVersion: "2000-01-01.1",
      }]);
    }
    expect((await reader(deps).friction.issues({ since: "7d" })).issues).toEqual([]);
    await settleAll(deps);
    const [issue] = (await reader(deps).friction.issues({ since: "7d" })).issues;
    expect(issue).toMatchObject({ kind: "dead_click", sessions: 2, route: "/orders/:id" });
  });

  it("groups stored sessions again when ROUTE_TEMPLATES change", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_order_123", deadClickOn(ORDER(123)));
    await settleAll(deps);
    await settleAll(deps, createSettleSetup(["/orders/:order"]));
    const { issues } = await reader(deps).friction.issues({ since: "7d" });
    expect(issues.map((i) => i.route)).toEqual(["/orders/:order"]);
    expect(issues[0]!.share).toBe(1);
  });
});

describe("settling a session whose blobs are gone", () => {
  it("writes it as analysed, with what could be read, instead of retrying it every round", async () => {
    await using deps = await createTestDeps(settleNow);
    await send(deps, "sess_lost_blobs", deadClickOn(ORDER(1)));
    for (const key of (await deps.blobs.list?.("")) ?? []) await deps.blobs.delete(key);
    const ctx = inThreadSettle(deps);
    expect(await runSettleRound(deps, ctx)).toMatchObject({ analysed: 1 });
    // The next rounds find nothing to analyse (the first also scans, once, for outdated analyses).
    for (let i = 0; i < 3; i++) {
      expect(await runSettleRound(deps, ctx)).toMatchObject({ analysed: 0, reanalysed: 0 });
    }
    expect((await reader(deps).friction.issues({ since: "7d" })).sessions).toBe(1);
  });
});

describe("pauseAfterRound", () => {
  it("keeps the loop to its share, and to 5 % while ingest is busy", () => {
    expect(pauseAfterRound(100, { share: 0.5, ingestPerSecond: 0 })).toBe(100);
    expect(pauseAfterRound(100, { share: 0.25, ingestPerSecond: 2 })).toBe(300);
    expect(pauseAfterRound(100, { share: 0.5, ingestPerSecond: 40 })).toBe(1_900);
  });
});
