/**
 * The narrative (SPEC §4): one redacted CSV row per meaningful step, `t_ms,page,kind,target,detail`, for a
 * person or an LLM to read the session as a story. Keystrokes on one field become one "typed N chars" row,
 * and a run of scrolls on one target becomes one row. It never holds raw nodes, input values or keys: only
 * selectors, lengths, stripped URLs, error messages and custom event names with a short payload, all
 * through redactString.
 */
import { redactString } from "../../shared/redact.ts";
import type { FrictionReport, NarrativeRow } from "../../shared/report.ts";
import { createAnalysisContext } from "./context.ts";
import { isFailedRequest } from "./detect/network-error.ts";
import type { AnalyzeInput } from "./report.ts";
import { analyzeSession } from "./report.ts";
import { RULES } from "./rules.ts";
import { buildTimeline } from "./timeline.ts";

const MAX_DETAIL_CHARS = 160;
const MAX_PAYLOAD_CHARS = 80;
/** Scrolls on one target closer together than this are one row. */
const SCROLL_RUN_GAP_MS = 1_000;

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}

function shortPayload(payload: unknown): string {
  if (payload === undefined) return "";
  try {
    // Redacted before it is cut, so a cut can never leave half an e-mail address unrecognised.
    return clip(redactString(JSON.stringify(payload) ?? ""), MAX_PAYLOAD_CHARS);
  } catch {
    return "";
  }
}

/** The session as rows in time order; pass the report when you already have it (else it is computed). */
export function buildNarrative(input: AnalyzeInput, report?: FrictionReport): NarrativeRow[] {
  const tl = buildTimeline(Array.isArray(input.events) ? input.events : []);
  const ctx = createAnalysisContext(
    tl,
    input.collectorOrigin !== undefined ? { collectorOrigin: input.collectorOrigin } : {},
  );
  const rows: NarrativeRow[] = [];
  const add = (t: number, page: string, kind: string, target: string, detail: string): void => {
    rows.push({ t_ms: Math.max(0, Math.round(t)), page, kind, target, detail });
  };

  tl.visits.forEach((v, i) => add(v.t, v.url, "navigation", "", i === 0 ? "opened the page" : "navigated"));
  for (const c of tl.clicks) {
    add(c.t, c.page, "click", c.target.selector, c.target.text ? `"${c.target.text}"` : "");
  }
  let editStart = 0;
  for (let i = 0; i < tl.inputs.length; i++) {
    const input = tl.inputs[i]!;
    const next = tl.inputs[i + 1];
    if (next && next.target.key === input.target.key) continue;
    const first = tl.inputs[editStart]!;
    add(first.t, first.page, "input", input.target.selector, `typed ${input.length} chars`);
    editStart = i + 1;
  }
  let runStart = 0;
  for (let i = 0; i < tl.scrolls.length; i++) {
    const s = tl.scrolls[i]!;
    const next = tl.scrolls[i + 1];
    if (next && next.key === s.key && next.t - s.t < SCROLL_RUN_GAP_MS) continue;
    const first = tl.scrolls[runStart]!;
    const n = i - runStart + 1;
    add(
      first.t,
      first.page,
      "scroll",
      s.selector,
      `scrolled to y=${Math.round(s.y)}${n > 1 ? ` (${n} steps)` : ""}`,
    );
    runStart = i + 1;
  }
  for (const s of tl.submits) add(s.t, s.page, "submit", s.selector, "submit attempt");
  for (const e of tl.errors) if (!e.sdk) add(e.t, e.page, "error", "", e.message);
  for (const r of tl.network) {
    if (ctx.isCollectorUrl(r.url) || !isFailedRequest(r, RULES.networkError.minStatus)) continue;
    add(r.t, r.page, "network", `${r.method} ${r.url}`, r.status === 0 ? "failed" : `status ${r.status}`);
  }
  for (const c of tl.customs) add(c.t, c.page, "custom", c.tag, shortPayload(c.payload));
  const findings = (report ?? analyzeSession(input)).findings;
  for (const f of findings) {
    add(f.startMs, f.url, "finding", f.target?.selector ?? "", `${f.kind} (${f.severity}): ${f.evidence}`);
  }

  rows.sort((a, b) => a.t_ms - b.t_ms);
  return rows.map((row) => ({
    t_ms: row.t_ms,
    page: redactString(row.page),
    kind: row.kind,
    target: redactString(row.target),
    detail: clip(redactString(row.detail), MAX_DETAIL_CHARS),
  }));
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text with the header `t_ms,page,kind,target,detail` and `\n` line ends. */
export function toNarrativeCsv(rows: readonly NarrativeRow[]): string {
  const lines = ["t_ms,page,kind,target,detail"];
  for (const r of rows) lines.push([r.t_ms, r.page, r.kind, r.target, r.detail].map(csvField).join(","));
  return lines.join("\n") + "\n";
}
