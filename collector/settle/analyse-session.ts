/**
 * One settled session → the rows of its friction (`SessionFriction`): its stitched events are read back,
 * analysed into the FrictionReport every other reader sees, and each finding is given its issue
 * (`friction/finding-key.ts`). The session's day and the time of each occurrence come from the session's
 * start, held within the 12 hours before the collector last heard from it, so a client clock that is far off
 * cannot file a session under a day it was never recorded on.
 */
import type { CollectorConfig } from "../../shared/config.ts";
import { SESSION_MAX_MS } from "../../shared/limits.ts";
import type { FrictionReport } from "../../shared/report.ts";
import { analyzeSession } from "../analysis/report.ts";
import { RULES } from "../analysis/rules.ts";
import type { CollectorDeps } from "../deps.ts";
import { collectFindingContext } from "../friction/finding-context.ts";
import { identifyIssue } from "../friction/finding-key.ts";
import { FINGERPRINT_VERSION, fingerprintOf } from "../friction/fingerprint.ts";
import { compileRouteTemplates, type RouteTemplate, templateRoute } from "../friction/route-template.ts";
import { hashUserKey } from "../friction/users-sketch.ts";
import { dayOf } from "../friction/window.ts";
import type { Logger } from "../ops/logger.ts";
import { readEventsOfBatches, type StoredBatchRef } from "../read/replay-queries.ts";
import type { BlobStore } from "../storage/blobs/blob-store.ts";
import { createBlobStore } from "../storage/blobs/create-blob-store.ts";
import type { FindingRow, IssueRow, SessionFriction } from "../storage/friction-write.ts";
import { type AnalysisVersions, type DueSession, listBatchPlaces } from "../storage/settle-queue.ts";

/** What the settle loop needs to know once: templates compiled, and the versions analyses are stamped with. */
export type SettleSetup = { templates: RouteTemplate[]; versions: AnalysisVersions };

/**
 * The grouping version: `FINGERPRINT_VERSION`, plus a digest of `ROUTE_TEMPLATES` when a team set some, so
 * changing either groups stored sessions again.
 */
export function createSettleSetup(routeTemplates: readonly string[]): SettleSetup {
  const templates = compileRouteTemplates(routeTemplates);
  const digest = routeTemplates.length === 0
    ? ""
    : `+${
      fingerprintOf({ appId: "", kind: "js_error", route: "", key: routeTemplates.join(",") }).slice(3, 11)
    }`;
  return {
    templates,
    versions: { rulesVersion: RULES.version, groupingVersion: `${FINGERPRINT_VERSION}${digest}` },
  };
}

/** The session's start as the day and the occurrences count it: its report's, held near the server's clock. */
export function sessionStartMs(report: FrictionReport, lastSeenAt: number): number {
  const reported = Date.parse(report.startedAt);
  const earliest = lastSeenAt - SESSION_MAX_MS - 60 * 60_000;
  return Number.isFinite(reported) ? Math.min(lastSeenAt, Math.max(earliest, reported)) : lastSeenAt;
}

/** Groups a report's findings into rows and issues (pure: the report and events are given). */
export function frictionOfReport(
  session: DueSession,
  report: FrictionReport,
  events: readonly unknown[],
  opts: SettleSetup & { now: number },
): SessionFriction {
  const startedAt = sessionStartMs(report, session.lastSeenAt);
  const context = collectFindingContext(events, Date.parse(report.startedAt));
  const grouping = { appId: session.appId, pages: report.pages, context, templates: opts.templates };
  const findings: FindingRow[] = [];
  const issues = new Map<string, IssueRow>();
  const routes = new Set(report.pages.map((page) => templateRoute(page, opts.templates)));
  for (const finding of report.findings) {
    const issue = identifyIssue(finding, grouping);
    routes.add(issue.route);
    findings.push({
      fingerprint: issue.fingerprint,
      kind: issue.kind,
      route: issue.route,
      at: startedAt + Math.round(finding.startMs),
      startMs: Math.round(finding.startMs),
      occurrences: finding.kind === "rage_click" ? 1 : Math.max(1, finding.count ?? 1),
      url: finding.url,
      evidence: finding.evidence,
    });
    if (!issues.has(issue.fingerprint)) {
      issues.set(issue.fingerprint, {
        fingerprint: issue.fingerprint,
        kind: issue.kind,
        route: issue.route,
        key: issue.key,
        title: issue.title,
        selector: issue.target?.selector ?? null,
        tag: issue.target?.tag ?? null,
      });
    }
  }
  const userKey = session.userId ?? `s:${session.id}`;
  return {
    sessionId: session.id,
    appId: session.appId,
    release: session.release ?? "",
    userKey,
    userHash: hashUserKey(userKey),
    day: dayOf(startedAt),
    startedAt,
    batchCount: session.batchCount,
    rulesVersion: report.rulesVersion,
    groupingVersion: opts.versions.groupingVersion,
    routes: [...routes],
    report: JSON.stringify(report),
    analyzedAt: opts.now,
    findings,
    issues: [...issues.values()],
  };
}

/** What analysing needs: blobs to read the session from, a log, and the cap on what is read. No database. */
export type AnalyseDeps = {
  blobs: Pick<BlobStore, "get">;
  log: Pick<Logger, "error" | "info">;
  now: () => number;
  /** MAX_SESSION_BYTES, 0 for no cap: a session is analysed on what `replays.analyze` reads of it. */
  maxSessionBytes: number;
};

/**
 * The settle Worker's deps: blobs read with blocking reads (`FsBlobStoreOptions`), since the Worker is a
 * thread of its own that analyses one session at a time — a fifth of the CPU of async reads.
 */
export function createWorkerAnalyseDeps(config: CollectorConfig, log: AnalyseDeps["log"]): AnalyseDeps {
  return {
    blobs: createBlobStore(config, { blockingReads: true }),
    log,
    now: () => Date.now(),
    maxSessionBytes: config.MAX_SESSION_BYTES,
  };
}

/** A session's batch rows as the settle loop lists them for analysis (plain values: they cross to the Worker). */
export type BatchRefs = ReadonlyArray<StoredBatchRef & { firstTs: number | null }>;

/**
 * Reads one session's stored batches (`refs`, from the database), stitches, analyses and groups them; null
 * when it has no batch row any more (deleted meanwhile). Touches no database, so it can run on the settle
 * Worker. A session whose blobs cannot be read is analysed as what can be read — possibly nothing — as
 * `replays.analyze` does, so it is written as analysed and not picked up again every round.
 */
export async function analyseStoredSession(
  deps: AnalyseDeps,
  session: DueSession,
  refs: BatchRefs,
  setup: SettleSetup,
): Promise<SessionFriction | null> {
  if (refs.length === 0) return null;
  const events = await readEventsOfBatches(deps, refs, deps.maxSessionBytes || Number.POSITIVE_INFINITY);
  const report = analyzeSession({ sessionId: session.id, appId: session.appId, events });
  return frictionOfReport(session, report, events, { ...setup, now: deps.now() });
}

/** Reads, analyses and groups one session on this thread; null when it has no stored batch any more. */
export async function analyseSessionFriction(
  deps: CollectorDeps,
  session: DueSession,
  setup: SettleSetup,
): Promise<SessionFriction | null> {
  return await analyseStoredSession(
    { ...deps, maxSessionBytes: deps.config.MAX_SESSION_BYTES },
    session,
    await listBatchPlaces(deps.db, session.id),
    setup,
  );
}
