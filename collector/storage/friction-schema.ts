/**
 * Tables of friction issues across sessions (SPEC §8). The source of truth is one row per finding
 * (`friction_findings`) and one per analysed session (`session_analysis`); the rest are rollups kept in step
 * with them inside the same transactions, so a query over 30 days reads a few thousand rows per issue list
 * instead of millions of findings:
 *
 * - `friction_daily`: per (issue, UTC day, release) the sessions and occurrences (exact, added and
 *   subtracted in SQL), first/last occurrence and a sketch of distinct users (`users-sketch.ts`). A removal
 *   cannot be subtracted from a sketch, so it marks the cell `stale` and the cell is rebuilt from the findings.
 * - `route_daily`: per (app, route, day, release) the sessions that visited the route (the share's
 *   denominator); route `""` counts every analysed session of the day.
 * - `friction_series` / `route_series`: per issue (and per route) and release — `*` for all releases — the
 *   daily counts as one flat JSON array `[day, sessions, occurrences, day, …]` (routes: `[day, sessions, …]`),
 *   rewritten from the daily rows of what a transaction touched (listed in `friction_touched` /
 *   `route_touched` while it runs). A 30-day issue list then reads one row per issue instead of every
 *   (issue, day, release) row: 2,000 rows, not 100,000 — and reads them as one JSON text, because turning
 *   each row into a JS object cost ten times more than parsing flat arrays.
 * - `friction_issues`: identity, title, status set by an admin, first/last seen and release.
 * - `friction_releases`: when each release was first seen, which orders releases for `regressed`.
 * - `friction_state`: the settle loop's cursors, so a restart resumes where it stopped.
 *
 * A session belongs to the UTC day it started; `release` is "" for sessions recorded without one.
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const sessionAnalysis = sqliteTable("session_analysis", {
  sessionId: text("session_id").primaryKey(),
  appId: text("app_id").notNull(),
  release: text("release").notNull(),
  /** The session's `userId`, else `s:<sessionId>`: what "users" counts. */
  userKey: text("user_key").notNull(),
  day: integer("day").notNull(),
  startedAt: integer("started_at").notNull(),
  /** The session's batch count when analysed: a later batch makes the analysis out of date. */
  batchCount: integer("batch_count").notNull(),
  rulesVersion: text("rules_version").notNull(),
  groupingVersion: text("grouping_version").notNull(),
  /** JSON array of the route templates the session visited. */
  routes: text("routes").notNull(),
  /** The FrictionReport as JSON: `replays.analyze` answers it while it is current. */
  report: text("report").notNull(),
  analyzedAt: integer("analyzed_at").notNull(),
}, (t) => [index("session_analysis_started_idx").on(t.startedAt, t.sessionId)]);

export const frictionFindings = sqliteTable("friction_findings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  sessionId: text("session_id").notNull(),
  fingerprint: text("fingerprint").notNull(),
  appId: text("app_id").notNull(),
  kind: text("kind").notNull(),
  route: text("route").notNull(),
  release: text("release").notNull(),
  day: integer("day").notNull(),
  /** Epoch ms of the occurrence: the session's start plus `startMs`. */
  at: integer("at").notNull(),
  startMs: integer("start_ms").notNull(),
  /** How many times this finding happened (a finding's `count`; one per rage-click burst). */
  occurrences: integer("occurrences").notNull(),
  userKey: text("user_key").notNull(),
  /** The stripped URL of the page, kept as evidence beside the route. */
  url: text("url").notNull(),
  evidence: text("evidence").notNull(),
}, (t) => [
  index("friction_findings_session_idx").on(t.sessionId),
  index("friction_findings_issue_idx").on(t.fingerprint, t.day, t.at),
]);

