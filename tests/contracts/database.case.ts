/**
 * The behaviour every libSQL database the collector can be given must have (SPEC §3 `DATABASE_URL`), as one
 * suite that each backend's test runs: the embedded `file:` database and a remote one over Hrana/HTTP
 * (tests/integration/remote-libsql.test.ts, against tests/helpers/hrana-server.ts). It drives the collector's
 * own write and read paths over a real blob store, so every query the collector sends is exercised. Not a
 * test file itself: it has no `.test.ts` suffix.
 */
import { expect, it } from "vitest";
import type { IngestBatch } from "../../shared/batch.ts";
import { parseCollectorConfig } from "../../shared/config.ts";
import type { CollectorDeps } from "../../collector/deps.ts";
import { acceptBatch } from "../../collector/ingest/accept-batch.ts";
import { readParsedBatch } from "../../collector/ingest/read-batch.ts";
import { createLogger } from "../../collector/ops/logger.ts";
import { createMetrics } from "../../collector/ops/metrics.ts";
import { createRefusalLog } from "../../collector/ops/refusals.ts";
import { deleteReplays } from "../../collector/read/admin-queries.ts";
import { getReplayEvents, getReplaySummary, listReplays } from "../../collector/read/replay-queries.ts";
import { createFsBlobStore } from "../../collector/storage/blobs/fs-store.ts";
import { listSessionBatches } from "../../collector/storage/batches.ts";
import { migrateDatabase, type OpenDatabase, openDatabase } from "../../collector/storage/db.ts";
import { listBatchPlaces } from "../../collector/storage/settle-queue.ts";
import { makeTempDir } from "../helpers/tmp.ts";

/** Ingests a parsed batch as `ingest.batch` does one that came as JSON. */
const accept = (deps: CollectorDeps, b: IngestBatch) => acceptBatch(deps, readParsedBatch(b, deps.config));

/** Where a fresh, empty database lives: a `DATABASE_URL` and its token. */
export type DatabaseTarget = { url: string; authToken?: string };

type Fixture = { deps: CollectorDeps; [Symbol.asyncDispose]: () => Promise<void> };

async function openFixture(target: DatabaseTarget): Promise<Fixture> {
  const blobDir = await makeTempDir("rerun-db-contract-");
  let database: OpenDatabase | undefined;
  try {
    database = await openDatabase({ DATABASE_URL: target.url, DATABASE_AUTH_TOKEN: target.authToken });
    await migrateDatabase(database.db);
  } catch (error) {
    database?.close();
    await blobDir[Symbol.asyncDispose]();
    throw error;
  }
  let clock = 1_700_000_000_000;
  const deps: CollectorDeps = {
    config: parseCollectorConfig({ ALLOW_UNAUTHENTICATED_INGEST: "true" }),
    db: database.db,
    blobs: createFsBlobStore(blobDir.path),
    log: createLogger(() => {}),
    metrics: createMetrics(),
    refusals: createRefusalLog(),
    now: () => (clock += 1_000),
  };
  const opened = database;
  return {
    deps,
    [Symbol.asyncDispose]: async () => {
      opened.close();
      await blobDir[Symbol.asyncDispose]();
    },
  };
}

let counter = 0;
const id = (prefix: string) => `${prefix}_${String(++counter).padStart(8, "0")}`;

function batch(over: Partial<IngestBatch> & { startTs?: number } = {}): IngestBatch {
  const ts = over.startTs ?? 1_700_000_000_000;
  return {
    appId: "app_contract",
    sessionId: id("session"),
    windowId: id("window"),
    sequence: 0,
    events: [
      {
        type: 4,
        data: { href: "https://shop.test/cart?token=abc#x", width: 800, height: 600 },
        timestamp: ts,
      },
      { type: 3, data: { source: 2, type: 2, id: 7, x: 1, y: 2 }, timestamp: ts + 1_500 },
    ],
    meta: { url: "https://shop.test/cart", userId: "user_1" },
    ...over,
  };
}

/**
 * `makeTarget` gives a fresh, empty database for each test (a new file, or a new remote server's URL); the
 * suite migrates it.
 */
