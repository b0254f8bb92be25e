/**
 * Which sessions the settle loop analyses next. There is no queue table: sessions are read in the order of
 * `settle_due_at` (set by ingest with each batch) after a cursor kept in `friction_state` and moved in the
 * same transaction as the results, so a restart — even after kill -9 — resumes exactly where the last
 * committed work ended. Each row says whether its stored analysis is still current (same batch count and
 * versions), so sessions already analysed are passed over without being read.
 */
import type { Database } from "./db.ts";

export type SettleCursor = { due: number; id: string };

export type DueSession = {
  id: string;
  appId: string;
  batchCount: number;
  settleDueAt: number;
  lastSeenAt: number;
  release: string | null;
  userId: string | null;
  /** Whether the stored analysis covers every batch with the current rules and grouping. */
  current: boolean;
};

export type AnalysisVersions = { rulesVersion: string; groupingVersion: string };

const DUE_COLUMNS = `s.id, s.app_id as appId, s.batch_count as batchCount, s.settle_due_at as settleDueAt,
  s.last_seen_at as lastSeenAt, s.release, s.user_id as userId,
  (a.session_id is not null and a.batch_count = s.batch_count and a.rules_version = ?
    and a.grouping_version = ?) as current`;

function toDue(row: Record<string, unknown>): DueSession {
  return {
    id: String(row.id),
    appId: String(row.appId),
    batchCount: Number(row.batchCount),
    settleDueAt: Number(row.settleDueAt),
    lastSeenAt: Number(row.lastSeenAt),
    release: row.release === null ? null : String(row.release),
    userId: row.userId === null ? null : String(row.userId),
    current: Number(row.current) === 1,
  };
}

/** Up to `limit` sessions due by `now` after `cursor`, in (settle_due_at, id) order. */
export async function listDueSessions(
  db: Database,
  opts: { after: SettleCursor; now: number; limit: number; versions: AnalysisVersions },
): Promise<DueSession[]> {
  const result = await db.$client.execute({
    sql: `select ${DUE_COLUMNS} from sessions s left join session_analysis a on a.session_id = s.id
      where s.settle_due_at <= ? and (s.settle_due_at > ? or (s.settle_due_at = ? and s.id > ?))
      order by s.settle_due_at, s.id limit ?`,
    args: [
      opts.versions.rulesVersion,
      opts.versions.groupingVersion,
      opts.now,
      opts.after.due,
      opts.after.due,
      opts.after.id,
      opts.limit,
    ],
  });
  return result.rows.map((r) => toDue(r as Record<string, unknown>));
}

/**
 * Sessions due in `[from, to]` (just behind the cursor) whose analysis is not current: a batch committed a
 * moment after the cursor passed its session, or by a collector whose clock runs a little behind.
 */
export async function listLateSessions(
  db: Database,
  opts: { from: number; to: number; limit: number; versions: AnalysisVersions },
): Promise<DueSession[]> {
  const result = await db.$client.execute({
    sql:
      `select * from (select ${DUE_COLUMNS} from sessions s left join session_analysis a on a.session_id = s.id
      where s.settle_due_at between ? and ?) where current = 0 limit ?`,
    args: [opts.versions.rulesVersion, opts.versions.groupingVersion, opts.from, opts.to, opts.limit],
  });
  return result.rows.map((r) => toDue(r as Record<string, unknown>));
}

export type AnalysedPosition = { startedAt: number; id: string };

/**
 * Analysed sessions older than `before` (newest first) whose rules or grouping version is not current:
 * what a version change re-analyses. Answers the position reached, so a scan over sessions that are all
 * current still moves on.
 */
export async function listOutdatedAnalyses(
  db: Database,
  opts: { before: AnalysedPosition; limit: number; versions: AnalysisVersions },
): Promise<{ outdated: string[]; reached: AnalysedPosition | null; scanned: number }> {
  const result = await db.$client.execute({
    sql:
      `select session_id as id, started_at as startedAt, rules_version = ? and grouping_version = ? as current
      from session_analysis where started_at < ? or (started_at = ? and session_id < ?)
      order by started_at desc, session_id desc limit ?`,
    args: [
      opts.versions.rulesVersion,
      opts.versions.groupingVersion,
      opts.before.startedAt,
      opts.before.startedAt,
      opts.before.id,
      opts.limit,
    ],
  });
  const rows = result.rows as unknown as Array<{ id: string; startedAt: number; current: number }>;
  const last = rows[rows.length - 1];
  return {
    outdated: rows.filter((r) => Number(r.current) !== 1).map((r) => String(r.id)),
    reached: last ? { startedAt: Number(last.startedAt), id: String(last.id) } : null,
    scanned: rows.length,
  };
}

/** The session rows of `ids`, as the settle loop needs them (`current` false: they are to be analysed). */
export async function getSessionsToAnalyse(db: Database, ids: readonly string[]): Promise<DueSession[]> {
  if (ids.length === 0) return [];
  const result = await db.$client.execute({
    sql: `select id, app_id as appId, batch_count as batchCount, coalesce(settle_due_at, 0) as settleDueAt,
        last_seen_at as lastSeenAt, release, user_id as userId, 0 as current
      from sessions where id in (select value from json_each(?))`,
    args: [JSON.stringify(ids)],
  });
  return result.rows.map((r) => toDue(r as Record<string, unknown>));
}

/** Where one stored batch of a session is, and what stitching orders it by. */
export type StoredBatchPlace = {
  windowId: string;
  sequence: number;
  blobKey: string;
  receivedAt: number;
  firstTs: number | null;
};

/**
 * The batch rows of one session as analysis reads them, in (window, sequence) order. One JSON cell rather than a
 * row per batch: the driver converts every cell it answers, and a 120-batch session's rows cost the event loop
 * 1.6 ms of CPU as drizzle rows, 0.12 ms as one cell.
 */
export async function listBatchPlaces(db: Database, sessionId: string): Promise<StoredBatchPlace[]> {
  const result = await db.$client.execute({
    sql: `select json_group_array(json_array(window_id, sequence, blob_key, received_at, first_ts)
        order by window_id, sequence) as places
      from batches where session_id = ?`,
    args: [sessionId],
  });
  const rows = JSON.parse(String(result.rows[0]?.places ?? "[]")) as Array<
    [string, number, string, number, number | null]
  >;
  return rows.map(([windowId, sequence, blobKey, receivedAt, firstTs]) => ({
    windowId,
    sequence,
    blobKey,
    receivedAt,
    firstTs,
  }));
}

/** A value of `friction_state`, parsed as JSON, or null. */
export async function readFrictionState<T>(db: Database, key: string): Promise<T | null> {
  const result = await db.$client.execute({
    sql: "select value from friction_state where key = ?",
    args: [key],
  });
  const value = result.rows[0]?.value;
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

/** The stored report (JSON) of a session when it covers `batchCount` batches under `rulesVersion`, else null. */
export async function getStoredReport(
  db: Database,
  sessionId: string,
  opts: { batchCount: number; rulesVersion: string },
): Promise<string | null> {
  const result = await db.$client.execute({
    sql: "select report from session_analysis where session_id = ? and batch_count = ? and rules_version = ?",
    args: [sessionId, opts.batchCount, opts.rulesVersion],
  });
  const report = result.rows[0]?.report;
  return typeof report === "string" ? report : null;
}
