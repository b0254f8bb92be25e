/**
 * From one finding to the friction issue it belongs to (SPEC §8): its route template, its per-kind key, its
 * fingerprint and a one-line title. Pure: the finding, the session's pages and the details of
 * `finding-context.ts` in, the issue's identity out.
 *
 * Keys per kind: click kinds (and a click's `slow_response`) → element key; `js_error` → normalised message
 * and top frame; `network_error` / a request's `slow_response` → `METHOD templated-path status-class`;
 * `quick_back` / `navigation_loop` → `routeA>routeB`; `excessive_scroll` → the scroll target's key; form
 * kinds → the form's key.
 */
import { redactString } from "../../shared/redact.ts";
import type { Finding, FindingKind } from "../../shared/report.ts";
import { elementKey } from "./element-key.ts";
import { endpointKey, type StatusClass, statusClass } from "./endpoint.ts";
import { errorKey, normalizeErrorMessage } from "./error-message.ts";
import { type FindingContext, nearest } from "./finding-context.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { type RouteTemplate, templateRoute } from "./route-template.ts";

/** Longest title kept: one line in a table or a notification. */
export const MAX_TITLE_CHARS = 160;

export type IssueIdentity = {
  fingerprint: string;
  kind: FindingKind;
  route: string;
  key: string;
  title: string;
  target?: { selector: string; tag?: string };
};

export type SessionGrouping = {
  appId: string;
  /** The report's pages: stripped URLs in visit order. */
  pages: readonly string[];
  context: FindingContext;
  templates: readonly RouteTemplate[];
};

const CLICK_KINDS: ReadonlySet<FindingKind> = new Set(["rage_click", "dead_click", "error_click"]);

const KIND_TITLES: Record<FindingKind, string> = {
  rage_click: "Rage clicks on",
  dead_click: "Dead click on",
  error_click: "Error after a click on",
  js_error: "JS error",
  network_error: "Failed request",
  slow_response: "Slow response",
  quick_back: "Quick back",
  navigation_loop: "Navigation loop",
  excessive_scroll: "Excessive scrolling of",
  form_abandon: "Form abandoned:",
  form_error_loop: "Repeated failed submits of",
};

/** The page visited after the first visit of `url` (for A→B pairs), or `url` itself at the end. */
function pageAfter(pages: readonly string[], url: string): string {
  const i = pages.indexOf(url);
  return i >= 0 && i + 1 < pages.length ? pages[i + 1]! : url;
}

/** The page A that was left for `url` and came back to right after (A, url, A), else the one before. */
function pageLeftFor(pages: readonly string[], url: string): string {
  for (let i = 1; i + 1 < pages.length; i++) {
    if (pages[i] === url && pages[i - 1] === pages[i + 1]) return pages[i - 1]!;
  }
  const i = pages.indexOf(url);
  return i > 0 ? pages[i - 1]! : url;
}

/** `"message"` at the start of a js_error's evidence, when the raw error event could not be matched. */
function messageFromEvidence(evidence: string): string {
  const quoted = /^"(.*)"\s/.exec(evidence);
  return (quoted?.[1] ?? evidence).replace(/…$/, "");
}

/** Method and URL at the start of a request finding's evidence (`GET /api/x answered 503 …`). */
function requestFromEvidence(evidence: string): { method: string; url: string } {
  const match = /^([A-Za-z]+) (\S+)/.exec(evidence);
  return { method: match?.[1] ?? "GET", url: match?.[2] ?? "" };
}

function requestKey(finding: Finding, session: SessionGrouping, cls: "error" | "slow"): string {
  const request = nearest(
    session.context.requests,
    finding.startMs,
    (r) => cls === "slow" || r.status === 0 || r.status >= 400,
  );
  const { method, url } = request ?? requestFromEvidence(finding.evidence);
  const status = request?.status ?? Number(/answered (\d{3})/.exec(finding.evidence)?.[1] ?? 0);
  const statusOf: StatusClass = cls === "slow" ? "slow" : statusClass(status);
  return endpointKey({ method, url, cls: statusOf }, finding.url, session.templates);
}

/** The issue key of `finding` and what its title says about the target. */
function keyOf(finding: Finding, route: string, session: SessionGrouping): { key: string; what: string } {
  const kind = finding.kind;
  const target = finding.target;
  switch (kind) {
    case "rage_click":
    case "dead_click":
    case "error_click":
    case "excessive_scroll":
    case "form_abandon":
    case "form_error_loop": {
      const key = elementKey(target?.selector ?? "", target?.tag ?? (kind.startsWith("form") ? "form" : ""));
      return { key, what: key };
    }
    case "slow_response": {
      if (target) {
        const key = elementKey(target.selector, target.tag);
        return { key, what: `to a click on ${key}` };
      }
      const key = requestKey(finding, session, "slow");
      return { key, what: `of ${key.replace(/ slow$/, "")}` };
    }
    case "js_error": {
      const error = nearest(session.context.errors, finding.startMs, () => true);
      const key = error
        ? errorKey(error.message, error.stack)
        : errorKey(messageFromEvidence(finding.evidence));
      return { key, what: normalizeErrorMessage(error?.message ?? messageFromEvidence(finding.evidence)) };
    }
    case "network_error": {
      const key = requestKey(finding, session, "error");
      return { key, what: key };
    }
    case "quick_back": {
      const from = templateRoute(pageLeftFor(session.pages, finding.url), session.templates);
      return { key: `${from}>${route}`, what: `from ${route} to ${from}` };
    }
    case "navigation_loop": {
      const next = templateRoute(pageAfter(session.pages, finding.url), session.templates);
      return { key: `${route}>${next}`, what: next === route ? `on ${route}` : `${route} ↔ ${next}` };
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function titleOf(kind: FindingKind, what: string, route: string): string {
  const head = `${KIND_TITLES[kind]} ${what}`;
  const onRoute = kind === "quick_back" || kind === "navigation_loop" ? head : `${head} on ${route}`;
  const line = redactString(onRoute.replace(/\s+/g, " "));
  return line.length > MAX_TITLE_CHARS ? `${line.slice(0, MAX_TITLE_CHARS - 1)}…` : line;
}

/** The friction issue `finding` belongs to. */
export function identifyIssue(finding: Finding, session: SessionGrouping): IssueIdentity {
  const route = templateRoute(finding.url, session.templates);
  const { key, what } = keyOf(finding, route, session);
  const clickTarget = CLICK_KINDS.has(finding.kind) || finding.kind === "excessive_scroll" ||
    finding.kind === "form_abandon" || finding.kind === "form_error_loop" ||
    (finding.kind === "slow_response" && finding.target !== undefined);
  return {
    fingerprint: fingerprintOf({ appId: session.appId, kind: finding.kind, route, key }),
    kind: finding.kind,
    route,
    key,
    title: titleOf(finding.kind, what, route),
    ...(clickTarget
      ? { target: { selector: key, ...(finding.target?.tag ? { tag: finding.target.tag } : {}) } }
      : {}),
  };
}
