/**
 * Writing a settled session's friction, and taking it away again (SPEC §8). One transaction per call:
 * the session's previous contribution (if it was analysed before) is subtracted from the rollups and its
 * finding rows deleted, then the new rows are inserted and added. Every rollup change is computed in SQL from
 * the rows inside the same transaction, never from values read earlier, so a retry, a second collector or a
 * kill -9 half-way can neither count a session twice nor lose it: the transaction happened or it did not.
 *
 * Inserts are guarded by `EXISTS (session)`: a session deleted (by `admin.delete` or retention) while it was
 * being analysed leaves no row behind. Lists travel as one JSON parameter read with `json_each`, so a session
 * with a hundred findings is still a dozen statements.
 *
 * Sketches of users cannot be decremented: a cell a session leaves is marked `stale` and rebuilt from the
 * finding rows (`friction-cells.ts`); a user added goes to `users_pending` until folded into the sketch.
 */
import type { InStatement } from "@libsql/client/web";
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "./db.ts";

export type FindingRow = {
  fingerprint: string;
  kind: string;
  route: string;
  /** Epoch ms of the occurrence. */
  at: number;
  startMs: number;
  /** Occurrences this finding stands for: its `count`, or 1 (a rage-click burst is one). */
  occurrences: number;
  url: string;
  evidence: string;
};

export type IssueRow = {
  fingerprint: string;
  kind: string;
  route: string;
  key: string;
  title: string;
  selector: string | null;
  tag: string | null;
};

export type SessionFriction = {
  sessionId: string;
  appId: string;
  /** "" when the session was recorded without a release. */
  release: string;
  userKey: string;
  /** Hash of `userKey` for the users sketch (`hashUserKey`). */
  userHash: number;
  day: number;
  startedAt: number;
  batchCount: number;
  rulesVersion: string;
  groupingVersion: string;
  /** Route templates the session visited; "" (every session) is added here. */
  routes: string[];
  report: string;
  analyzedAt: number;
  findings: FindingRow[];
  /** One per fingerprint among `findings`. */
  issues: IssueRow[];
};

/** A key and value of `friction_state` to write in the same transaction (the settle loop's cursor). */
export type StateWrite = { key: string; value: string };

const SESSION_EXISTS = "exists (select 1 from sessions where id = ?)";

/** The cells and rows of the sessions in `ids` (a JSON array) are taken out of every rollup. */
function subtractStatements(ids: string, keepCells: string): InStatement[] {
  const ofSessions = "session_id in (select value from json_each(?))";
  return [
    {
      sql: `insert or ignore into friction_touched (fingerprint, release)
        select distinct fingerprint, release from friction_findings where ${ofSessions}`,
      args: [ids],
    },
    {
      sql: `insert or ignore into route_touched (app_id, route, release)
        select distinct a.app_id, r.value, a.release from session_analysis a, json_each(a.routes) r
        where a.${ofSessions}`,
      args: [ids],
    },
    // Cells the sessions leave lose users and maybe their first or last occurrence: rebuilt later.
    {
      sql: `update friction_daily set stale = 1, version = version + 1
        where (fingerprint, day, release) in (select fingerprint, day, release from friction_findings where ${ofSessions})
          and (fingerprint, day, release) not in (select value ->> 0, value ->> 1, value ->> 2 from json_each(?))`,
      args: [ids, keepCells],
    },
    {
      sql: `update friction_issues set stale = 1
        where fingerprint in (select fingerprint from friction_findings where ${ofSessions})
          and fingerprint not in (select value ->> 0 from json_each(?))`,
      args: [ids, keepCells],
    },
    {
      sql: `update friction_daily set sessions = sessions - old.n_sessions, occurrences = occurrences - old.n,
          version = version + 1
        from (select fingerprint, day, release, count(distinct session_id) as n_sessions, sum(occurrences) as n
          from friction_findings where ${ofSessions} group by fingerprint, day, release) as old
        where friction_daily.fingerprint = old.fingerprint and friction_daily.day = old.day
          and friction_daily.release = old.release`,
      args: [ids],
    },
    {
      sql: `delete from friction_daily where sessions <= 0
        and (fingerprint, day, release) in (select fingerprint, day, release from friction_findings where ${ofSessions})`,
      args: [ids],
    },
    {
      sql: `update route_daily set sessions = sessions - old.n
        from (select a.app_id, r.value as route, a.day, a.release, count(*) as n
          from session_analysis a, json_each(a.routes) r where a.${ofSessions}
          group by a.app_id, r.value, a.day, a.release) as old
        where route_daily.app_id = old.app_id and route_daily.route = old.route and route_daily.day = old.day
          and route_daily.release = old.release`,
      args: [ids],
    },
    {
      sql: `delete from route_daily where sessions <= 0 and (app_id, route, day, release) in
        (select a.app_id, r.value, a.day, a.release from session_analysis a, json_each(a.routes) r
          where a.${ofSessions})`,
      args: [ids],
    },
    { sql: `delete from friction_findings where ${ofSessions}`, args: [ids] },
  ];
}