export const frictionIssues = sqliteTable("friction_issues", {
  fingerprint: text("fingerprint").primaryKey(),
  appId: text("app_id").notNull(),
  kind: text("kind").notNull(),
  route: text("route").notNull(),
  key: text("key").notNull(),
  title: text("title").notNull(),
  selector: text("selector"),
  tag: text("tag"),
  firstAt: integer("first_at").notNull(),
  firstRelease: text("first_release").notNull(),
  lastAt: integer("last_at").notNull(),
  lastRelease: text("last_release").notNull(),
  /** Set when a removal may have taken the first or last occurrence away; rebuilt from the daily rows. */
  stale: integer("stale").notNull().default(0),
  /** What an admin set: `open`, `resolved` or `ignored`. */
  state: text("state").notNull().default("open"),
  resolvedAt: integer("resolved_at"),
  resolvedRelease: text("resolved_release"),
}, (t) => [
  index("friction_issues_app_idx").on(t.appId),
  index("friction_issues_stale_idx").on(t.fingerprint).where(sql`${t.stale} = 1`),
]);

export const frictionDaily = sqliteTable("friction_daily", {
  fingerprint: text("fingerprint").notNull(),
  day: integer("day").notNull(),
  release: text("release").notNull(),
  appId: text("app_id").notNull(),
  sessions: integer("sessions").notNull(),
  occurrences: integer("occurrences").notNull(),
  firstAt: integer("first_at").notNull(),
  lastAt: integer("last_at").notNull(),
  /** Encoded users sketch; hashes added since are in `usersPending` (a JSON array) until folded in. */
  users: blob("users", { mode: "buffer" }),
  usersPending: text("users_pending"),
  stale: integer("stale").notNull().default(0),
  /** Bumped on every change, so a fold or rebuild computed from an older state does not overwrite a newer one. */
  version: integer("version").notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.fingerprint, t.day, t.release] }),
  // Covers the issue list's scan: a window's days, optionally one app or release, summed per issue.
  index("friction_daily_window_idx").on(t.day, t.appId, t.release, t.fingerprint, t.sessions, t.occurrences),
  // Small partial indexes: the upkeep of `friction-cells.ts` finds its work without scanning every cell.
  index("friction_daily_stale_idx").on(t.fingerprint).where(sql`${t.stale} = 1`),
  index("friction_daily_pending_idx").on(t.fingerprint).where(sql`${t.usersPending} is not null`),
]);

export const routeDaily = sqliteTable("route_daily", {
  appId: text("app_id").notNull(),
  route: text("route").notNull(),
  day: integer("day").notNull(),
  release: text("release").notNull(),
  sessions: integer("sessions").notNull(),
}, (t) => [
  primaryKey({ columns: [t.appId, t.route, t.day, t.release] }),
  index("route_daily_window_idx").on(t.day, t.appId, t.release, t.route, t.sessions),
]);

export const frictionReleases = sqliteTable("friction_releases", {
  appId: text("app_id").notNull(),
  release: text("release").notNull(),
  firstSeenAt: integer("first_seen_at").notNull(),
}, (t) => [primaryKey({ columns: [t.appId, t.release] })]);

export const frictionState = sqliteTable("friction_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const frictionSeries = sqliteTable("friction_series", {
  fingerprint: text("fingerprint").notNull(),
  /** A release, "" for none, or "*" for all of them together. */
  release: text("release").notNull(),
  appId: text("app_id").notNull(),
  /** Flat JSON array: UTC day, sessions, occurrences, UTC day, … */
  series: text("series").notNull(),
}, (t) => [
  primaryKey({ columns: [t.fingerprint, t.release] }),
  index("friction_series_release_idx").on(t.release, t.appId),
]);

export const routeSeries = sqliteTable("route_series", {
  appId: text("app_id").notNull(),
  route: text("route").notNull(),
  release: text("release").notNull(),
  /** Flat JSON array: UTC day, sessions that visited the route, UTC day, … */
  series: text("series").notNull(),
}, (t) => [
  primaryKey({ columns: [t.appId, t.route, t.release] }),
  index("route_series_release_idx").on(t.release, t.appId),
]);

/** What the running transaction changed, so its series are rewritten; empty between transactions. */
export const frictionTouched = sqliteTable("friction_touched", {
  fingerprint: text("fingerprint").notNull(),
  release: text("release").notNull(),
}, (t) => [primaryKey({ columns: [t.fingerprint, t.release] })]);

export const routeTouched = sqliteTable("route_touched", {
  appId: text("app_id").notNull(),
  route: text("route").notNull(),
  release: text("release").notNull(),
}, (t) => [primaryKey({ columns: [t.appId, t.route, t.release] })]);
