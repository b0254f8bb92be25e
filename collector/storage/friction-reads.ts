/**
 * The queries behind `friction.issues` and `friction.issue`: sums over the daily rollups of a window, never
 * over the finding rows, except for the few example rows of the issues on one page. Each answers plain rows;
 * `read/friction-issues.ts` turns them into issues.
 */
import type { Database } from "./db.ts";
import type { IssueRow } from "./friction-write.ts";

export type DayRange = { fromDay: number; toDay: number };
export type IssueTotals = { fingerprint: string; sessions: number; occurrences: number };

/** An issue as stored: its identity (`IssueRow`), first and last occurrence, and what an admin set. */
export type IssueMeta = IssueRow & {
  appId: string;
  firstAt: number;
  firstRelease: string;
  lastAt: number;
  lastRelease: string;
  state: string;
  resolvedAt: number | null;
  resolvedRelease: string | null;
};

type Row = Record<string, unknown>;
const n = (v: unknown): number => Number(v ?? 0);
const s = (v: unknown): string => String(v ?? "");
const sOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A flat series (`[day, sessions, occurrences, …]` with `width` 3, `[day, sessions, …]` with 2) summed over the days. */
function sumSeries(series: unknown, range: DayRange, width: 2 | 3): [number, number] {
  if (!Array.isArray(series)) return [0, 0];
  let sessions = 0;
  let occurrences = 0;
  for (let i = 0; i + width <= series.length; i += width) {
    const day = series[i] as number;
    if (day < range.fromDay || day > range.toDay) continue;
    sessions += series[i + 1] as number;
    if (width === 3) occurrences += series[i + 2] as number;
  }
  return [sessions, occurrences];
}

/**
 * Rows as one JSON text built by SQLite: `select` names a JSON value per row. Turning each row into a JS
 * object through the driver cost about 10 µs a row (22 ms for 2,000 issues); parsing one text, 1.4 ms.
 */
async function selectJson<T>(db: Database, sql: string, args: Array<string | number>): Promise<T[]> {
  const result = await db.$client.execute({
    sql: `select json_group_array(json(v)) as j from (${sql})`,
    args,
  });
  const text = result.rows[0]?.j;
  return typeof text === "string" ? JSON.parse(text) as T[] : [];
}

/** Sessions and occurrences per issue over the days, of one app and one release when given. */
export async function sumIssues(
  db: Database,
  opts: DayRange & { appId?: string | undefined; release?: string | undefined },
): Promise<IssueTotals[]> {
  const args: Array<string | number> = [opts.release ?? "*"];
  if (opts.appId !== undefined) args.push(opts.appId);
  const rows = await selectJson<[string, number[]]>(
    db,
    `select json_array(fingerprint, json(series)) as v from friction_series where release = ?
      ${opts.appId !== undefined ? "and app_id = ?" : ""}`,
    args,
  );
  const out: IssueTotals[] = [];
  for (const [fingerprint, series] of rows) {
    const [sessions, occurrences] = sumSeries(series, opts, 3);
    if (sessions > 0) out.push({ fingerprint, sessions, occurrences });
  }
  return out;
}

/** Sessions per (app, route) over the days — route "" counts every session — of one release when given. */
export async function sumRouteVisits(
  db: Database,
  opts: DayRange & { appId?: string | undefined; release?: string | undefined },
): Promise<Map<string, number>> {
  const args: Array<string | number> = [opts.release ?? "*"];
  if (opts.appId !== undefined) args.push(opts.appId);
  const rows = await selectJson<[string, string, number[]]>(
    db,
    `select json_array(app_id, route, json(series)) as v from route_series where release = ?
      ${opts.appId !== undefined ? "and app_id = ?" : ""}`,
    args,
  );
  const visits = new Map<string, number>();
  for (const [appId, route, series] of rows) {
    visits.set(routeKey(appId, route), sumSeries(series, opts, 2)[0]);
  }
  return visits;
}

export const routeKey = (appId: string, route: string): string => `${appId}\n${route}`;

/** Sessions per release of one route over the days (for one issue's per-release shares). */
export async function sumRouteVisitsByRelease(
  db: Database,
  opts: DayRange & { appId: string; route: string },
): Promise<Map<string, number>> {
  const rows = await selectJson<[string, number[]]>(
    db,
    "select json_array(release, json(series)) as v from route_series where app_id = ? and route = ? and release != '*'",
    [opts.appId, opts.route],
  );
  return new Map(rows.map(([release, series]) => [release, sumSeries(series, opts, 2)[0]]));
}

function toMeta(r: Row): IssueMeta {
  return {
    fingerprint: s(r.fingerprint),
    appId: s(r.app_id),
    kind: s(r.kind),
    route: s(r.route),
    key: s(r.key),
    title: s(r.title),
    selector: sOrNull(r.selector),
    tag: sOrNull(r.tag),
    firstAt: n(r.first_at),
    firstRelease: s(r.first_release),
    lastAt: n(r.last_at),
    lastRelease: s(r.last_release),
    state: s(r.state),
    resolvedAt: r.resolved_at === null ? null : n(r.resolved_at),
    resolvedRelease: sOrNull(r.resolved_release),
  };
}

const ISSUE_COLUMNS = [
  "fingerprint",
  "app_id",
  "kind",
  "route",
  "key",
  "title",
  "selector",
  "tag",
  "first_at",
  "first_release",
  "last_at",
  "last_release",
  "state",
  "resolved_at",
  "resolved_release",
] as const;

