/**
 * `analyze_replay` and `get_replay_narrative`: the MCP face of `replays.analyze` and `replays.narrative`,
 * calling the same read functions. Both are bounded so a two-hour session never sends megabytes into an
 * agent's context: the narrative keeps at most `maxRows` rows and `MAX_NARRATIVE_CHARS` characters (cut at a
 * row boundary, with a note saying so), and the report keeps the first `MAX_REPORT_FINDINGS` findings and
 * `MAX_REPORT_PAGES` pages, with counts of what was left out. The score and stats always cover the whole
 * session.
 */
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.d.ts"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { type FrictionReport, FrictionReportSchema } from "../../shared/report.ts";
import { formatDurationCompact } from "../../shared/duration.ts";
import type { CollectorDeps } from "../deps.ts";
import { CollectorError } from "../errors.ts";
import { getReplayNarrative, getReplayReport } from "../read/analysis-queries.ts";
import { SessionIdInput, unknownSession } from "./replay-tools.ts";
import { capList, runTool, toolResult } from "./tool-result.ts";

/** Default and largest `maxRows` of `get_replay_narrative`. */
export const DEFAULT_NARRATIVE_ROWS = 300;
export const MAX_NARRATIVE_ROWS = 1_000;
/** About 12k tokens: the most narrative text one call returns, whatever `maxRows` asks for. */
export const MAX_NARRATIVE_CHARS = 48_000;
/** Findings and pages one `analyze_replay` answer lists; the rest are counted in `omitted`. */
export const MAX_REPORT_FINDINGS = 100;
export const MAX_REPORT_PAGES = 50;

const NarrativeOutput = z.object({
  sessionId: z.string(),
  /** `t_ms,page,kind,target,detail` rows, header first. */
  csv: z.string(),
  /** Data rows in `csv` (the header not counted). */
  rows: z.number().int().nonnegative(),
  truncated: z.boolean(),
  note: z.string().optional(),
});

const ReportOutput = FrictionReportSchema.extend({
  omitted: z.object({ findings: z.number().int().nonnegative(), pages: z.number().int().nonnegative() })
    .optional(),
});

