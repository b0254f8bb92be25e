/**
 * How `rerun friction` prints issues on a terminal: a table with a sparkline per trend, and one issue's
 * page. Pure, so its output is tested without a collector.
 */
import type { FrictionIssue, FrictionIssueDetail } from "../../shared/friction.ts";
import { formatOffset, formatTable } from "../output.ts";

const BARS = "▁▂▃▄▅▆▇█";

/** Sessions per day as block characters, scaled to the busiest day (an empty day is the lowest bar). */
export function sparkline(trend: readonly number[]): string {
  const max = Math.max(0, ...trend);
  return trend.map((v) => BARS[max === 0 ? 0 : Math.min(7, Math.round((v / max) * 7))]).join("");
}

export const percent = (share: number): string =>
  `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The issues as a table; with a comparison, both shares and the change. */
export function formatIssueTable(issues: readonly FrictionIssue[], totalSessions: number): string {
  if (issues.length === 0) {
    return `No friction issues in this window (${totalSessions} settled sessions). Widen --since or drop filters.`;
  }
  const comparing = issues.some((i) => i.compare !== undefined);
  const header = comparing
    ? ["FINGERPRINT", "STATUS", "ISSUE", "SESSIONS", "SHARE", "WAS", "CHANGE", "TREND"]
    : ["FINGERPRINT", "STATUS", "ISSUE", "SESSIONS", "USERS", "SHARE", "TREND", "SINCE"];
  const rows = issues.map((i) => {
    const common = [i.fingerprint, i.status, cut(i.title, 70), String(i.sessions)];
    if (comparing) {
      const was = i.compare?.share ?? 0;
      const delta = i.share - was;
      return [
        ...common,
        percent(i.share),
        percent(was),
        `${delta >= 0 ? "+" : "−"}${percent(Math.abs(delta))}`,
        sparkline(i.trend),
      ];
    }
    return [
      ...common,
      String(i.users),
      percent(i.share),
      sparkline(i.trend),
      i.firstRelease ?? i.firstSeen.slice(0, 10),
    ];
  });
  return `${formatTable(header, rows)}\n\n${totalSessions} settled sessions in the window.`;
}

/** One issue: what, how much, since when, per release, and where to watch it. */
export function formatIssueDetail(issue: FrictionIssueDetail): string {
  const lines = [
    `${issue.title}`,
    `${issue.fingerprint} · ${issue.kind} · ${issue.route} · ${issue.status}`,
    ...(issue.target
      ? [`target: ${issue.target.selector}${issue.target.tag ? ` (${issue.target.tag})` : ""}`]
      : []),
    `${issue.sessions} sessions (${
      percent(issue.share)
    } of the route's), ${issue.users} users, ${issue.occurrences} occurrences`,
    `first seen ${issue.firstSeen}${
      issue.firstRelease ? ` in ${issue.firstRelease}` : ""
    }, last seen ${issue.lastSeen}${issue.lastRelease ? ` in ${issue.lastRelease}` : ""}`,
    `trend ${sparkline(issue.trend)}`,
  ];
  if (issue.releases.length > 0) {
    lines.push(
      "",
      formatTable(
        ["RELEASE", "SESSIONS", "SHARE"],
        issue.releases.map((r) => [r.release, String(r.sessions), percent(r.share)]),
      ),
    );
  }
  if (issue.examples.length > 0) {
    lines.push(
      "",
      formatTable(
        ["SESSION", "AT", "EVIDENCE"],
        issue.examples.map((e) => [e.sessionId, formatOffset(e.startMs), cut(e.evidence, 100)]),
      ),
    );
    lines.push(
      "",
      "Watch one: rerun analyze --session <SESSION>, or open it in the report site at that time.",
    );
  }
  return lines.join("\n");
}