function addStatements(s: SessionFriction): InStatement[] {
  const findings = JSON.stringify(
    s.findings.map((
      f,
    ) => [f.fingerprint, f.kind, f.route, f.at, f.startMs, f.url, f.evidence, f.occurrences]),
  );
  const issueSpans = new Map<string, { first: number; last: number }>();
  for (const f of s.findings) {
    const span = issueSpans.get(f.fingerprint);
    if (!span) issueSpans.set(f.fingerprint, { first: f.at, last: f.at });
    else {
      span.first = Math.min(span.first, f.at);
      span.last = Math.max(span.last, f.at);
    }
  }
  const issues = JSON.stringify(s.issues.map((i) => {
    const span = issueSpans.get(i.fingerprint) ?? { first: s.startedAt, last: s.startedAt };
    return [i.fingerprint, i.kind, i.route, i.key, i.title, i.selector, i.tag, span.first, span.last];
  }));
  const routes = JSON.stringify([...new Set(["", ...s.routes])]);
  return [
    {
      sql: `insert or ignore into friction_touched (fingerprint, release)
        select distinct value ->> 0, ? from json_each(?) where ${SESSION_EXISTS}`,
      args: [s.release, findings, s.sessionId],
    },
    {
      sql: `insert or ignore into route_touched (app_id, route, release)
        select ?, value, ? from json_each(?) where ${SESSION_EXISTS}`,
      args: [s.appId, s.release, routes, s.sessionId],
    },
    {
      sql: `insert into friction_findings
          (session_id, fingerprint, app_id, kind, route, release, day, at, start_ms, occurrences, user_key, url,
          evidence)
        select ?, value ->> 0, ?, value ->> 1, value ->> 2, ?, ?, value ->> 3, value ->> 4, value ->> 7, ?,
          value ->> 5, value ->> 6
        from json_each(?) where ${SESSION_EXISTS}`,
      args: [s.sessionId, s.appId, s.release, s.day, s.userKey, findings, s.sessionId],
    },
    {
      sql:
        `insert into friction_issues (fingerprint, app_id, kind, route, key, title, selector, tag, first_at,
          first_release, last_at, last_release)
        select value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
          value ->> 7, ?, value ->> 8, ?
        from json_each(?) where ${SESSION_EXISTS}
        on conflict (fingerprint) do update set
          first_release = case when excluded.first_at < friction_issues.first_at then excluded.first_release
            else friction_issues.first_release end,
          first_at = min(friction_issues.first_at, excluded.first_at),
          last_release = case when excluded.last_at >= friction_issues.last_at then excluded.last_release
            else friction_issues.last_release end,
          last_at = max(friction_issues.last_at, excluded.last_at)`,
      args: [s.appId, s.release, s.release, issues, s.sessionId],
    },
    {
      sql:
        `insert into friction_daily (fingerprint, day, release, app_id, sessions, occurrences, first_at, last_at,
          users_pending, stale, version)
        select fingerprint, day, release, app_id, 1, sum(occurrences), min(at), max(at), json_array(?), 0, 0
        from friction_findings where session_id = ? group by fingerprint, day, release
        on conflict (fingerprint, day, release) do update set
          sessions = friction_daily.sessions + 1,
          occurrences = friction_daily.occurrences + excluded.occurrences,
          first_at = min(friction_daily.first_at, excluded.first_at),
          last_at = max(friction_daily.last_at, excluded.last_at),
          users_pending = json_insert(coalesce(friction_daily.users_pending, '[]'), '$[#]', ?),
          version = friction_daily.version + 1`,
      args: [s.userHash, s.sessionId, s.userHash],
    },
    {
      sql: `insert into route_daily (app_id, route, day, release, sessions)
        select ?, value, ?, ?, 1 from json_each(?) where ${SESSION_EXISTS}
        on conflict (app_id, route, day, release) do update set sessions = route_daily.sessions + 1`,
      args: [s.appId, s.day, s.release, routes, s.sessionId],
    },
    {
      sql: `insert into session_analysis (session_id, app_id, release, user_key, day, started_at, batch_count,
          rules_version, grouping_version, routes, report, analyzed_at)
        select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where ${SESSION_EXISTS}
        on conflict (session_id) do update set app_id = excluded.app_id, release = excluded.release,
          user_key = excluded.user_key, day = excluded.day, started_at = excluded.started_at,
          batch_count = excluded.batch_count, rules_version = excluded.rules_version,
          grouping_version = excluded.grouping_version, routes = excluded.routes, report = excluded.report,
          analyzed_at = excluded.analyzed_at`,
      args: [
        s.sessionId,
        s.appId,
        s.release,
        s.userKey,
        s.day,
        s.startedAt,
        s.batchCount,
        s.rulesVersion,
        s.groupingVersion,
        routes,
        s.report,
        s.analyzedAt,
        s.sessionId,
      ],
    },
    {
      sql: `insert into friction_releases (app_id, release, first_seen_at)
        select ?, ?, ? where ? != '' and ${SESSION_EXISTS}
        on conflict (app_id, release) do update set
          first_seen_at = min(friction_releases.first_seen_at, excluded.first_seen_at)`,
      args: [s.appId, s.release, s.startedAt, s.release, s.sessionId],
    },
  ];
}

