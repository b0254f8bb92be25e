/**
 * The read path of friction issues (SPEC §8) as plain functions, shared by the tRPC procedures, the MCP
 * tools and tests. A list is built from the daily rollups of its window: every issue's sums first (a few
 * thousand rows for 30 days), then status, filters, sorting and the page; only the issues on the page get
 * their trend, users and examples read.
 *
 * Share = sessions with the issue ÷ sessions that visited its route, both over the same days (and release).
 * Sorting by `change` (the default with `compareRelease`) ranks by |Δshare| × the larger of the two session
 * counts: a 20-point swing over 500 sessions outranks a 50-point swing over 4.
 */
import {
  type FrictionIssue,
  type FrictionIssueDetail,
  type FrictionIssueInput,
  FrictionIssueInputSchema,
  type FrictionIssues,
  type FrictionIssuesInput,
  FrictionIssuesInputSchema,
  type FrictionSetStatusInput,
  type FrictionSetStatusResult,
  type FrictionStatus,
  NO_RELEASE_LABEL,
} from "../../shared/friction.ts";
import type { FindingKind } from "../../shared/report.ts";
import type { CollectorDeps } from "../deps.ts";
import { isRegressed, issueStatus, type StoredState } from "../friction/issue-status.ts";
import { estimateUsers, mergeSketches, type UsersSketch } from "../friction/users-sketch.ts";
import { type FrictionWindow, resolveWindow } from "../friction/window.ts";
import { cellUsers } from "../storage/friction-cells.ts";
import {
  type DayRange,
  getExamples,
  getIssueCells,
  getIssues,
  getLastByRelease,
  getReleaseOrder,
  type IssueMeta,
  routeKey,
  setIssueState,
  sumIssues,
  sumRouteVisits,
  sumRouteVisitsByRelease,
} from "../storage/friction-reads.ts";
import { CollectorError } from "../errors.ts";

/** Examples per issue in a list, and on one issue's page (SPEC §8). */
export const LIST_EXAMPLES = 5;
export const ISSUE_EXAMPLES = 20;

type Candidate = {
  meta: IssueMeta;
  sessions: number;
  occurrences: number;
  share: number;
  status: FrictionStatus;
  compare?: { release: string; sessions: number; share: number };
  change: number;
};

const ratio = (part: number, whole: number): number => (whole > 0 ? Math.min(1, part / whole) : 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const releaseOrNull = (release: string): string | null => (release === "" ? null : release);

function notFound(fingerprint: string): never {
  throw new CollectorError("not_found", `no friction issue ${fingerprint}: list them with friction.issues`);
}

/** Statuses of `issues`, reading release order and last occurrences only for the resolved ones. */
async function statusesOf(
  deps: CollectorDeps,
  issues: readonly IssueMeta[],
  ctx: { window: FrictionWindow; release?: string | undefined },
): Promise<Map<string, FrictionStatus>> {
  const resolved = issues.filter((i) => i.state === "resolved");
  const releases = await getReleaseOrder(deps.db, resolved.map((i) => i.appId));
  const last = await getLastByRelease(deps.db, resolved.map((i) => i.fingerprint));
  const out = new Map<string, FrictionStatus>();
  for (const issue of issues) {
    const order = new Map<string, number>();
    if (issue.state === "resolved") {
      for (const [key, at] of releases) {
        const [app, release] = key.split("\n") as [string, string];
        if (app === issue.appId) order.set(release, at);
      }
    }
    const regressed = issue.state === "resolved" &&
      isRegressed(issue, last.get(issue.fingerprint) ?? [], order);
    out.set(
      issue.fingerprint,
      issueStatus({
        state: (["open", "resolved", "ignored"].includes(issue.state) ? issue.state : "open") as StoredState,
        resolvedAt: issue.resolvedAt,
        resolvedRelease: issue.resolvedRelease,
        firstSeenMs: issue.firstAt,
        firstRelease: releaseOrNull(issue.firstRelease),
      }, { windowStartMs: ctx.window.startMs, release: ctx.release, regressed }),
    );
  }
  return out;
}

function sortValue(c: Candidate, sort: "sessions" | "share" | "occurrences" | "change"): number {
  switch (sort) {
    case "sessions":
      return c.sessions;
    case "share":
      return c.share;
    case "occurrences":
      return c.occurrences;
    case "change":
      return c.change;
    default: {
      const unreachable: never = sort;
      return unreachable;
    }
  }
}

function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ o: offset })).replace(/=+$/, "");
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const offset = (JSON.parse(atob(cursor)) as { o?: unknown }).o;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch { /* reported below */ }
  throw new CollectorError("bad_input", "cursor: not a cursor friction.issues gave; start again without it");
}

