/**
 * Labels, colours and formatting shared by the site's pages and components. Pure.
 */
import type { Finding, FindingKind, Severity } from "../../../shared/report.ts";

export const KIND_LABEL: Record<FindingKind, string> = {
  rage_click: "Rage click",
  dead_click: "Dead click",
  error_click: "Error click",
  js_error: "JS error",
  network_error: "Network error",
  slow_response: "Slow response",
  quick_back: "Quick back",
  navigation_loop: "Navigation loop",
  excessive_scroll: "Excessive scroll",
  form_abandon: "Form abandon",
  form_error_loop: "Form error loop",
};

/** One colour per kind for the charts; each has ≥ 3:1 contrast on white (WCAG non-text contrast). */
export const KIND_COLOR: Record<FindingKind, string> = {
  rage_click: "#b91c1c",
  dead_click: "#7c3aed",
  error_click: "#be185d",
  js_error: "#c2410c",
  network_error: "#a16207",
  slow_response: "#0e7490",
  quick_back: "#1d4ed8",
  navigation_loop: "#4d7c0f",
  excessive_scroll: "#0f766e",
  form_abandon: "#6d28d9",
  form_error_loop: "#9d174d",
};

export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** "1:05" or "1:02:05" from milliseconds. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A fixed, locale-free UTC time, so the built pages do not depend on the build machine. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The score's band, used for its colour and its text label (colour is never the only signal). */
export function scoreBand(score: number): "none" | "low" | "medium" | "high" {
  if (score <= 0) return "none";
  if (score < 30) return "low";
  if (score < 60) return "medium";
  return "high";
}

/** The findings most worth a look: highest severity first, then earliest. */
export function topFindings(findings: Finding[], n: number): Finding[] {
  return [...findings]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.startMs - b.startMs)
    .slice(0, n);
}

/** Kinds present, in the order of {@link KIND_LABEL}. */
export function kindsOf(findings: Finding[]): FindingKind[] {
  const present = new Set(findings.map((f) => f.kind));
  return (Object.keys(KIND_LABEL) as FindingKind[]).filter((k) => present.has(k));
}

/** Escapes JSON for a `<script type="application/json">` body (no `</script>` or `<!--` can close it). */
export function jsonForScript(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** "67 %", "3.4 %": a share of sessions, one decimal below 10 %. */
export function formatShare(share: number): string {
  const pct = share * 100;
  return `${pct > 0 && pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`;
}

/** The UTC dates (YYYY-MM-DD) of a trend of `days` values that ends on `until`'s day, oldest first. */
export function trendDays(until: string, days: number): string[] {
  const end = Math.floor(Date.parse(until) / 86_400_000);
  return Array.from({ length: days }, (_, i) => new Date((end - days + 1 + i) * 86_400_000).toISOString().slice(0, 10));
}