/** The issues of `fingerprints`, narrowed by kind and route when given. */
export async function getIssues(
  db: Database,
  fingerprints: readonly string[],
  filter: { kind?: string | undefined; route?: string | undefined } = {},
): Promise<IssueMeta[]> {
  if (fingerprints.length === 0) return [];
  // For a long list, reading every issue and keeping the wanted ones is quicker than a lookup each.
  const many = fingerprints.length > 200;
  const where = many ? ["1 = 1"] : ["fingerprint in (select value from json_each(?))"];
  const args: Array<string | number> = many ? [] : [JSON.stringify(fingerprints)];
  if (filter.kind !== undefined) (where.push("kind = ?"), args.push(filter.kind));
  if (filter.route !== undefined) (where.push("route = ?"), args.push(filter.route));
  const rows = await selectJson<unknown[]>(
    db,
    `select json_array(${ISSUE_COLUMNS.join(", ")}) as v from friction_issues where ${where.join(" and ")}`,
    args,
  );
  const wanted = many ? new Set(fingerprints) : null;
  return rows
    .map((values) => toMeta(Object.fromEntries(ISSUE_COLUMNS.map((c, i) => [c, values[i] ?? null]))))
    .filter((m) => wanted === null || wanted.has(m.fingerprint));
}

/** When each release of the apps was first seen: the order `regressed` reads releases in. */
export async function getReleaseOrder(db: Database, appIds: readonly string[]): Promise<Map<string, number>> {
  if (appIds.length === 0) return new Map();
  const result = await db.$client.execute({
    sql: `select app_id, release, first_seen_at from friction_releases
      where app_id in (select value from json_each(?))`,
    args: [JSON.stringify([...new Set(appIds)])],
  });
  return new Map(
    (result.rows as Row[]).map((r) => [routeKey(s(r.app_id), s(r.release)), n(r.first_seen_at)]),
  );
}

/** The last occurrence per release of each issue, over all stored days (for `regressed`). */
export async function getLastByRelease(
  db: Database,
  fingerprints: readonly string[],
): Promise<Map<string, Array<{ release: string; lastAt: number }>>> {
  const out = new Map<string, Array<{ release: string; lastAt: number }>>();
  if (fingerprints.length === 0) return out;
  const result = await db.$client.execute({
    sql: `select fingerprint, release, max(last_at) as last_at from friction_daily
      where fingerprint in (select value from json_each(?)) group by fingerprint, release`,
    args: [JSON.stringify(fingerprints)],
  });
  for (const r of result.rows as Row[]) {
    const list = out.get(s(r.fingerprint)) ?? [];
    list.push({ release: s(r.release), lastAt: n(r.last_at) });
    out.set(s(r.fingerprint), list);
  }
  return out;
}

export type IssueCell = {
  fingerprint: string;
  day: number;
  release: string;
  sessions: number;
  occurrences: number;
  users: ArrayBuffer | null;
  pending: string | null;
};

/** The daily cells of `fingerprints` over the days (one release when given): trends and users. */
export async function getIssueCells(
  db: Database,
  fingerprints: readonly string[],
  opts: DayRange & { release?: string | undefined },
): Promise<IssueCell[]> {
  if (fingerprints.length === 0) return [];
  const args: Array<string | number> = [JSON.stringify(fingerprints), opts.fromDay, opts.toDay];
  if (opts.release !== undefined) args.push(opts.release);
  const result = await db.$client.execute({
    sql: `select fingerprint, day, release, sessions, occurrences, users, users_pending from friction_daily
      where fingerprint in (select value from json_each(?)) and day between ? and ?
      ${opts.release !== undefined ? "and release = ?" : ""}`,
    args,
  });
  return (result.rows as Row[]).map((r) => ({
    fingerprint: s(r.fingerprint),
    day: n(r.day),
    release: s(r.release),
    sessions: n(r.sessions),
    occurrences: n(r.occurrences),
    users: (r.users as ArrayBuffer | null) ?? null,
    pending: sOrNull(r.users_pending),
  }));
}

export type ExampleRow = { sessionId: string; startMs: number; evidence: string };

/** The newest occurrences of one issue over the days, at most one per session, `limit` sessions. */
export async function getExamples(
  db: Database,
  fingerprint: string,
  opts: DayRange & { release?: string | undefined; limit: number },
): Promise<ExampleRow[]> {
  const args: Array<string | number> = [fingerprint, opts.fromDay, opts.toDay];
  if (opts.release !== undefined) args.push(opts.release);
  // A few rows per wanted session is enough unless one session repeats the issue many times; then the
  // next-newest sessions are fetched instead of scanning them all.
  args.push(opts.limit * 8);
  const result = await db.$client.execute({
    sql: `select session_id, start_ms, evidence from friction_findings indexed by friction_findings_issue_idx
      where fingerprint = ? and day between ? and ? ${opts.release !== undefined ? "and release = ?" : ""}
      order by day desc, at desc limit ?`,
    args,
  });
  const seen = new Set<string>();
  const out: ExampleRow[] = [];
  for (const r of result.rows as Row[]) {
    const id = s(r.session_id);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ sessionId: id, startMs: n(r.start_ms), evidence: s(r.evidence) });
    if (out.length >= opts.limit) break;
  }
  return out;
}

/** Sets what an admin decided about an issue; answers false when there is no such issue. */
export async function setIssueState(
  db: Database,
  opts: { fingerprint: string; state: "open" | "resolved" | "ignored"; release: string | null; at: number },
): Promise<boolean> {
  const result = await db.$client.execute({
    sql: `update friction_issues set state = ?, resolved_at = ?, resolved_release = ? where fingerprint = ?`,
    args: [
      opts.state,
      opts.state === "resolved" ? opts.at : null,
      opts.state === "resolved" ? opts.release : null,
      opts.fingerprint,
    ],
  });
  return result.rowsAffected > 0;
}