export function runDatabaseCases(makeTarget: () => Promise<DatabaseTarget> | DatabaseTarget): void {
  it("applies the migrations once, and again as a no-op", async () => {
    await using fx = await openFixture(await makeTarget());
    await migrateDatabase(fx.deps.db);
    expect((await listReplays(fx.deps, {})).replays).toEqual([]);
  });

  it("records an ingested batch and answers list and summary from it", async () => {
    await using fx = await openFixture(await makeTarget());
    const b = batch();
    expect(await accept(fx.deps, b)).toEqual({ accepted: true, duplicate: false });
    const list = await listReplays(fx.deps, {});
    expect(list.replays.map((r) => r.sessionId)).toEqual([b.sessionId]);
    const summary = await getReplaySummary(fx.deps, b.sessionId);
    expect(summary).toMatchObject({
      sessionId: b.sessionId,
      appId: "app_contract",
      eventCount: 2,
      durationMs: 1_500,
      batchCount: 1,
      windowCount: 1,
      userId: "user_1",
      pages: ["https://shop.test/cart"],
    });
    const events = await getReplayEvents(fx.deps, b.sessionId);
    expect(events?.events).toHaveLength(2);
  });

  it("keeps 64-bit-safe integers and nulls intact through the database", async () => {
    await using fx = await openFixture(await makeTarget());
    // Above 2^32, and within a day of the fixture's clock (later times are refused: issue 28).
    const b = batch({ sequence: 719, startTs: 1_700_000_000_000 });
    await accept(fx.deps, b);
    const [row] = await listSessionBatches(fx.deps.db, b.sessionId);
    expect(row).toMatchObject({ sequence: 719, firstTs: 1_700_000_000_000, lastTs: 1_700_000_001_500 });
    const summary = await getReplaySummary(fx.deps, b.sessionId);
    expect(summary?.trigger).toBeNull();
    expect(summary?.consent).toBeNull();
  });

  it("lists a session's batch places in window and sequence order, as its rows hold them", async () => {
    await using fx = await openFixture(await makeTarget());
    const first = batch({ windowId: "window_bbbbbbbb", sequence: 2 });
    const sessionId = first.sessionId;
    await accept(fx.deps, first);
    await accept(fx.deps, batch({ sessionId, windowId: "window_aaaaaaaa", sequence: 1 }));
    await accept(fx.deps, batch({ sessionId, windowId: "window_bbbbbbbb", sequence: 0 }));
    await accept(fx.deps, batch({ sessionId, windowId: "window_aaaaaaaa", sequence: 0 }));
    await accept(fx.deps, batch());
    const rows = await listSessionBatches(fx.deps.db, sessionId);
    expect(rows.map((r) => `${r.windowId}:${r.sequence}`)).toEqual([
      "window_aaaaaaaa:0",
      "window_aaaaaaaa:1",
      "window_bbbbbbbb:0",
      "window_bbbbbbbb:2",
    ]);
    expect(await listBatchPlaces(fx.deps.db, sessionId)).toEqual(
      rows.map(({ windowId, sequence, blobKey, receivedAt, firstTs }) => ({
        windowId,
        sequence,
        blobKey,
        receivedAt,
        firstTs,
      })),
    );
    expect(await listBatchPlaces(fx.deps.db, "session_unknown1")).toEqual([]);
  });

  it("stores a repeated (session, window, sequence) once and says it was a duplicate", async () => {
    await using fx = await openFixture(await makeTarget());
    const b = batch();
    await accept(fx.deps, b);
    expect(await accept(fx.deps, b)).toEqual({ accepted: true, duplicate: true });
    // Two copies racing past the duplicate check: the unique index decides, and the loser rolls back.
    const next = { ...b, sequence: 1 };
    const answers = await Promise.all([accept(fx.deps, next), accept(fx.deps, { ...next })]);
    expect(answers.map((a) => a.duplicate).sort()).toEqual([false, true]);
    expect(await listSessionBatches(fx.deps.db, b.sessionId)).toHaveLength(2);
    expect((await getReplaySummary(fx.deps, b.sessionId))?.batchCount).toBe(2);
  });

  it("pages the list newest first with a cursor, and filters by app", async () => {
    await using fx = await openFixture(await makeTarget());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = batch({
        startTs: 1_700_000_000_000 + i * 60_000,
        appId: i === 4 ? "app_other1" : "app_contract",
      });
      ids.push(b.sessionId);
      await accept(fx.deps, b);
    }
    const first = await listReplays(fx.deps, { limit: 2 });
    expect(first.replays.map((r) => r.sessionId)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listReplays(fx.deps, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.replays.map((r) => r.sessionId)).toEqual([ids[2], ids[1]]);
    const third = await listReplays(fx.deps, { limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.replays.map((r) => r.sessionId)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
    const app = await listReplays(fx.deps, { appId: "app_other1" });
    expect(app.replays.map((r) => r.sessionId)).toEqual([ids[4]]);
  });

  it("deletes a session's rows and blobs, by session and by user", async () => {
    await using fx = await openFixture(await makeTarget());
    const kept = batch({ meta: { userId: "user_keep" } });
    const gone = batch();
    const alsoGone = batch({ meta: { userId: "user_2" } });
    for (const b of [kept, gone, alsoGone]) await accept(fx.deps, b);
    expect(await deleteReplays(fx.deps, { sessionId: gone.sessionId })).toBe(1);
    expect(await deleteReplays(fx.deps, { userId: "user_2" })).toBe(1);
    expect(await deleteReplays(fx.deps, { sessionId: gone.sessionId })).toBe(0);
    expect((await listReplays(fx.deps, {})).replays.map((r) => r.sessionId)).toEqual([kept.sessionId]);
    expect(await getReplaySummary(fx.deps, gone.sessionId)).toBeNull();
    expect(await fx.deps.blobs.list?.("")).toHaveLength(1);
  });
}
