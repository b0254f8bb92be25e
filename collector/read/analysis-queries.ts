/**
 * Friction report and narrative of one stored session: stitched events in, analysis out. Plain functions
 * shared by `replays.analyze` / `replays.narrative`, MCP tools and the CLI's in-process paths. Analysis runs
 * here, when a report is asked for, never on the request path of `ingest.batch`, so a long session cannot
 * slow ingest down.
 *
 * A settled session's report was stored by the settle loop and is answered from there while current.
 * Other reports are cached per collector and recomputed when the session changes: the cache key holds the
 * session's batch count, event count and last-seen time, the rules version and the collector origin, so a
 * new batch (or new rules) makes the next read analyse again. The cache is bounded and per process; on a
 * stateless deployment it only saves repeated reads within one isolate's life.
 */
import type { FrictionReport, Narrative } from "../../shared/report.ts";
import { buildNarrative, toNarrativeCsv } from "../analysis/narrative.ts";
import { type AnalyzeInput, analyzeSession } from "../analysis/report.ts";
import { RULES } from "../analysis/rules.ts";
import type { CollectorDeps } from "../deps.ts";
import { getSession } from "../storage/sessions.ts";
import { readSessionEvents } from "./replay-queries.ts";
import { getStoredReport } from "../storage/settle-queue.ts";

/** Where the collector is reached; requests to it are the SDK's own and never count as findings. */
export type AnalysisOptions = { collectorOrigin?: string };
/** `maxRows` bounds the narrative, so a caller with a budget (MCP) never receives megabytes. */
export type NarrativeOptions = AnalysisOptions & { maxRows?: number };

/** Reports kept per collector; a report is a few KB, so this bounds the cache to a few MB. */
const REPORT_CACHE_ENTRIES = 256;

type CachedReport = { fingerprint: string; report: FrictionReport };
const caches = new WeakMap<CollectorDeps, Map<string, CachedReport>>();

function cacheOf(deps: CollectorDeps): Map<string, CachedReport> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new Map();
    caches.set(deps, cache);
  }
  return cache;
}

async function loadAnalyzeInput(
  deps: CollectorDeps,
  sessionId: string,
  opts: AnalysisOptions,
): Promise<AnalyzeInput | null> {
  const session = await getSession(deps.db, sessionId);
  if (!session) return null;
  // Bounded by MAX_SESSION_BYTES (0: no cap), so no stored session can take analysis past it.
  const events = await readSessionEvents(deps, sessionId, deps.config.MAX_SESSION_BYTES || Infinity);
  return {
    sessionId,
    appId: session.appId,
    events: events ?? [],
    ...(opts.collectorOrigin !== undefined ? { collectorOrigin: opts.collectorOrigin } : {}),
  };
}

/** The session's FrictionReport (cached until the session changes), or null when there is no such session. */
export async function getReplayReport(
  deps: CollectorDeps,
  sessionId: string,
  opts: AnalysisOptions = {},
): Promise<FrictionReport | null> {
  return await cachedReport(deps, sessionId, opts, () => loadAnalyzeInput(deps, sessionId, opts));
}

/** The cached report, or one made from `load()`'s events (called only on a cache miss). */
async function cachedReport(
  deps: CollectorDeps,
  sessionId: string,
  opts: AnalysisOptions,
  load: () => Promise<AnalyzeInput | null>,
): Promise<FrictionReport | null> {
  const session = await getSession(deps.db, sessionId);
  if (!session) return null;
  const fingerprint = [
    session.batchCount,
    session.eventCount,
    session.lastSeenAt,
    RULES.version,
    opts.collectorOrigin ?? "",
  ].join("|");
  const cache = cacheOf(deps);
  const cached = cache.get(sessionId);
  cache.delete(sessionId);
  if (cached?.fingerprint === fingerprint) {
    // Re-inserted so the Map's insertion order works as least-recently-used.
    cache.set(sessionId, cached);
    return cached.report;
  }
  // A settled session's report is stored (SPEC §8): while it covers every batch under these rules, it is the
  // answer, and no event is read.
  const stored = opts.collectorOrigin === undefined
    ? await getStoredReport(deps.db, sessionId, {
      batchCount: session.batchCount,
      rulesVersion: RULES.version,
    })
    : null;
  let report: FrictionReport;
  if (stored !== null) report = JSON.parse(stored) as FrictionReport;
  else {
    const input = await load();
    if (!input) return null;
    report = analyzeSession(input);
  }
  cache.set(sessionId, { fingerprint, report });
  while (cache.size > REPORT_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return report;
}

/**
 * The session's redacted narrative CSV, or null when there is no such session. With `maxRows`, a longer
 * narrative keeps its first rows and ends with one row saying how many were left out.
 */
export async function getReplayNarrative(
  deps: CollectorDeps,
  sessionId: string,
  opts: NarrativeOptions = {},
): Promise<Narrative | null> {
  // The events are read once, whether or not the report was cached: reading them is the costly part.
  let loaded: AnalyzeInput | null | undefined;
  const load = async (): Promise<AnalyzeInput | null> =>
    loaded !== undefined ? loaded : (loaded = await loadAnalyzeInput(deps, sessionId, opts));
  const report = await cachedReport(deps, sessionId, opts, load);
  if (!report) return null;
  const input = await load();
  if (!input) return null;
  const all = buildNarrative(input, report);
  if (opts.maxRows === undefined || all.length <= opts.maxRows) {
    return { sessionId, csv: toNarrativeCsv(all), rows: all.length };
  }
  const rows = all.slice(0, Math.max(0, opts.maxRows));
  const last = rows[rows.length - 1];
  rows.push({
    t_ms: last?.t_ms ?? 0,
    page: last?.page ?? "",
    kind: "truncated",
    target: "",
    detail: `${all.length - rows.length} later rows omitted; ask for a higher maxRows`,
  });
  return { sessionId, csv: toNarrativeCsv(rows), rows: rows.length };
}