/**
 * Rewrites the series of every (issue, release) and (route, release) the transaction touched — and their
 * all-release `*` series — from the daily rows, then empties the touched lists. Last in every transaction.
 */
export const SERIES_STATEMENTS: InStatement[] = [
  `insert or replace into friction_series (fingerprint, release, app_id, series)
    select d.fingerprint, d.release, min(d.app_id),
      '[' || group_concat(d.day || ',' || d.sessions || ',' || d.occurrences) || ']'
    from friction_touched t join friction_daily d on d.fingerprint = t.fingerprint and d.release = t.release
    group by d.fingerprint, d.release`,
  `delete from friction_series where (fingerprint, release) in (select fingerprint, release from friction_touched)
    and not exists (select 1 from friction_daily d
      where d.fingerprint = friction_series.fingerprint and d.release = friction_series.release)`,
  `insert or replace into friction_series (fingerprint, release, app_id, series)
    select fingerprint, '*', min(app_id), '[' || group_concat(day || ',' || s || ',' || o) || ']' from (
      select d.fingerprint, d.app_id, d.day, sum(d.sessions) as s, sum(d.occurrences) as o from friction_daily d
      where d.fingerprint in (select fingerprint from friction_touched) group by d.fingerprint, d.day)
    group by fingerprint`,
  `delete from friction_series where release = '*' and fingerprint in (select fingerprint from friction_touched)
    and not exists (select 1 from friction_daily d where d.fingerprint = friction_series.fingerprint)`,
  `insert or replace into route_series (app_id, route, release, series)
    select d.app_id, d.route, d.release, '[' || group_concat(d.day || ',' || d.sessions) || ']'
    from route_touched t join route_daily d on d.app_id = t.app_id and d.route = t.route and d.release = t.release
    group by d.app_id, d.route, d.release`,
  `delete from route_series where (app_id, route, release) in (select app_id, route, release from route_touched)
    and not exists (select 1 from route_daily d where d.app_id = route_series.app_id
      and d.route = route_series.route and d.release = route_series.release)`,
  `insert or replace into route_series (app_id, route, release, series)
    select app_id, route, '*', '[' || group_concat(day || ',' || s) || ']' from (
      select d.app_id, d.route, d.day, sum(d.sessions) as s from route_daily d
      where (d.app_id, d.route) in (select app_id, route from route_touched) group by d.app_id, d.route, d.day)
    group by app_id, route`,
  `delete from route_series where release = '*' and (app_id, route) in (select app_id, route from route_touched)
    and not exists (select 1 from route_daily d where d.app_id = route_series.app_id and d.route = route_series.route)`,
  "delete from friction_touched",
  "delete from route_touched",
];

