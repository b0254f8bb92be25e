/**
 * Scores a scripted session's friction report against what its scenario expects, and the whole suite as
 * precision and recall. The unit is a finding kind per scenario: an expected kind counts as found when a
 * finding of that kind starts within the tolerance of the scripted action (and names the expected target,
 * when one is given); any other kind in the report is a false positive. Several findings of one expected
 * kind (three slow requests after three clicks) are one hit. A kind reported at the wrong time or target is
 * both a miss and a false positive.
 */
import type { Finding, FindingKind } from "../../shared/report.ts";

/** A finding the scenario must produce: its kind, near which marked action, and optionally on what. */
export type ExpectedFinding = { kind: FindingKind; at: string; selector?: string };

export type ScenarioScore = {
  found: FindingKind[];
  missed: Array<ExpectedFinding & { why: string }>;
  unexpected: FindingKind[];
};

/** How far (ms) a finding's start may lie from its action's recorded offset. */
export const START_TOLERANCE_MS = 1_000;

export function scoreScenario(opts: {
  expected: readonly ExpectedFinding[];
  findings: readonly Finding[];
  /** Offset (ms from session start) of each marked action. */
  marks: Readonly<Record<string, number>>;
  toleranceMs?: number;
}): ScenarioScore {
  const tolerance = opts.toleranceMs ?? START_TOLERANCE_MS;
  const found: FindingKind[] = [];
  const missed: ScenarioScore["missed"] = [];
  for (const want of opts.expected) {
    const at = opts.marks[want.at];
    const ofKind = opts.findings.filter((f) => f.kind === want.kind);
    const hit = at !== undefined &&
      ofKind.some((f) =>
        Math.abs(f.startMs - at) <= tolerance &&
        (want.selector === undefined || f.target?.selector === want.selector)
      );
    if (hit) {
      found.push(want.kind);
      continue;
    }
    const why = at === undefined
      ? `no mark "${want.at}" was recorded`
      : ofKind.length === 0
      ? "not reported"
      : `reported at ${
        ofKind.map((f) => `${f.startMs} ms on ${f.target?.selector ?? "-"}`).join(", ")
      }, expected near ${Math.round(at)} ms${want.selector ? ` on ${want.selector}` : ""}`;
    missed.push({ ...want, why });
  }
  const unexpected = [...new Set(opts.findings.map((f) => f.kind))].filter((kind) => !found.includes(kind));
  return { found, missed, unexpected };
}

export type SuiteScore = {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
};

/** Precision and recall over every scenario (1 when there is nothing to be wrong about). */
export function scoreSuite(scores: readonly ScenarioScore[]): SuiteScore {
  const tp = scores.reduce((n, s) => n + s.found.length, 0);
  const fp = scores.reduce((n, s) => n + s.unexpected.length, 0);
  const fn = scores.reduce((n, s) => n + s.missed.length, 0);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/** One line for the test output. */
export function formatSuiteScore(score: SuiteScore, scenarios: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `friction scenarios: ${scenarios} sessions, precision ${pct(score.precision)}, recall ${
    pct(score.recall)
  } ` +
    `(TP ${score.truePositives}, FP ${score.falsePositives}, FN ${score.falseNegatives})`;
}
