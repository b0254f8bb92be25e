/**
 * Friction report and narrative of one stored session: stitched events in, analysis out. Plain functions
 * shared by `replays.analyze` / `replays.narrative`, MCP tools and the CLI's in-process paths. Reports are
 * computed on each call (analysis is fast next to reading the blobs; SPEC figures in STACK-NOTES).
 */
import type { FrictionReport, Narrative } from "../../shared/report.ts";
import { buildNarrative, toNarrativeCsv } from "../analysis/narrative.ts";
import { type AnalyzeInput, analyzeSession } from "../analysis/report.ts";
import type { CollectorDeps } from "../deps.ts";
import { getSession } from "../storage/sessions.ts";
import { getReplayEvents } from "./replay-queries.ts";

/** Where the collector is reached; requests to it are the SDK's own and never count as findings. */
export type AnalysisOptions = { collectorOrigin?: string };
/** `maxRows` keeps the first rows only, so a caller with a budget (MCP) need not build a huge CSV. */
export type NarrativeOptions = AnalysisOptions & { maxRows?: number };

async function loadAnalyzeInput(
  deps: CollectorDeps,
  sessionId: string,
  opts: AnalysisOptions,
): Promise<AnalyzeInput | null> {
  const session = await getSession(deps.db, sessionId);
  if (!session) return null;
  const stitched = await getReplayEvents(deps, sessionId);
  return {
    sessionId,
    appId: session.appId,
    events: stitched?.events ?? [],
    ...(opts.collectorOrigin !== undefined ? { collectorOrigin: opts.collectorOrigin } : {}),
  };
}

/** The session's FrictionReport, or null when there is no such session. */
export async function getReplayReport(
  deps: CollectorDeps,
  sessionId: string,
  opts: AnalysisOptions = {},
): Promise<FrictionReport | null> {
  const input = await loadAnalyzeInput(deps, sessionId, opts);
  return input ? analyzeSession(input) : null;
}

/** The session's redacted narrative CSV, or null when there is no such session. */
export async function getReplayNarrative(
  deps: CollectorDeps,
  sessionId: string,
  opts: NarrativeOptions = {},
): Promise<Narrative | null> {
  const input = await loadAnalyzeInput(deps, sessionId, opts);
  if (!input) return null;
  const all = buildNarrative(input, analyzeSession(input));
  const rows = opts.maxRows === undefined ? all : all.slice(0, Math.max(0, opts.maxRows));
  return { sessionId, csv: toNarrativeCsv(rows), rows: rows.length };
}