function stateStatement(state: StateWrite): InStatement {
  return {
    sql: `insert into friction_state (key, value) values (?, ?)
      on conflict (key) do update set value = excluded.value`,
    args: [state.key, state.value],
  };
}

/**
 * Replaces the friction of each session in `sessions` (its finding rows and its share of every rollup) in one
 * transaction, together with `state` (the settle loop's cursor) when given.
 */
export async function writeSessionFriction(
  db: Database,
  sessions: readonly SessionFriction[],
  state?: StateWrite,
): Promise<void> {
  const statements: InStatement[] = [];
  for (const s of sessions) {
    const keep = JSON.stringify(
      [...new Set(s.findings.map((f) => f.fingerprint))].map((fp) => [fp, s.day, s.release]),
    );
    statements.push(...subtractStatements(JSON.stringify([s.sessionId]), keep), ...addStatements(s));
  }
  statements.push(...SERIES_STATEMENTS);
  if (state) statements.push(stateStatement(state));
  await db.$client.batch(statements, "write");
}

/** Writes `friction_state` entries alone (the cursor moving past sessions that needed no analysis). */
export async function writeFrictionState(db: Database, states: readonly StateWrite[]): Promise<void> {
  if (states.length > 0) await db.$client.batch(states.map(stateStatement), "write");
}

function removalStatements(ids: readonly string[]): InStatement[] {
  const json = JSON.stringify(ids);
  return [
    ...subtractStatements(json, "[]"),
    {
      sql: "delete from session_analysis where session_id in (select value from json_each(?))",
      args: [json],
    },
    ...SERIES_STATEMENTS,
  ];
}

/** A statement with `?` placeholders as drizzle SQL, for a `db.batch` that mixes it with drizzle queries. */
function asDrizzle(statement: InStatement): SQL {
  if (typeof statement === "string") return sql.raw(statement);
  const parts = statement.sql.split("?");
  const args = (statement.args ?? []) as unknown[];
  const chunks: SQL[] = [sql.raw(parts[0] ?? "")];
  for (let i = 1; i < parts.length; i++) chunks.push(sql`${args[i - 1]}`, sql.raw(parts[i] ?? ""));
  return sql.join(chunks);
}

/**
 * The statements that take the sessions in `ids` out of every friction count and example (deletion and
 * retention): their finding rows and analysis go, the rollups lose them, and the cells they leave are marked
 * for rebuilding (`settleRollups`). Meant for the same transaction that deletes the sessions, so a settle
 * round can never write a deleted session's friction back in between.
 */
export function sessionFrictionRemovals(db: Database, ids: readonly string[]) {
  return removalStatements(ids).map((statement) => db.run(asDrizzle(statement)));
}

/** Takes the sessions in `ids` out of every friction count and example, in one transaction. */
export async function removeSessionFriction(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.$client.batch(removalStatements(ids), "write");
}