export function registerAnalysisTools(server: McpServer, deps: CollectorDeps): void {
  server.registerTool("analyze_replay", {
    title: "Friction report for one session",
    description: "Analyses one recorded session and returns its friction report: a 0-100 friction score " +
      "(0 = none), a short summary, stats, and findings sorted by time — rage clicks, dead clicks, clicks " +
      "that caused errors, JS errors, failed or slow requests, quick backs, navigation loops, excessive " +
      "scrolling, abandoned forms and form error loops — each with offsets from session start (startMs, " +
      "endMs), severity, page, target selector and one line of evidence to verify in the replay.",
    inputSchema: z.object({ sessionId: SessionIdInput }),
    outputSchema: ReportOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, ({ sessionId }) =>
    runTool(deps.log, "analyze_replay", async () => {
      const report = await getReplayReport(deps, sessionId);
      if (!report) throw new CollectorError("not_found", unknownSession(sessionId));
      const bounded = boundReport(report);
      return toolResult(bounded, describeReport(bounded));
    }));

  server.registerTool("get_replay_narrative", {
    title: "Step-by-step narrative of one session",
    description: "What the user did in one recorded session, in time order, as CSV with the header " +
      "t_ms,page,kind,target,detail: navigations, clicks, inputs (as 'typed N chars', never values), " +
      "scrolls, submits, errors, failed requests, custom events and findings. Redacted. Long sessions are " +
      `cut after maxRows rows (default ${DEFAULT_NARRATIVE_ROWS}) or ${MAX_NARRATIVE_CHARS} characters, ` +
      "and the answer says so.",
    inputSchema: z.object({
      sessionId: SessionIdInput,
      maxRows: z.number().int().min(1).max(MAX_NARRATIVE_ROWS).default(DEFAULT_NARRATIVE_ROWS).describe(
        `Most rows to return, from the start of the session (1-${MAX_NARRATIVE_ROWS}, default ${DEFAULT_NARRATIVE_ROWS}).`,
      ),
    }),
    outputSchema: NarrativeOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, ({ sessionId, maxRows }) =>
    runTool(deps.log, "get_replay_narrative", async () => {
      const narrative = await getReplayNarrative(deps, sessionId, { maxRows });
      if (!narrative) throw new CollectorError("not_found", unknownSession(sessionId));
      // Past maxRows the read function ends the CSV with one "truncated" row that counts what it left out.
      const bounded = boundNarrative(narrative.csv, { cutAtRows: narrative.rows > maxRows ? maxRows : null });
      const structured = { sessionId, ...bounded };
      return toolResult(structured, bounded.note ? `${bounded.note}\n\n${bounded.csv}` : bounded.csv);
    }));
}

function boundReport(report: FrictionReport): z.infer<typeof ReportOutput> {
  const findings = capList(report.findings, MAX_REPORT_FINDINGS);
  const pages = capList(report.pages, MAX_REPORT_PAGES);
  if (findings.omitted === 0 && pages.omitted === 0) return report;
  return {
    ...report,
    findings: findings.kept,
    pages: pages.kept,
    omitted: { findings: findings.omitted, pages: pages.omitted },
  };
}

function describeReport(r: z.infer<typeof ReportOutput>): string {
  const lines = [
    `Session ${r.sessionId} (app ${r.appId}), started ${r.startedAt}, lasted ${
      formatDurationCompact(r.durationMs)
    }`,
    `Friction score ${r.frictionScore}/100 — ${r.summary}`,
    `${r.stats.clicks} clicks, ${r.stats.inputs} inputs, ${r.stats.pageviews} page views, ` +
    `${r.stats.errors} errors, ${r.stats.networkErrors} failed requests (rules ${r.rulesVersion})`,
  ];
  if (r.findings.length === 0) lines.push("No findings.");
  else {
    lines.push("Findings:");
    for (const f of r.findings) {
      const target = f.target ? ` on ${f.target.selector}` : "";
      lines.push(
        `- ${formatDurationCompact(f.startMs)} ${f.kind} (${f.severity})${target} at ${f.url}: ${f.evidence}`,
      );
    }
  }
  if (r.omitted && r.omitted.findings > 0) {
    lines.push(`…and ${r.omitted.findings} more findings, left out to keep this answer short.`);
  }
  return lines.join("\n");
}

/**
 * Keeps the header and as many whole rows as fit in `MAX_NARRATIVE_CHARS`, and says when anything was cut:
 * by the read function at `cutAtRows`, or here by size.
 */
export function boundNarrative(
  csv: string,
  opts: { cutAtRows: number | null },
): { csv: string; rows: number; truncated: boolean; note?: string } {
  const [header = "", ...records] = splitCsvRecords(csv);
  let size = header.length + 1;
  let kept = 0;
  while (kept < records.length) {
    const next = (records[kept] ?? "").length + 1;
    if (size + next > MAX_NARRATIVE_CHARS) break;
    size += next;
    kept++;
  }
  const keptRecords = records.slice(0, kept);
  const text = [header, ...keptRecords].join("\n") + "\n";
  if (kept < records.length) {
    const lastT = Number((keptRecords[keptRecords.length - 1] ?? "0").split(",")[0]) || 0;
    return {
      csv: text,
      rows: kept,
      truncated: true,
      note: `Narrative truncated after ${kept} rows (${MAX_NARRATIVE_CHARS}-character limit), ` +
        `${
          formatDurationCompact(lastT)
        } into the session; the session goes on. Ask for fewer rows with maxRows, ` +
        "or call analyze_replay, which covers the whole session.",
    };
  }
  if (opts.cutAtRows !== null) {
    return {
      csv: text,
      rows: kept,
      truncated: true,
      note: `Narrative truncated after ${opts.cutAtRows} rows (maxRows); its last row says how many were ` +
        "left out. analyze_replay covers the whole session.",
    };
  }
  return { csv: text, rows: kept, truncated: false };
}

/** Splits CSV text into records, keeping line breaks inside quoted fields (RFC 4180). */
function splitCsvRecords(csv: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) {
      records.push(csv.slice(start, i).replace(/\r$/, ""));
      start = i + 1;
    }
  }
  if (start < csv.length) records.push(csv.slice(start));
  return records;
}