/** Trend (sessions per day, oldest first) and users of each issue over the range. */
async function trendsAndUsers(
  deps: CollectorDeps,
  fingerprints: readonly string[],
  range: DayRange & { release?: string | undefined },
): Promise<Map<string, { trend: number[]; users: number }>> {
  const cells = await getIssueCells(deps.db, fingerprints, range);
  const days = range.toDay - range.fromDay + 1;
  const acc = new Map<string, { trend: number[]; sketch: UsersSketch | null }>(
    fingerprints.map((fp) => [fp, { trend: new Array<number>(days).fill(0), sketch: null }]),
  );
  for (const cell of cells) {
    const entry = acc.get(cell.fingerprint);
    if (!entry) continue;
    entry.trend[cell.day - range.fromDay]! += cell.sessions;
    const users = cellUsers(cell.users, cell.pending);
    entry.sketch = entry.sketch ? mergeSketches(entry.sketch, users) : users;
  }
  return new Map(
    [...acc].map(([fp, e]) => [fp, { trend: e.trend, users: e.sketch ? estimateUsers(e.sketch) : 0 }]),
  );
}

function toIssue(
  c: Candidate,
  extra: { trend: number[]; users: number; examples: FrictionIssue["examples"] },
): FrictionIssue {
  const m = c.meta;
  return {
    fingerprint: m.fingerprint,
    appId: m.appId,
    kind: m.kind as FindingKind,
    route: m.route,
    title: m.title,
    ...(m.selector !== null ? { target: { selector: m.selector, ...(m.tag ? { tag: m.tag } : {}) } } : {}),
    occurrences: c.occurrences,
    sessions: c.sessions,
    // Users never exceed sessions; the sketch's estimate of a large set could say otherwise.
    users: Math.min(c.sessions, Math.max(c.sessions > 0 ? 1 : 0, extra.users)),
    share: c.share,
    firstSeen: iso(m.firstAt),
    lastSeen: iso(m.lastAt),
    firstRelease: releaseOrNull(m.firstRelease),
    lastRelease: releaseOrNull(m.lastRelease),
    status: c.status,
    trend: extra.trend,
    examples: extra.examples,
    ...(c.compare ? { compare: c.compare } : {}),
  };
}

/** `friction.issues`: the window's issues, filtered, sorted and paged. */
export async function listFrictionIssues(
  deps: CollectorDeps,
  input: FrictionIssuesInput,
): Promise<FrictionIssues> {
  const q = FrictionIssuesInputSchema.parse(input);
  const window = resolveWindow(q, deps.now());
  const range = { fromDay: window.fromDay, toDay: window.toDay };
  const scope = { ...range, appId: q.appId };
  const totals = await sumIssues(deps.db, { ...scope, release: q.release });
  const compareTotals = q.compareRelease !== undefined
    ? new Map(
      (await sumIssues(deps.db, { ...scope, release: q.compareRelease })).map((t) => [t.fingerprint, t]),
    )
    : null;
  const fingerprints = [...new Set([...totals.map((t) => t.fingerprint), ...(compareTotals?.keys() ?? [])])];
  const metas = await getIssues(deps.db, fingerprints, { kind: q.kind, route: q.route });
  const visits = await sumRouteVisits(deps.db, { ...scope, release: q.release });
  const compareVisits = q.compareRelease !== undefined
    ? await sumRouteVisits(deps.db, { ...scope, release: q.compareRelease })
    : null;
  const statuses = await statusesOf(deps, metas, { window, release: q.release });
  const byFp = new Map(totals.map((t) => [t.fingerprint, t]));

  const candidates: Candidate[] = [];
  for (const meta of metas) {
    const t = byFp.get(meta.fingerprint);
    const sessions = t?.sessions ?? 0;
    const share = ratio(sessions, visits.get(routeKey(meta.appId, meta.route)) ?? 0);
    const status = statuses.get(meta.fingerprint) ?? "ongoing";
    if (q.status !== undefined && status !== q.status) continue;
    let compare: Candidate["compare"];
    let change = 0;
    if (compareTotals && compareVisits && q.compareRelease !== undefined) {
      const cSessions = compareTotals.get(meta.fingerprint)?.sessions ?? 0;
      const cShare = ratio(cSessions, compareVisits.get(routeKey(meta.appId, meta.route)) ?? 0);
      compare = { release: q.compareRelease, sessions: cSessions, share: cShare };
      change = Math.abs(share - cShare) * Math.max(sessions, cSessions);
    }
    const volume = Math.max(sessions, compare?.sessions ?? 0);
    if (volume === 0 || (q.minSessions !== undefined && volume < q.minSessions)) continue;
    candidates.push({ meta, sessions, occurrences: t?.occurrences ?? 0, share, status, compare, change });
  }
  const sort = q.sort ?? (q.compareRelease !== undefined ? "change" : "sessions");
  candidates.sort((a, b) =>
    sortValue(b, sort) - sortValue(a, sort) || b.sessions - a.sessions ||
    a.meta.fingerprint.localeCompare(b.meta.fingerprint)
  );
  const offset = decodeCursor(q.cursor);
  const page = candidates.slice(offset, offset + q.limit);
  const extras = await trendsAndUsers(deps, page.map((c) => c.meta.fingerprint), {
    ...range,
    release: q.release,
  });
  const issues: FrictionIssue[] = [];
  for (const c of page) {
    const examples = await getExamples(deps.db, c.meta.fingerprint, {
      ...range,
      release: q.release,
      limit: LIST_EXAMPLES,
    });
    const extra = extras.get(c.meta.fingerprint) ?? { trend: [], users: 0 };
    issues.push(toIssue(c, { ...extra, examples }));
  }
  const all = q.appId !== undefined
    ? visits.get(routeKey(q.appId, "")) ?? 0
    : [...visits].filter(([key]) => key.endsWith("\n")).reduce((sum, [, v]) => sum + v, 0);
  return {
    issues,
    nextCursor: offset + q.limit < candidates.length ? encodeCursor(offset + q.limit) : null,
    sessions: all,
  };
}

