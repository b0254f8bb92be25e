/**
 * The report's summary: at most three plain sentences a person reads first — how long and where, the
 * worst finding, what else was seen. Redacted like everything else that leaves analysis.
 */
import { redactString } from "../../shared/redact.ts";
import type { Finding, FindingKind, Severity } from "../../shared/report.ts";
import { formatClock } from "./format.ts";

const LABEL: Record<FindingKind, string> = {
  rage_click: "rage click",
  dead_click: "dead click",
  error_click: "error after a click",
  js_error: "JS error",
  network_error: "network error",
  slow_response: "slow response",
  quick_back: "quick back",
  navigation_loop: "navigation loop",
  excessive_scroll: "excessive scrolling",
  form_abandon: "abandoned form",
  form_error_loop: "form error loop",
};
const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summarize(opts: {
  durationMs: number;
  pages: readonly string[];
  findings: readonly Finding[];
  frictionScore: number;
}): string {
  const { findings } = opts;
  const distinctPages = new Set(opts.pages).size;
  const where = `${formatSpan(opts.durationMs)} session across ${plural(distinctPages, "page")}`;
  if (findings.length === 0) return redactString(`A ${where} with no friction found.`);
  const sentences = [
    `A ${where} scored ${opts.frictionScore}/100 with ${plural(findings.length, "finding")}.`,
  ];
  const worst = [...findings].sort((a, b) =>
    RANK[a.severity] - RANK[b.severity] || a.startMs - b.startMs
  )[0]!;
  const on = worst.target ? ` on ${worst.target.selector}` : "";
  sentences.push(
    `The most severe is a ${worst.severity}-severity ${LABEL[worst.kind]}${on} at ${
      formatClock(worst.startMs)
    }.`,
  );
  const counts = new Map<FindingKind, number>();
  for (const f of findings) if (f !== worst) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  if (counts.size > 0) {
    const others = [...counts.entries()].map(([kind, n]) => `${n} ${LABEL[kind]}${n === 1 ? "" : "s"}`);
    sentences.push(`Also found: ${others.join(", ")}.`);
  }
  // Selectors and URLs are data; they must not add sentence breaks of their own.
  return redactString(sentences.map((s) => s.replace(/\s+/g, " ")).join(" "));
}
