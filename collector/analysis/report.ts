/**
 * analyzeSession: the stitched event stream of one session in, a FrictionReport (SPEC §4) out. Builds the
 * timeline once, runs every detector below over it, redacts every string a finding carries, and scores.
 * Never throws on odd input: malformed events are skipped, and a detector that fails on an input nobody
 * foresaw contributes no findings rather than sinking the whole report.
 */
import { redactString } from "../../shared/redact.ts";
import type { Finding, FrictionReport } from "../../shared/report.ts";
import type { RecordedEvent } from "../../shared/batch.ts";
import { type AnalysisContext, createAnalysisContext, type Detector } from "./context.ts";
import { detectDeadClicks } from "./detect/dead-click.ts";
import { detectErrorClicks } from "./detect/error-click.ts";
import { detectExcessiveScrolls } from "./detect/excessive-scroll.ts";
import { detectFormAbandons } from "./detect/form-abandon.ts";
import { detectFormErrorLoops } from "./detect/form-error-loop.ts";
import { detectJsErrors } from "./detect/js-error.ts";
import { detectNavigationLoops } from "./detect/navigation-loop.ts";
import { detectNetworkErrors, isFailedRequest } from "./detect/network-error.ts";
import { detectQuickBacks } from "./detect/quick-back.ts";
import { detectRageClicks } from "./detect/rage-click.ts";
import { detectSlowResponses } from "./detect/slow-response.ts";
import type { InputRecord } from "./records.ts";
import { RULES } from "./rules.ts";
import { frictionScore } from "./score.ts";
import { summarize } from "./summary.ts";
import { buildTimeline } from "./timeline.ts";

/** Every detector, one per Finding kind. */
export const DETECTORS: readonly Detector[] = [
  detectRageClicks,
  detectDeadClicks,
  detectErrorClicks,
  detectJsErrors,
  detectNetworkErrors,
  detectSlowResponses,
  detectQuickBacks,
  detectNavigationLoops,
  detectExcessiveScrolls,
  detectFormAbandons,
  detectFormErrorLoops,
];

export type AnalyzeInput = {
  sessionId: string;
  appId: string;
  /** One ordered timeline (stitch.ts), across the session's windows. */
  events: readonly RecordedEvent[];
  /** Origin of this collector; requests to it are never network findings. */
  collectorOrigin?: string;
};

function redactFinding(finding: Finding): Finding {
  return {
    ...finding,
    url: redactString(finding.url),
    evidence: redactString(finding.evidence),
    ...(finding.target
      ? {
        target: {
          selector: redactString(finding.target.selector),
          ...(finding.target.tag !== undefined ? { tag: finding.target.tag } : {}),
          ...(finding.target.text !== undefined ? { text: redactString(finding.target.text) } : {}),
        },
      }
      : {}),
  };
}

/** Runs every detector over `ctx`, sorted by start; a detector that throws contributes nothing. */
export function detectFindings(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const detect of DETECTORS) {
    try {
      for (const finding of detect(ctx)) findings.push(finding);
    } catch {
      // Real recordings vary; one detector's surprise must not hide the others' findings.
    }
  }
  return findings.map(redactFinding).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/** Consecutive input events on one field are one edit (rrweb records one per keystroke). */
function countFieldEdits(inputs: readonly InputRecord[]): number {
  let edits = 0;
  let previous = "";
  for (const input of inputs) {
    if (input.target.key !== previous) edits++;
    previous = input.target.key;
  }
  return edits;
}

function startedAt(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

export function analyzeSession(input: AnalyzeInput): FrictionReport {
  const timeline = buildTimeline(Array.isArray(input.events) ? input.events : []);
  const ctx = createAnalysisContext(timeline, {
    ...(input.collectorOrigin !== undefined ? { collectorOrigin: input.collectorOrigin } : {}),
  });
  const findings = detectFindings(ctx);
  const pages = timeline.visits.map((v) => redactString(v.url));
  const score = frictionScore(findings);
  return {
    sessionId: input.sessionId,
    appId: input.appId,
    startedAt: startedAt(timeline.startEpochMs),
    durationMs: Math.max(0, timeline.durationMs),
    rulesVersion: RULES.version,
    pages,
    frictionScore: score,
    findings,
    summary: summarize({ durationMs: timeline.durationMs, pages, findings, frictionScore: score }),
    stats: {
      clicks: timeline.clicks.length,
      pageviews: timeline.visits.length,
      errors: timeline.errors.filter((e) => !e.sdk).length,
      networkErrors:
        timeline.network.filter((r) =>
          isFailedRequest(r, RULES.networkError.minStatus) && !ctx.isCollectorUrl(r.url)
        ).length,
      inputs: countFieldEdits(timeline.inputs),
    },
  };
}