/** `friction.issue`: one issue over the window, with 20 examples and its sessions and share per release. */
export async function getFrictionIssue(
  deps: CollectorDeps,
  input: FrictionIssueInput,
): Promise<FrictionIssueDetail> {
  const q = FrictionIssueInputSchema.parse(input);
  const [meta] = await getIssues(deps.db, [q.fingerprint]);
  if (!meta) notFound(q.fingerprint);
  const window = resolveWindow(q, deps.now());
  const range = { fromDay: window.fromDay, toDay: window.toDay };
  const cells = await getIssueCells(deps.db, [meta.fingerprint], range);
  const visitsByRelease = await sumRouteVisitsByRelease(deps.db, {
    ...range,
    appId: meta.appId,
    route: meta.route,
  });
  const sessionsByRelease = new Map<string, number>();
  let sessions = 0;
  let occurrences = 0;
  for (const cell of cells) {
    sessionsByRelease.set(cell.release, (sessionsByRelease.get(cell.release) ?? 0) + cell.sessions);
    sessions += cell.sessions;
    occurrences += cell.occurrences;
  }
  const routeVisits = [...visitsByRelease.values()].reduce((a, b) => a + b, 0);
  const statuses = await statusesOf(deps, [meta], { window });
  const candidate: Candidate = {
    meta,
    sessions,
    occurrences,
    share: ratio(sessions, routeVisits),
    status: statuses.get(meta.fingerprint) ?? "ongoing",
    change: 0,
  };
  const extra = (await trendsAndUsers(deps, [meta.fingerprint], range)).get(meta.fingerprint) ??
    { trend: [], users: 0 };
  const examples = await getExamples(deps.db, meta.fingerprint, { ...range, limit: ISSUE_EXAMPLES });
  const order = await getReleaseOrder(deps.db, [meta.appId]);
  const firstSeenOf = (release: string) => order.get(routeKey(meta.appId, release)) ?? -1;
  const releases = [...sessionsByRelease.keys()]
    .sort((a, b) => firstSeenOf(b) - firstSeenOf(a) || a.localeCompare(b))
    .map((release) => ({
      release: release === "" ? NO_RELEASE_LABEL : release,
      sessions: sessionsByRelease.get(release) ?? 0,
      share: ratio(sessionsByRelease.get(release) ?? 0, visitsByRelease.get(release) ?? 0),
    }));
  return { ...toIssue(candidate, { ...extra, examples }), releases };
}

/** `friction.setStatus`: resolve (in a release), ignore or reopen; answers the status the issue now has. */
export async function setFrictionStatus(
  deps: CollectorDeps,
  input: FrictionSetStatusInput,
): Promise<FrictionSetStatusResult> {
  const state = input.status === "open" ? "open" : input.status;
  const found = await setIssueState(deps.db, {
    fingerprint: input.fingerprint,
    state,
    release: input.release ?? null,
    at: deps.now(),
  });
  if (!found) notFound(input.fingerprint);
  const issue = await getFrictionIssue(deps, { fingerprint: input.fingerprint });
  return { fingerprint: input.fingerprint, status: issue.status };
}
